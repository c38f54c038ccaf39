"""Ranking of scrobbles into playlist candidates, with a fixed clock."""

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from sync.conf import load_sync_settings
from sync.ranking import in_session, merge_key, normalise_plays, rank_tracks
from sync.tracks import Scrobble
from tests.support.histories import history_path, load_history, shift_to_now

NOW = datetime(2024, 4, 7, 12, 0, tzinfo=UTC)


def settings(**values: object):
    return load_sync_settings(
        overrides={key: str(value) for key, value in values.items()}
    )


def plays(
    artist: str, title: str, count: int, hours_ago: float = 0, album: str = ""
) -> list[Scrobble]:
    """``count`` scrobbles one minute apart, the newest ``hours_ago`` hours ago."""
    newest = NOW - timedelta(hours=hours_ago)
    return [
        Scrobble(artist, title, album, newest - timedelta(minutes=n))
        for n in range(count)
    ]


def at(artist: str, title: str, moment: datetime) -> Scrobble:
    return Scrobble(artist, title, "", moment)


def summary(tracks) -> list[tuple[str, int]]:
    return [(track.title, track.plays) for track in tracks]


def test_album_editions_count_as_one_song():
    """Standard, deluxe and album-less plays of one song merge; "(Live)" stays."""
    scrobbles = [
        *plays("Artist P", "Song One", 5, hours_ago=1, album="Record"),
        *plays("Artist P", "Song One", 4, hours_ago=2, album="Record (Deluxe Edition)"),
        *plays("artist p", "song one", 1, hours_ago=3),
        *plays("Artist Q", "Song Two", 7, hours_ago=1, album="Other"),
        *plays(
            "Artist P", "Song One (Live)", 3, hours_ago=1, album="Live at Somewhere"
        ),
    ]

    ranked = rank_tracks(scrobbles, settings(RECENCY_PLAY_WEIGHT=1), NOW)

    assert summary(ranked[:2]) == [("Song One", 10), ("Song Two", 7)]
    assert summary(ranked) == [
        ("Song One", 10),
        ("Song Two", 7),
        ("Song One (Live)", 3),
    ]
    assert ranked[0].artist == "Artist P"
    assert ranked[0].album == "Record"
    assert ranked[0].merged_keys == []
    assert ranked[0].last_played == NOW - timedelta(hours=1)
    assert ranked[0].first_played == NOW - timedelta(hours=3)


def test_feat_credits_merge_and_are_listed():
    scrobbles = [
        *plays("Artist P", "Song One", 2, hours_ago=1),
        *plays("Artist P", "Song One (feat. Guest)", 2, hours_ago=2),
        *plays("Artist P feat. Guest", "Song One", 1, hours_ago=3),
    ]

    ranked = rank_tracks(scrobbles, settings(), NOW)

    assert len(ranked) == 1
    assert ranked[0].plays == 5
    # Equal play counts: the most recently played spelling names the track.
    assert ranked[0].title == "Song One"
    assert ranked[0].merged_keys == [
        "artist p feat. guest|song one",
        "artist p|song one (feat. guest)",
    ]


def test_main_spelling_is_the_most_played():
    scrobbles = [
        *plays("ARTIST", "SONG", 1, hours_ago=0),
        *plays("Artist", "Song", 3, 5),
    ]

    ranked = rank_tracks(scrobbles, settings(), NOW)

    assert (ranked[0].artist, ranked[0].title) == ("Artist", "Song")
    assert ranked[0].plays == 4


@pytest.mark.parametrize(
    ("artist", "title", "expected"),
    [
        ("Artist", "Song (feat. Guest)", "artist|song"),
        ("Artist", "Song [Feat. Guest]", "artist|song"),
        ("Artist", "Song ft. Guest", "artist|song"),
        ("Artist featuring Guest", "Song", "artist|song"),
        ("Artist", "Song (Live)", "artist|song (live)"),
        ("Artist", "Song (Switch Remix)", "artist|song (switch remix)"),
        (
            "Daler Mehndi, M. M. Keeravaani & Mounima",
            "Song",
            "daler mehndi, m. m. keeravaani & mounima|song",
        ),
        ("Artist", "U\u200b \u200bNever", "artist|u never"),
        ("Ft. Lauderdale", "Song", "ft. lauderdale|song"),
    ],
)
def test_merge_key(artist, title, expected):
    assert merge_key(artist, title) == expected


# Play-count normalisation: three songs played 4, 2 and 1 times just now,
# so recency is 1 for all and score = 0.7 * play_score + 0.3.
NORMALISED = {
    "linear": [1.0, 0.5, 0.25],
    "log": [1.0, math.log(3) / math.log(5), math.log(2) / math.log(5)],
    "rank": [1.0, 2 / 3, 1 / 3],
}


@pytest.mark.parametrize("method", ["linear", "log", "rank"])
def test_play_normalisation(method):
    scrobbles = [*plays("A", "Four", 4), *plays("A", "Two", 2), *plays("A", "One", 1)]

    ranked = rank_tracks(scrobbles, settings(RECENCY_NORMALIZATION=method), NOW)

    assert [t.title for t in ranked] == ["Four", "Two", "One"]
    expected = [0.7 * value + 0.3 for value in NORMALISED[method]]
    assert [t.score for t in ranked] == pytest.approx(expected)


def test_rank_normalisation_shares_places():
    assert normalise_plays([5, 5, 1, 3], "rank") == [1.0, 1.0, 0.25, 0.5]


def test_unknown_normalisation_raises():
    with pytest.raises(ValueError, match="RECENCY_NORMALIZATION='cubic' is invalid"):
        normalise_plays([1], "cubic")


@pytest.mark.parametrize(
    ("hours_ago", "half_life", "expected"),
    [
        (0, 48, 1.0),
        (48, 48, 0.7 + 0.3 * 0.5),
        (96, 48, 0.7 + 0.3 * 0.25),
        (24, 12, 0.7 + 0.3 * 0.25),
        (-2, 48, 1.0),
    ],
    ids=["now", "one-half-life", "two-half-lives", "short-half-life", "future"],
)
def test_recency_decay(hours_ago, half_life, expected):
    scrobbles = plays("A", "Song", 1, hours_ago=hours_ago)

    ranked = rank_tracks(scrobbles, settings(RECENCY_HALF_LIFE_HOURS=half_life), NOW)

    assert ranked[0].score == pytest.approx(expected)


def test_play_weight_trades_plays_for_recency():
    scrobbles = [
        *plays("A", "Old favourite", 10, hours_ago=24 * 30),
        *plays("A", "New", 1),
    ]

    by_plays = rank_tracks(scrobbles, settings(RECENCY_PLAY_WEIGHT=0.9), NOW)
    by_recency = rank_tracks(scrobbles, settings(RECENCY_PLAY_WEIGHT=0.05), NOW)

    assert [t.title for t in by_plays] == ["Old favourite", "New"]
    assert [t.title for t in by_recency] == ["New", "Old favourite"]


def test_min_plays_gate():
    scrobbles = [*plays("A", "Three", 3), *plays("A", "Two", 2), *plays("A", "One", 1)]

    ranked = rank_tracks(scrobbles, settings(RECENCY_MIN_PLAYS=2), NOW)

    assert summary(ranked) == [("Three", 3), ("Two", 2)]


def test_min_plays_gate_can_leave_nothing():
    assert rank_tracks(plays("A", "One", 1), settings(RECENCY_MIN_PLAYS=5), NOW) == []


def test_velocity_favours_recent_repeats():
    # Old: 6 plays four days ago. Hot: 3 plays in the last half-life (48 h).
    scrobbles = [
        *plays("A", "Old", 6, hours_ago=96),
        *plays("A", "Hot", 3, hours_ago=1),
    ]
    base = {"RECENCY_PLAY_WEIGHT": 1}

    without = rank_tracks(scrobbles, settings(**base), NOW)
    with_velocity = rank_tracks(
        scrobbles, settings(**base, RECENCY_VELOCITY_WEIGHT=1), NOW
    )
    half = rank_tracks(scrobbles, settings(**base, RECENCY_VELOCITY_WEIGHT=0.5), NOW)

    assert [(t.title, t.score) for t in without] == [("Old", 1.0), ("Hot", 0.5)]
    assert [(t.title, t.score) for t in with_velocity] == [("Hot", 1.0), ("Old", 0.0)]
    assert [(t.title, t.score) for t in half] == [("Hot", 0.75), ("Old", 0.5)]


def test_session_hours_boost_plays_in_listening_hours():
    berlin_night = datetime(2024, 4, 6, 21, 30, tzinfo=UTC)  # 23:30 in Berlin
    berlin_noon = datetime(2024, 4, 6, 10, 0, tzinfo=UTC)  # 12:00 in Berlin
    scrobbles = [at("A", "Night", berlin_night), at("A", "Noon", berlin_noon)]
    options = {
        "RECENCY_PLAY_WEIGHT": 1,
        "RECENCY_SESSION_WEIGHTING": "true",
        "RECENCY_SESSION_HOURS": "22-4",
        "RECENCY_SESSION_TIMEZONE": "Europe/Berlin",
    }

    ranked = rank_tracks(scrobbles, settings(**options), NOW)
    off = rank_tracks(scrobbles, settings(RECENCY_PLAY_WEIGHT=1), NOW)

    assert [(t.title, t.score) for t in ranked] == [("Night", 1.25), ("Noon", 1.0)]
    # Without the boost the scores tie and the later play wins.
    assert [t.title for t in off] == ["Night", "Noon"]
    assert [t.score for t in off] == [1.0, 1.0]


def test_session_share_counts_each_play():
    inside = datetime(2024, 4, 6, 10, 0, tzinfo=UTC)
    outside = datetime(2024, 4, 6, 3, 0, tzinfo=UTC)
    scrobbles = [at("A", "Half", inside), at("A", "Half", outside)]
    options = {
        "RECENCY_PLAY_WEIGHT": 1,
        "RECENCY_SESSION_WEIGHTING": "true",
        "RECENCY_SESSION_HOURS": "9-23",
        "TIMEZONE": "UTC",
    }

    ranked = rank_tracks(scrobbles, settings(**options), NOW)

    assert ranked[0].score == pytest.approx(1.125)


@pytest.mark.parametrize(
    ("hour", "hours", "expected"),
    [
        (9, (9, 23), True),
        (22, (9, 23), True),
        (23, (9, 23), False),
        (8, (9, 23), False),
        (23, (22, 4), True),
        (0, (22, 4), True),
        (3, (22, 4), True),
        (4, (22, 4), False),
        (12, (22, 4), False),
        (23, (0, 24), True),
        (5, (7, 7), True),
    ],
)
def test_in_session(hour, hours, expected):
    assert in_session(hour, hours) is expected


def test_undated_plays_count_but_are_never_recent():
    undated = [Scrobble("A", "Undated", "", None) for _ in range(3)]
    mixed = [*plays("A", "Mixed", 1, hours_ago=10), Scrobble("A", "Mixed", "", None)]

    ranked = rank_tracks([*mixed, *undated], settings(), NOW)

    by_title = {t.title: t for t in ranked}
    assert by_title["Undated"].plays == 3
    assert by_title["Undated"].last_played is None
    assert by_title["Undated"].score == pytest.approx(0.7)
    assert by_title["Mixed"].plays == 2
    assert by_title["Mixed"].last_played == NOW - timedelta(hours=10)


def test_ties_break_by_recency_then_plays_then_key():
    scrobbles = [
        *plays("B", "Same", 1, hours_ago=5),
        *plays("A", "Same", 1, hours_ago=5),
        *plays("C", "Later", 1, hours_ago=1),
    ]

    ranked = rank_tracks(scrobbles, settings(RECENCY_PLAY_WEIGHT=1), NOW)

    assert [t.key for t in ranked] == ["c|later", "a|same", "b|same"]


def test_order_does_not_depend_on_input_order():
    scrobbles = [
        *plays("A", "One", 3, hours_ago=2),
        *plays("B", "Two", 3, hours_ago=2),
        *plays("C", "Three", 1, hours_ago=0),
        Scrobble("D", "Four", "", None),
    ]
    expected = [t.key for t in rank_tracks(scrobbles, settings(), NOW)]

    shuffled = list(scrobbles)
    random.Random(3).shuffle(shuffled)

    assert [t.key for t in rank_tracks(shuffled, settings(), NOW)] == expected


def test_naive_now_is_read_as_utc():
    scrobbles = plays("A", "Song", 1, hours_ago=48)

    aware = rank_tracks(scrobbles, settings(), NOW)
    naive = rank_tracks(scrobbles, settings(), NOW.replace(tzinfo=None))

    assert naive[0].score == aware[0].score


# Weighting off: most recent scrobbles.


def test_most_recent_unique_tracks():
    scrobbles = [
        *plays("A", "Newest", 1, hours_ago=0),
        *plays("A", "Repeat", 1, hours_ago=1),
        *plays("A", "Middle", 1, hours_ago=2),
        *plays("A", "Repeat", 4, hours_ago=3),
        Scrobble("A", "Undated", "", None),
    ]
    options = {"USE_RECENCY_WEIGHTING": "false", "DEDUPLICATE": "true"}

    ranked = rank_tracks(scrobbles, settings(**options), NOW)

    assert summary(ranked) == [
        ("Newest", 1),
        ("Repeat", 5),
        ("Middle", 1),
        ("Undated", 1),
    ]
    assert ranked[1].last_played == NOW - timedelta(hours=1)


def test_most_recent_keeps_repeats_without_deduplicate():
    scrobbles = [
        *plays("A", "Loop", 2, hours_ago=0),
        *plays("A", "Other", 1, hours_ago=1),
        *plays("A", "Loop", 1, hours_ago=2),
    ]
    options = {"USE_RECENCY_WEIGHTING": "false", "DEDUPLICATE": "false"}

    ranked = rank_tracks(scrobbles, settings(**options), NOW)

    assert summary(ranked) == [("Loop", 1), ("Loop", 1), ("Other", 1), ("Loop", 1)]


def test_most_recent_ignores_min_plays():
    options = {"USE_RECENCY_WEIGHTING": "false", "RECENCY_MIN_PLAYS": "3"}

    ranked = rank_tracks(plays("A", "Once", 1), settings(**options), NOW)

    assert summary(ranked) == [("Once", 1)]


def test_empty_input():
    assert rank_tracks([], settings(), NOW) == []


def test_real_history_ranks_unique_tracks(shared_dir):
    history = load_history(history_path(shared_dir, "krishkumar"))
    scrobbles = shift_to_now(history[:2000], NOW)

    ranked = rank_tracks(scrobbles, settings(), NOW)

    keys = [merge_key(t.artist, t.title) for t in ranked]
    assert len(keys) == len(set(keys))
    assert sum(t.plays for t in ranked) == 2000
    assert ranked[0].score >= ranked[1].score >= ranked[99].score
    assert rank_tracks(list(reversed(scrobbles)), settings(), NOW) == ranked
