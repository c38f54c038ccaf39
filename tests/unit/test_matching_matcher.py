"""Resolver tests: chosen videoId, the searches sent and their count."""

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from sync.conf import load_sync_settings
from sync.matching.matcher import Matcher

ATV = "MUSIC_VIDEO_TYPE_ATV"
OMV = "MUSIC_VIDEO_TYPE_OMV"
UGC = "MUSIC_VIDEO_TYPE_UGC"


def song(video_id: str, title: str, *artists: str, album: str | None = None) -> dict:
    return {
        "resultType": "song",
        "videoId": video_id,
        "videoType": ATV,
        "title": title,
        "artists": [{"name": name, "id": None} for name in artists],
        "album": {"name": album, "id": None} if album else None,
        "duration_seconds": 210,
    }


def video(video_id: str, title: str, channel: str, video_type: str = OMV) -> dict:
    return {
        "resultType": "video",
        "videoId": video_id,
        "videoType": video_type,
        "title": title,
        "artists": [{"name": channel, "id": None}],
        "duration_seconds": 215,
    }


class FakeSearch:
    """Return one fixed list per filter and record every call."""

    def __init__(
        self,
        songs: Sequence[dict] = (),
        videos: Sequence[dict] = (),
        everything: Sequence[dict] = (),
    ) -> None:
        self.lists = {
            "songs": list(songs),
            "videos": list(videos),
            None: list(everything),
        }
        self.calls: list[tuple[str, str | None]] = []
        self.lock = threading.Lock()

    def __call__(self, query: str, filter: str | None) -> list[dict]:
        with self.lock:
            self.calls.append((query, filter))
        return [dict(row) for row in self.lists[filter]]


def test_it_stops_after_a_clear_song() -> None:
    search = FakeSearch(
        songs=[song("aaaaaaaaaaa", "Uprising", "Muse", album="The Resistance")]
    )
    result = Matcher(search).match("Muse", "Uprising", "The Resistance")
    assert result.video_id == "aaaaaaaaaaa"
    assert result.searches == 1
    assert search.calls == [("Muse - Uprising", "songs")]
    assert result.queries == [("Muse - Uprising", "songs")]
    assert result.score == 1.0
    assert result.artists == ("Muse",)
    assert result.album == "The Resistance"


def test_it_searches_songs_then_videos_then_everything() -> None:
    search = FakeSearch()
    result = Matcher(search).match("Muse", "Uprising")
    assert result.video_id is None
    assert search.calls[:3] == [
        ("Muse - Uprising", "songs"),
        ("Muse - Uprising", "videos"),
        ("Muse - Uprising", None),
    ]
    assert result.searches == len(search.calls) == 3


def test_it_falls_back_to_variants() -> None:
    search = FakeSearch()
    result = Matcher(search).match("Beyoncé feat. JAY-Z", "Déjà Vu (Album Version)")
    assert search.calls == [
        ("Beyoncé feat. JAY-Z - Déjà Vu (Album Version)", "songs"),
        ("Beyoncé feat. JAY-Z - Déjà Vu (Album Version)", "videos"),
        ("Beyoncé feat. JAY-Z - Déjà Vu (Album Version)", None),
        ("Beyoncé feat. JAY-Z Déjà Vu", "songs"),
        ("beyonce feat. jay-z deja vu", "songs"),
        ("Beyoncé Déjà Vu", "songs"),
        ("beyonce deja vu", "songs"),
        ("JAY-Z Déjà Vu", "songs"),
    ]
    assert result.searches == 8


def test_it_caps_searches_per_track() -> None:
    search = FakeSearch()
    result = Matcher(search, max_queries=2).match("Beyoncé feat. JAY-Z", "Déjà Vu")
    assert result.searches == 2
    assert len(search.calls) == 2


def test_it_skips_variants_once_a_candidate_qualifies() -> None:
    search = FakeSearch(
        videos=[video("vvvvvvvvvvv", "Muse - Uprising (Official Video)", "Muse")]
    )
    result = Matcher(search, early_termination_score=1.0).match(
        "Muse feat. X", "Uprising"
    )
    assert result.video_id == "vvvvvvvvvvv"
    assert result.searches == 3


def test_early_termination_score_controls_the_stop() -> None:
    rows = [song("aaaaaaaaaaa", "Uprising", "Muse")]
    assert (
        Matcher(FakeSearch(songs=rows), early_termination_score=0.9)
        .match("Muse", "Uprising")
        .searches
        == 1
    )
    assert (
        Matcher(FakeSearch(songs=rows), early_termination_score=1.0)
        .match("Muse", "Uprising")
        .searches
        == 3
    )


def test_it_prefers_song_over_video() -> None:
    search = FakeSearch(
        songs=[song("atvatvatvat", "Yellow", "Coldplay")],
        everything=[
            video("omvomvomvom", "Coldplay - Yellow (Official Video)", "Coldplay")
        ],
    )
    assert (
        Matcher(search, early_termination_score=1.0)
        .match("Coldplay", "Yellow")
        .video_id
        == "atvatvatvat"
    )


def test_it_takes_video_without_song() -> None:
    search = FakeSearch(
        songs=[song("covercovers", "Yellow", "Boyce Avenue")],
        videos=[
            video("ugcugcugcug", "Coldplay - Yellow (Lyrics)", "7clouds", UGC),
            video("omvomvomvom", "Coldplay - Yellow (Official Video)", "Coldplay"),
        ],
    )
    result = Matcher(search).match("Coldplay", "Yellow")
    assert result.video_id == "omvomvomvom"
    assert result.searches == 2
    assert result.video_type == OMV


def test_not_found_keeps_best_rejected() -> None:
    search = FakeSearch(
        songs=[song("othersongxx", "Yellow", "Katy Perry")],
        videos=[video("reuploadxxx", "Coldplay - Yellow", "coldplay archive", UGC)],
    )
    result = Matcher(search).match("Coldplay", "Yellow")
    assert result.video_id is None
    assert result.score == 0.0
    assert result.reason == "no candidate with matching artist and title"
    assert result.best_rejected is not None
    assert result.best_rejected.video_id == "reuploadxxx"
    assert result.best_rejected.reason == "user upload, not an official release"
    assert 0 < result.best_rejected.score < 0.6


def test_requested_fan_edit_allows_upload() -> None:
    search = FakeSearch(
        songs=[song("originalxxx", "Cupid", "FIFTY FIFTY")],
        videos=[
            video("spedupxxxxx", "FIFTY FIFTY - Cupid (Sped Up)", "speed edits", UGC)
        ],
    )
    assert (
        Matcher(search).match("FIFTY FIFTY", "Cupid (Sped Up)").video_id
        == "spedupxxxxx"
    )


def test_requested_remix_beats_original() -> None:
    search = FakeSearch(
        songs=[
            song("originalxxx", "Cola", "CamelPhat", "Elderbrook"),
            song(
                "remixxxxxxx",
                "Cola (Robin Schulz Remix)",
                "CamelPhat",
                "Elderbrook",
                "Robin Schulz",
            ),
        ]
    )
    result = Matcher(search).match(
        "CamelPhat & Elderbrook", "Cola - Robin Schulz Remix"
    )
    assert result.video_id == "remixxxxxxx"


@pytest.mark.parametrize(
    ("artist", "title", "songs", "videos", "expected"),
    [
        # Japanese: the official video credits the romanised name.
        (
            "宇多田ヒカル",
            "First Love",
            [
                song("ffffffffff1", "First Love", "Hikaru Utada"),
                song("ffffffffff2", "First Love", "Nikka Costa"),
            ],
            [video("ffffffffff3", "宇多田ヒカル『First Love』MV", "Hikaru Utada")],
            "ffffffffff1",
        ),
        # Korean artist and title, translated on YouTube Music.
        (
            "아이유",
            "좋은 날",
            [
                song("gggggggggg1", "Good Day", "IU"),
                song("gggggggggg2", "Good Day", "Surfaces"),
            ],
            [video("gggggggggg3", "[MV] IU(아이유) _ 좋은 날 (Good Day)", "IU")],
            "gggggggggg1",
        ),
        # Cyrillic artist, romanised credit.
        (
            "Кино",
            "Kukushka",
            [song("kkkkkkkkkk1", "Kukushka", "Kino")],
            [video("kkkkkkkkkk2", "Кино - Kukushka (Official Video)", "Kino")],
            "kkkkkkkkkk1",
        ),
        # No row ties the native name to a romanised one: not found.
        (
            "宇多田ヒカル",
            "First Love",
            [song("ffffffffff1", "First Love", "Hikaru Utada")],
            [],
            None,
        ),
    ],
)
def test_non_latin_artists(
    artist: str, title: str, songs: list[dict], videos: list[dict], expected: str | None
) -> None:
    result = Matcher(FakeSearch(songs=songs, videos=videos)).match(artist, title)
    assert result.video_id == expected


def test_album_picks_between_two_recordings() -> None:
    search = FakeSearch(
        songs=[
            song("mono1962xxx", "Love Me Do", "The Beatles", album="Please Please Me"),
            song("stereo2009x", "Love Me Do", "The Beatles", album="Past Masters"),
        ]
    )
    result = Matcher(search).match("The Beatles", "Love Me Do", "Past Masters")
    assert result.video_id == "stereo2009x"


def test_placeholder_artist_sends_no_search() -> None:
    search = FakeSearch(
        videos=[video("unknownxxxx", "Track 01", "Unknown Artist", UGC)]
    )
    result = Matcher(search).match("[unknown]", "Track 01")
    assert result.video_id is None
    assert result.searches == 0
    assert search.calls == []


def test_it_sleeps_between_searches_only() -> None:
    pauses: list[float] = []
    Matcher(FakeSearch(), sleep_between=0.25, sleep=pauses.append).match(
        "Muse", "Uprising"
    )
    assert pauses == [0.25, 0.25]


@pytest.mark.parametrize(("artist", "title"), [("", "Song"), ("Artist", "  ")])
def test_it_rejects_empty_input(artist: str, title: str) -> None:
    with pytest.raises(ValueError, match="must be non-empty"):
        Matcher(FakeSearch()).match(artist, title)


def test_it_rejects_a_search_that_returns_no_list() -> None:
    with pytest.raises(TypeError, match="expected a list of result rows"):
        Matcher(lambda query, filter: None).match("Muse", "Uprising")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_queries": 0}, "max_queries=0"),
        ({"early_termination_score": 1.5}, "early_termination_score=1.5"),
    ],
)
def test_it_rejects_invalid_settings(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Matcher(FakeSearch(), **kwargs)


def test_from_settings_reads_the_search_keys(write_env) -> None:
    write_env(
        EARLY_TERMINATION_SCORE="0.75",
        SEARCH_MAX_QUERIES="3",
        SLEEP_BETWEEN_SEARCHES="0.5",
    )
    matcher = Matcher.from_settings(FakeSearch(), load_sync_settings())
    assert matcher.early_termination_score == 0.75
    assert matcher.max_queries == 3
    assert matcher.sleep_between == 0.5


def test_one_matcher_serves_parallel_threads() -> None:
    tracks = [(f"Artist {n}", f"Song {n}") for n in range(40)]

    def search(query: str, filter: str | None) -> list[dict]:
        artist, title = query.split(" - ")
        number = artist.split()[-1]
        return [song(f"video{number:0>6}", title, artist)] if filter == "songs" else []

    matcher = Matcher(search)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda track: matcher.match(*track), tracks))
    assert [result.video_id for result in results] == [
        f"video{n:0>6}" for n in range(40)
    ]
    assert all(result.searches == 1 for result in results)
