"""Parsing of Last.fm JSON bodies, on real captured bodies and edge shapes."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync.lastfm.errors import LastfmTransientError
from sync.lastfm.parsing import (
    as_list,
    int_of,
    parse_recent_tracks,
    parse_similar_artists,
    parse_top_tags,
    parse_user_info,
    text_of,
)
from sync.tracks import Scrobble


def load_body(shared_dir: Path, name: str) -> dict:
    path = shared_dir / "data" / "lastfm-api" / name
    return json.loads(path.read_text(encoding="utf-8"))


def row(artist: str, title: str, uts: str | None = "1712503800", **extra) -> dict:
    track = {
        "artist": {"mbid": "", "#text": artist},
        "name": title,
        "album": {"mbid": "", "#text": extra.pop("album", "")},
        "mbid": "",
    }
    if uts is not None:
        track["date"] = {"uts": uts, "#text": "07 Apr 2024, 15:30"}
    track.update(extra)
    return track


def test_it_parses_a_one_element_list(shared_dir):
    body = load_body(
        shared_dir, "user.getRecentTracks__lastfmdocs__limit1_not_playing.json"
    )

    page = parse_recent_tracks(body)

    assert page.scrobbles == [
        Scrobble(
            artist="Tame Impala",
            title="Feels Like We Only Go Backwards",
            album="Lonerism",
            played_at=datetime(2020, 10, 20, 10, 3, 58, tzinfo=UTC),
            track_mbid="1587517a-9b2b-385a-b044-673fddf88004",
            artist_mbid="63aa26c3-d59b-4da4-84ac-716b54f1ef4d",
        )
    ]
    assert page.page == 1
    assert page.per_page == 1
    assert page.total == 94618
    assert page.total_pages == 94618
    assert page.now_playing is None


def test_it_keeps_now_playing_apart(shared_dir):
    body = load_body(
        shared_dir, "user.getRecentTracks__duhnnie__nowplaying_perPage2_3tracks.json"
    )

    page = parse_recent_tracks(body)

    assert page.now_playing is not None
    assert page.now_playing.title == "Smile Like You Mean It"
    assert page.now_playing.played_at is None
    assert [s.title for s in page.scrobbles] == ["Mountains", "What We Came Here For"]
    assert page.scrobbles[0].played_at == datetime.fromtimestamp(1697381465, tz=UTC)
    assert page.scrobbles[0].track_mbid == "0268842d-7e27-4443-af74-a8bba51b08cd"
    assert page.per_page == 2
    assert page.total_pages == 30
    assert page.total == 60


def test_it_reads_the_extended_artist_shape(shared_dir):
    body = load_body(
        shared_dir, "user.getRecentTracks_extended__duhnnie__nowplaying_loved.json"
    )

    page = parse_recent_tracks(body)

    assert page.now_playing is not None
    assert page.now_playing.artist == "Mew"
    assert page.now_playing.title == "Symmetry"
    assert [s.artist for s in page.scrobbles] == ["Nine Inch Nails", "Tripping Daisy"]
    assert [s.title for s in page.scrobbles] == ["Echoplex", "Raindrop"]
    assert page.scrobbles[1].played_at == datetime.fromtimestamp(1697382463, tz=UTC)


def test_it_parses_the_legacy_2014_page(shared_dir):
    body = load_body(
        shared_dir, "user.getRecentTracks__inflatablefriends__multiple_2014.json"
    )

    page = parse_recent_tracks(body)

    assert len(page.scrobbles) == 20
    assert page.page == 0
    assert page.total == 76526
    assert page.scrobbles[0].artist == "Santana"
    assert page.scrobbles[0].title == "No One to Depend On"
    assert page.scrobbles[0].album == "Santana (III)"
    assert page.scrobbles[0].played_at == datetime.fromtimestamp(1419006075, tz=UTC)
    stamps = [s.played_at for s in page.scrobbles]
    assert stamps == sorted(stamps, reverse=True)


def test_it_parses_user_info(shared_dir):
    info = parse_user_info(load_body(shared_dir, "user.getInfo__lastfmdocs.json"))

    assert info.name == "user4"
    assert info.playcount == 138223
    assert info.registered == datetime.fromtimestamp(1561177193, tz=UTC)
    assert info.country == "United Kingdom"


def test_it_parses_real_similar_artists(shared_dir):
    body = load_body(
        shared_dir, "artist.getSimilar__duhnnie__queens_of_the_stone_age.json"
    )

    artists = parse_similar_artists(body)

    assert len(artists) == 5
    assert artists[0].match == 1.0
    assert artists[-1].match == pytest.approx(0.303181)


def test_it_parses_a_single_tag_object(shared_dir):
    body = load_body(
        shared_dir, "artist.getTopTags__inflatablefriends__single_tag_as_object.json"
    )

    tags = parse_top_tags(body)

    assert [(tag.name, tag.count) for tag in tags] == [("electronic", 100)]


def test_it_reads_tag_counts_as_numbers_or_strings(shared_dir):
    numbers = parse_top_tags(
        load_body(shared_dir, "artist.getTopTags__lastfmdocs__audioslave.json")
    )
    strings = parse_top_tags(
        load_body(shared_dir, "artist.getTopTags__inflatablefriends__multiple.json")
    )

    assert len(numbers) == 26
    assert all(isinstance(tag.count, int) for tag in numbers + strings)
    assert numbers[-1].count == 1


# Last.fm sends a list of one element as a bare object, and an empty history
# as an empty list, a missing key or the legacy attribute-only shape.


def test_single_dated_row_as_object():
    body = {
        "recenttracks": {
            "track": row("Artist A", "Only Song", album="Album A"),
            "@attr": {
                "user": "user_x",
                "page": "1",
                "perPage": "1",
                "totalPages": "25531",
                "total": "25531",
            },
        }
    }

    page = parse_recent_tracks(body)

    assert len(page.scrobbles) == 1
    assert page.scrobbles[0].artist == "Artist A"
    assert page.scrobbles[0].title == "Only Song"
    assert page.scrobbles[0].played_at == datetime.fromtimestamp(1712503800, tz=UTC)
    assert page.total_pages == 25531


@pytest.mark.parametrize(
    "container",
    [
        {
            "track": [],
            "@attr": {"total": "0", "page": "1", "perPage": "50", "totalPages": "0"},
        },
        {"@attr": {"total": "0", "page": "1", "perPage": "50", "totalPages": "0"}},
        {"#text": "\n", "user": "user_x", "total": "0", "page": "1", "totalPages": "0"},
    ],
    ids=["empty-list", "missing-track-key", "legacy-empty"],
)
def test_empty_history_shapes(container):
    page = parse_recent_tracks({"recenttracks": container})

    assert page.scrobbles == []
    assert page.now_playing is None
    assert page.total == 0
    assert page.total_pages == 0


def test_single_similar_artist_object():
    body = {
        "similarartists": {
            "artist": {"name": "Solo Similar", "match": "1", "mbid": ""},
            "@attr": {"artist": "Seed"},
        }
    }

    artists = parse_similar_artists(body)

    assert len(artists) == 1
    assert artists[0].name == "Solo Similar"
    assert artists[0].match == 1.0


def test_single_top_tag_with_numeric_count():
    body = {
        "toptags": {
            "tag": {"name": "shoegaze", "count": 100},
            "@attr": {"artist": "Seed"},
        }
    }

    assert [(tag.name, tag.count) for tag in parse_top_tags(body)] == [
        ("shoegaze", 100)
    ]


# Field-level quirks.


def test_it_unescapes_html_entities():
    body = {
        "recenttracks": {"track": [row("Simon &amp; Garfunkel", "Cecilia &#39;70")]}
    }

    scrobble = parse_recent_tracks(body).scrobbles[0]

    assert scrobble.artist == "Simon & Garfunkel"
    assert scrobble.title == "Cecilia '70"


def test_zero_timestamp_gives_no_date():
    body = {
        "recenttracks": {"track": [row("A", "B", uts="0"), row("C", "D", uts=None)]}
    }

    scrobbles = parse_recent_tracks(body).scrobbles

    assert [s.played_at for s in scrobbles] == [None, None]


def test_now_playing_row_is_never_a_scrobble():
    now = row("Artist A", "Now Song", uts=None, **{"@attr": {"nowplaying": "true"}})
    body = {"recenttracks": {"track": [now, row("Artist B", "Song B")]}}

    page = parse_recent_tracks(body)

    assert [s.title for s in page.scrobbles] == ["Song B"]
    assert page.now_playing == Scrobble(artist="Artist A", title="Now Song")


def test_rows_without_artist_or_title_are_dropped():
    body = {"recenttracks": {"track": [row("", "Song"), row("Artist", ""), "junk"]}}

    assert parse_recent_tracks(body).scrobbles == []


def test_unexpected_body_raises():
    with pytest.raises(LastfmTransientError, match="without 'recenttracks'"):
        parse_recent_tracks({"toptags": {}})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ([], []), ({"a": 1}, [{"a": 1}]), ([1, 2], [1, 2]), ("x", ["x"])],
)
def test_as_list(value, expected):
    assert as_list(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"#text": "AC/DC", "mbid": ""}, "AC/DC"),
        ({"name": "Extended"}, "Extended"),
        ({"title": "Album Title"}, "Album Title"),
        ("R&amp;B", "R&B"),
        (None, ""),
        ({}, ""),
        (42, "42"),
    ],
)
def test_text_of(value, expected):
    assert text_of(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("138223", 138223),
        (1561177193, 1561177193),
        ("", 0),
        (None, 0),
        ("x", 0),
        ("2.0", 2),
    ],
)
def test_int_of(value, expected):
    assert int_of(value) == expected
