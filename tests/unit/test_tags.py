"""Tag cleaning: junk tags dropped, spellings folded, weak tags cut."""

import pytest

from sync.lastfm.parsing import Tag
from sync.tags import (
    DEFAULT_BLOCKLIST,
    artists_for_tag,
    display_name,
    parse_blocklist,
    tag_key,
    top_tags,
)

LIBRARY = {
    "Artist 1": [Tag("seen live", 100), Tag("indie rock", 90), Tag("Hip-Hop", 5)],
    "Artist 2": [Tag("hip hop", 100), Tag("seen live", 60), Tag("rap", 50)],
    "Artist 3": [Tag("Hip-Hop", 100), Tag("favorites", 40)],
}
EQUAL_PLAYS = {"Artist 1": 1.0, "Artist 2": 1.0, "Artist 3": 1.0}


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (["Hip-Hop", "hip hop", "hiphop", "HIP HOP"], True),
        (["Post-Rock", "post rock", "postrock"], True),
        (["Drum & Bass", "drum and bass", "Drum+Bass"], True),
        (["Électro", "électro"], True),
        (["rock", "rap"], False),
    ],
)
def test_tag_keys_fold_spellings(names: list[str], same: bool) -> None:
    keys = {tag_key(name) for name in names}

    assert (len(keys) == 1) is same


def test_top_tags_skip_junk_and_fold_spellings() -> None:
    blocklist = parse_blocklist("")

    ranked = top_tags(LIBRARY, EQUAL_PLAYS, 3, blocklist)

    assert [tag.name for tag in ranked] == ["Hip Hop", "Indie Rock", "Rap"]
    assert [tag.key for tag in ranked] == ["hiphop", "indierock", "rap"]


def test_tag_members_need_the_minimum_count() -> None:
    blocklist = parse_blocklist("")

    members = artists_for_tag(LIBRARY, "hiphop", 50, blocklist)

    assert members == ["Artist 2", "Artist 3"]


def test_display_name_ignores_casing() -> None:
    assert display_name("Hip-Hop") == display_name("hip hop") == "Hip Hop"


def test_blocklist_setting_replaces_default() -> None:
    blocklist = parse_blocklist("Rap, indie rock")

    ranked = top_tags(LIBRARY, EQUAL_PLAYS, 3, blocklist)

    assert [tag.name for tag in ranked] == ["Hip Hop", "Seen Live", "Favorites"]


def test_default_blocklist_covers_junk() -> None:
    blocked = parse_blocklist("")

    for name in (
        "seen live",
        "Favorites",
        "favourite",
        "awesome",
        "love",
        "albums i own",
        "Spotify",
    ):
        assert tag_key(name) in blocked, name
    assert len(DEFAULT_BLOCKLIST) >= 8


def test_plays_weight_the_ranking() -> None:
    library = {"A": [Tag("jazz", 100)], "B": [Tag("metal", 100)]}

    ranked = top_tags(library, {"A": 1.0, "B": 5.0}, 2, parse_blocklist(""))

    assert [tag.key for tag in ranked] == ["metal", "jazz"]
