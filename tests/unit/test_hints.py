"""Failure hints: what the user should do for each kind of failed sync."""

import errno
import socket
import sqlite3
from pathlib import Path

import pytest
import requests
from django.db import OperationalError

from sync import hints
from sync.conf import ConfigError
from sync.configfiles import ConfigFileError
from sync.lastfm.errors import LastfmError, LastfmTransientError, LastfmUserError
from sync.ytmusic.errors import YTMusicAuthError, YTMusicTransientError


def test_it_explains_expired_youtube_music_cookies() -> None:
    hint = hints.hint_for(YTMusicAuthError("HTTP 401", status=401))

    assert hint == hints.YTMUSIC_AUTH
    assert "paste them" in hint


@pytest.mark.parametrize("code", [10, 26])
def test_it_explains_an_invalid_lastfm_api_key(code: int) -> None:
    error = LastfmUserError("Invalid API key", code=code)

    hint = hints.hint_for(error)

    assert hint == hints.LASTFM_API_KEY.format(code=code)
    assert "LASTFM_API_KEY" in hint
    assert "https://www.last.fm/api/account/create" in hint


def test_it_explains_an_unknown_lastfm_user() -> None:
    hint = hints.hint_for(LastfmUserError("User not found", code=6))

    assert hint == hints.LASTFM_USER
    assert "LASTFM_USER" in hint


def test_it_explains_a_private_lastfm_history() -> None:
    assert hints.hint_for(LastfmUserError("Login", code=17)) == hints.LASTFM_PRIVATE


def test_it_explains_the_lastfm_rate_limit() -> None:
    error = LastfmTransientError("Rate Limit Exceeded", code=29, status=429)

    assert hints.hint_for(error) == hints.LASTFM_RATE_LIMIT


def test_it_explains_other_transient_lastfm_failures() -> None:
    error = LastfmTransientError("Service offline", code=11)

    assert hints.hint_for(error) == hints.LASTFM_UNAVAILABLE


def test_code_29_on_base_error() -> None:
    assert hints.hint_for(LastfmError("slow down", code=29)) == hints.LASTFM_RATE_LIMIT


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (requests.ConnectionError("Max retries exceeded"), "the connection failed"),
        (requests.ConnectTimeout("connect timed out"), "the connection failed"),
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            "a host name could not be resolved",
        ),
        (
            OSError(errno.ENETUNREACH, "Network is unreachable"),
            "Network is unreachable",
        ),
        (
            ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
            "Connection refused",
        ),
    ],
)
def test_it_explains_an_unreachable_network(error: Exception, detail: str) -> None:
    assert hints.hint_for(error) == hints.NETWORK.format(detail=detail)


def test_it_explains_a_full_disk(settings) -> None:
    error = OSError(errno.ENOSPC, "No space left on device")

    hint = hints.hint_for(error)

    assert hint == hints.DISK_FULL.format(home=settings.YTMT_HOME)
    assert str(settings.YTMT_HOME) in hint


def test_it_explains_a_full_sqlite_database(settings) -> None:
    error = OperationalError("database or disk is full")

    assert hints.hint_for(error) == hints.DISK_FULL.format(home=settings.YTMT_HOME)


def test_it_ignores_other_database_errors() -> None:
    assert hints.hint_for(OperationalError("database is locked")) == ""


def test_malformed_config_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config" / "search_overrides.json"
    error = ConfigFileError(path, "Expecting ',' delimiter", line=12)

    hint = hints.hint_for(error)

    assert hint.startswith(f"{path}, line 12 is malformed: Expecting ',' delimiter.")


def test_it_explains_an_invalid_setting() -> None:
    error = ConfigError("LIMIT", "abc", "use a whole number")

    assert hints.hint_for(error) == (
        "Change LIMIT on the Settings page or in .env (use a whole number)."
    )


def test_it_follows_the_error_cause() -> None:
    try:
        try:
            raise YTMusicAuthError("HTTP 401")
        except YTMusicAuthError as inner:
            raise RuntimeError("playlist update failed") from inner
    except RuntimeError as outer:
        wrapped = outer

    assert hints.hint_for(wrapped) == hints.YTMUSIC_AUTH


def test_class_name_match_without_module(monkeypatch) -> None:
    monkeypatch.setattr(hints.importlib, "import_module", _missing_module)

    class YTMusicAuthError(Exception):  # noqa: N818 - name of the real class
        pass

    class LastfmUserError(Exception):  # noqa: N818 - name of the real class
        code = 10

    assert hints.hint_for(YTMusicAuthError()) == hints.YTMUSIC_AUTH
    assert hints.hint_for(LastfmUserError()) == hints.LASTFM_API_KEY.format(code=10)


def _missing_module(name: str) -> None:
    raise ImportError(f"No module named {name!r}")


def test_falls_back_to_own_hint() -> None:
    error = YTMusicTransientError("HTTP 503")
    error.hint = "YouTube Music is busy; try again in a few minutes."

    assert hints.hint_for(error) == "YouTube Music is busy; try again in a few minutes."


def test_it_returns_nothing_for_an_unknown_error() -> None:
    assert hints.hint_for(ValueError("something else")) == ""


def test_sqlite_driver_full_error(settings) -> None:
    error = sqlite3.OperationalError("database or disk is full")

    assert hints.hint_for(error) == hints.DISK_FULL.format(home=settings.YTMT_HOME)


def test_missing_browser_json_hint() -> None:
    from sync.ytmusic.errors import YTMusicNotConfiguredError

    hint = hints.hint_for(YTMusicNotConfiguredError("/app/browser.json"))

    assert hint.startswith("YouTube Music is not set up yet.")
    assert "expired" not in hint
