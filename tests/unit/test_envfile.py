"""`.env` parsing and updating keeps comments and unknown keys."""

import stat
from pathlib import Path

from sync.envfile import parse_env_text, render_updates, update_env_file


def test_it_parses_quotes_comments_and_export() -> None:
    text = (
        "# credentials\n"
        "export LASTFM_USER=alice\n"
        'PLAYLIST_NAME="My Mix (auto)"\n'
        "LIMIT=100             # tracks\n"
        "AUTO_SYNC_CRON=0 */6 * * *\n"
        "EMPTY=\n"
    )

    values = parse_env_text(text)

    assert values == {
        "LASTFM_USER": "alice",
        "PLAYLIST_NAME": "My Mix (auto)",
        "LIMIT": "100",
        "AUTO_SYNC_CRON": "0 */6 * * *",
        "EMPTY": "",
    }


def test_updates_keep_comments_and_unknown_keys() -> None:
    text = "# mine\nLIMIT=100  # tracks\nCUSTOM_THING=1\n"

    result = render_updates(text, {"LIMIT": "50", "PLAYLIST_NAME": "A B"})

    assert result == '# mine\nLIMIT=50\nCUSTOM_THING=1\n\nPLAYLIST_NAME="A B"\n'
    assert parse_env_text(result)["PLAYLIST_NAME"] == "A B"


def test_none_update_removes_key() -> None:
    assert render_updates("A=1\nB=2\n", {"A": None}) == "B=2\n"


def test_it_writes_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / ".env"

    update_env_file(path, {"LASTFM_USER": "alice"})

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "LASTFM_USER=alice\n"
