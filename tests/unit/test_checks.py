"""System checks name bad settings and config files."""

from pathlib import Path

from sync.checks import check_sync_settings


def test_it_warns_about_missing_lastfm_credentials() -> None:
    messages = check_sync_settings()

    assert [message.id for message in messages] == ["sync.W001"]


def test_it_reports_an_invalid_setting(write_env) -> None:
    write_env(LIMIT="lots")

    messages = check_sync_settings()

    assert [message.id for message in messages] == ["sync.W002"]
    assert "LIMIT='lots'" in messages[0].msg


def test_it_reports_a_malformed_overrides_file(write_env, isolated_home: Path) -> None:
    write_env(LASTFM_USER="alice", LASTFM_API_KEY="0123456789abcdef0123456789abcdef")
    (isolated_home / "config" / "search_overrides.json").write_text("{ nope")

    messages = check_sync_settings()

    assert [message.id for message in messages] == ["sync.W003"]
    assert "line 1" in messages[0].msg
