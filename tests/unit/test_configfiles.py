"""config/search_overrides.json: lastfm-to-ytm's format, read and written."""

import json
from pathlib import Path

import pytest

from sync.configfiles import (
    ConfigFileError,
    add_blacklisted_artist,
    load_overrides,
    parse_video_id,
    remove_override,
    set_override,
)

LEGACY_FILE = {
    "_comment": "Manual search overrides",
    "_overrides": {
        "rick astley|never gonna give you up": {
            "artist": "Rick Astley",
            "title": "Never Gonna Give You Up",
            "video_id": "dQw4w9WgXcQ",
            "reason": "wrong version found",
        }
    },
    "_blacklist": {
        "artist name|track name": {"artist": "Artist Name", "title": "Track Name"}
    },
    "_blacklist_artists": ["Some Artist"],
}


@pytest.fixture
def overrides_path(isolated_home: Path) -> Path:
    return isolated_home / "config" / "search_overrides.json"


def test_missing_file_means_no_overrides(overrides_path: Path) -> None:
    overrides = load_overrides(overrides_path)

    assert overrides.overrides == {}
    assert overrides.blacklist == {}


def test_it_reads_the_lastfm_to_ytm_format(overrides_path: Path) -> None:
    overrides_path.write_text(json.dumps(LEGACY_FILE))

    overrides = load_overrides(overrides_path)

    assert overrides.override_for(
        "Rick Astley", "Never Gonna Give You Up"
    ).video_id == ("dQw4w9WgXcQ")
    assert overrides.is_blacklisted("Artist Name", "Track Name")
    assert overrides.is_artist_blacklisted("some artist")
    assert not overrides.is_artist_blacklisted("Other Artist")


def test_it_reads_bare_video_ids_as_overrides(overrides_path: Path) -> None:
    overrides_path.write_text(json.dumps({"_overrides": {"a|b": "dQw4w9WgXcQ"}}))

    assert (
        load_overrides(overrides_path).override_for("A", "B").video_id == "dQw4w9WgXcQ"
    )


def test_it_names_the_line_of_invalid_json(overrides_path: Path) -> None:
    overrides_path.write_text('{\n  "_overrides": {\n    "a|b": {\n}\n')

    with pytest.raises(ConfigFileError) as raised:
        load_overrides(overrides_path)

    assert raised.value.path == overrides_path
    assert raised.value.line is not None
    assert "invalid JSON" in str(raised.value)


def test_bad_video_id_names_line(overrides_path: Path) -> None:
    overrides_path.write_text(
        '{\n  "_overrides": {\n    "a|b": {"video_id": "short"}\n  }\n}\n'
    )

    with pytest.raises(ConfigFileError) as raised:
        load_overrides(overrides_path)

    assert raised.value.line == 3
    assert "'short'" in str(raised.value)


def test_writes_keep_the_files_other_content(overrides_path: Path) -> None:
    overrides_path.write_text(json.dumps(LEGACY_FILE))

    set_override(overrides_path, "Björk", "Jóga", "abcdefghijk", reason="manual")
    add_blacklisted_artist(overrides_path, "Noise Band")
    remove_override(overrides_path, "rick astley|never gonna give you up")

    document = json.loads(overrides_path.read_text())
    assert document["_comment"] == "Manual search overrides"
    assert document["_overrides"]["björk|jóga"]["video_id"] == "abcdefghijk"
    assert "rick astley|never gonna give you up" not in document["_overrides"]
    assert set(document["_blacklist_artists"]) == {"some artist", "noise band"}
    assert "artist name|track name" in document["_blacklist"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDAMVM", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ"),
        ("youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://example.com/watch?v=dQw4w9WgXcQ", None),
        ("dQw4w9WgXc", None),
        ("", None),
    ],
)
def test_it_parses_video_ids(text: str, expected: str | None) -> None:
    assert parse_video_id(text) == expected
