"""Sync settings: defaults, parsing, legacy keys and error messages."""

import os
from datetime import time
from pathlib import Path

import pytest

from sync.conf import FIELDS, ConfigError, SyncSettings, load_sync_settings


def test_it_uses_lastfm_to_ytm_defaults() -> None:
    settings = load_sync_settings()

    assert settings.playlist_name == "Last.fm Recents (auto)"
    assert settings.limit == 100
    assert settings.recency_half_life_hours == 48
    assert settings.recency_play_weight == 0.7
    assert settings.recency_normalization == "linear"
    assert settings.recency_session_hours == (9, 23)
    assert settings.max_raw_scrobbles == 2000
    assert settings.search_max_queries == 8
    assert settings.weekly_keep_weeks == 2
    assert settings.weekly_playlist_privacy == "PRIVATE"
    assert settings.lastfm_api_url == "https://ws.audioscrobbler.com/2.0/"
    assert settings.ytmusic_client_factory == "ytmusicapi.YTMusic"
    assert settings.cache_overrides_file == "config/search_overrides.json"


def test_every_field_has_a_settings_attribute() -> None:
    attributes = {f.name for f in SyncSettings.__dataclass_fields__.values()}
    server_only = {
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "DATABASE_URL",
        "DEBUG",
    }

    for spec in FIELDS:
        if spec.key not in server_only:
            assert spec.key.lower() in attributes, spec.key


def test_it_reads_an_existing_lastfm_to_ytm_env(write_env) -> None:
    write_env(
        LASTFM_USER="alice",
        LASTFM_API_KEY="abc",
        LIMIT=50,
        USE_RECENCY_WEIGHTING="false",
        WEEKLY_WEEK_START="sun",
        WEEKLY_TIMEZONE="Europe/Berlin",
        CACHE_PLAYLIST_FILE="cache/.playlist_cache.json",
        LASTFM_FORCE_IPV4="true",
    )

    settings = load_sync_settings()

    assert settings.lastfm_user == "alice"
    assert settings.limit == 50
    assert settings.use_recency_weighting is False
    assert settings.weekly_week_start == "SUN"
    assert settings.week_timezone == "Europe/Berlin"


def test_environment_wins_over_env_file(write_env, monkeypatch) -> None:
    write_env(LIMIT=50)
    monkeypatch.setenv("LIMIT", "70")

    settings = load_sync_settings()

    assert settings.limit == 70
    assert "LIMIT" in settings.from_environment


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("LIMIT", "lots", "whole number"),
        ("LIMIT", "0", "from 1 to 5000"),
        ("PLAYLIST_PRIVACY", "SECRET", "PRIVATE, UNLISTED, PUBLIC"),
        ("RECENCY_PLAY_WEIGHT", "1.5", "from 0 to 1"),
        ("RECENCY_SESSION_HOURS", "nine", "START-END"),
        ("TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("USE_ANON_SEARCH", "maybe", "true or false"),
        ("AUTO_SYNC_CRON", "every hour", "five cron fields"),
        ("AUTO_SYNC_START_TIME", "25:00", "HH:MM"),
        ("YTMUSIC_CLIENT_FACTORY", "not a path", "dotted Python path"),
        ("LASTFM_API_URL", "ftp://example.org", "http"),
    ],
)
def test_it_names_key_value_and_allowed_values(
    write_env, key: str, value: str, allowed: str
) -> None:
    write_env(**{key: value})

    with pytest.raises(ConfigError) as raised:
        load_sync_settings()

    assert raised.value.key == key
    assert f"{key}={value!r}" in str(raised.value)
    assert allowed in str(raised.value)


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [("true", "PUBLIC"), ("false", "PRIVATE"), ("UNLISTED", "UNLISTED")],
)
def test_it_honours_make_public_with_a_warning(
    write_env, legacy: str, expected: str
) -> None:
    write_env(MAKE_PUBLIC=legacy)

    settings = load_sync_settings()

    assert settings.playlist_privacy == expected
    assert settings.weekly_playlist_privacy == expected
    assert "MAKE_PUBLIC is deprecated" in settings.warnings[0]


def test_playlist_privacy_wins_over_make_public(write_env) -> None:
    write_env(MAKE_PUBLIC="true", PLAYLIST_PRIVACY="UNLISTED")

    settings = load_sync_settings()

    assert settings.playlist_privacy == "UNLISTED"
    assert "ignored" in settings.warnings[0]


def test_it_derives_the_weekly_prefix(write_env) -> None:
    write_env(PLAYLIST_NAME="My Mix (auto)")

    assert load_sync_settings().weekly_prefix == "My Mix"


def test_it_parses_schedule_values(write_env) -> None:
    write_env(AUTO_SYNC_START_TIME="03:30", AUTO_SYNC_CRON="15  */4 * * *")

    settings = load_sync_settings()

    assert settings.auto_sync_start_time == time(3, 30)
    assert settings.auto_sync_cron == "15 */4 * * *"


def test_it_reads_a_secret_from_a_file(write_env, tmp_path: Path) -> None:
    secret = tmp_path / "lastfm_key"
    secret.write_text("0123456789abcdef0123456789abcdef\n")
    write_env(LASTFM_API_KEY_FILE=secret)

    settings = load_sync_settings()

    assert settings.lastfm_api_key == "0123456789abcdef0123456789abcdef"


def test_it_names_an_unreadable_secret_file(write_env, tmp_path: Path) -> None:
    write_env(LASTFM_API_KEY_FILE=tmp_path / "missing")

    with pytest.raises(ConfigError) as raised:
        load_sync_settings()

    assert raised.value.key == "LASTFM_API_KEY_FILE"


def test_relative_paths_resolve_against_the_app_folder(
    write_env, isolated_home: Path
) -> None:
    write_env(YTM_AUTH_PATH="secrets/browser.json")

    settings = load_sync_settings()

    assert settings.auth_path == isolated_home / "secrets" / "browser.json"
    assert settings.overrides_path == isolated_home / "config" / "search_overrides.json"


def test_env_file_keys_are_not_reported_as_environment(tmp_path: Path) -> None:
    """Django's start-up must not copy .env into os.environ."""
    import subprocess
    import sys

    (tmp_path / "cache").mkdir()
    (tmp_path / ".env").write_text("LIMIT=50\nLASTFM_USER=bob\n")
    script = (
        "import os, django; django.setup();"
        "from sync.conf import load_sync_settings;"
        "s = load_sync_settings();"
        "print(s.limit, sorted(s.from_environment), 'LIMIT' in os.environ)"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {spec.key for spec in FIELDS}
    }
    environment.update(YTMT_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="ytmt.settings")
    environment.pop("YTMT_ENV_FILE", None)

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )

    assert result.stdout.strip() == "50 [] False"
