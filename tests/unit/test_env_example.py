"""The root .env.example documents every setting with its default."""

import os
import re
import subprocess
import sys
from pathlib import Path

from sync.conf import FIELDS, load_sync_settings
from sync.envfile import parse_env_text

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / ".env.example"
# Read by ytmt/settings.py and ytmt/secret.py, not by sync/conf.py. They stay
# commented out because an empty SECRET_KEY is rejected at start-up.
DJANGO_KEYS = {"SECRET_KEY", "SECRET_KEY_FILE"}
COMMENTED_KEY = re.compile(r"^#\s?([A-Z][A-Z0-9_]*)=")


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_it_sets_exactly_the_fields() -> None:
    active = list(parse_env_text(example_text()))

    assert sorted(active) == sorted(spec.key for spec in FIELDS)
    assert len(active) == len(FIELDS)


def test_it_lists_django_secret_keys_commented_out() -> None:
    commented = {
        match.group(1)
        for line in example_text().splitlines()
        if (match := COMMENTED_KEY.match(line))
    }

    assert commented == DJANGO_KEYS


def test_it_shows_each_default() -> None:
    values = parse_env_text(example_text())

    for spec in FIELDS:
        assert values[spec.key] == spec.default, spec.key


def test_it_keeps_field_order_and_help() -> None:
    lines = example_text().splitlines()
    key_lines = [line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z]", line)]
    assert key_lines == [spec.key for spec in FIELDS]

    for spec in FIELDS:
        index = next(
            i for i, line in enumerate(lines) if line.startswith(f"{spec.key}=")
        )
        comment: list[str] = []
        for line in reversed(lines[:index]):
            if not line.startswith("# "):
                break
            comment.insert(0, line[2:])
        assert " ".join(comment).startswith(str(spec.help)), spec.key


def test_it_explains_secret_key_choices() -> None:
    text = example_text()

    assert "cache/secret_key" in text
    assert "python -c 'import secrets; print(secrets.token_urlsafe(50))'" in text
    assert "/run/secrets/" in text


def test_it_loads_as_valid_sync_settings(isolated_home: Path) -> None:
    (isolated_home / ".env").write_text(example_text(), encoding="utf-8")

    loaded = load_sync_settings()

    assert loaded.limit == 100
    assert loaded.playlist_name == "Last.fm Recents (auto)"
    assert loaded.lastfm_api_url == "https://ws.audioscrobbler.com/2.0/"
    assert loaded.warnings == ()


def test_it_starts_django_when_used_as_env(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {spec.key for spec in FIELDS} | DJANGO_KEYS
    }
    env.update(
        YTMT_HOME=str(tmp_path),
        YTMT_ENV_FILE=str(EXAMPLE),
        DJANGO_SETTINGS_MODULE="ytmt.settings",
    )
    code = (
        "import django; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.DEBUG)"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert completed.stderr == ""
    assert completed.stdout.strip() == "django.db.backends.sqlite3 ['*'] False"
    assert (tmp_path / "cache" / "secret_key").is_file()
