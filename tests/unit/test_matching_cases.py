"""Bug reports from other matchers, replayed against ours.

Each test rebuilds the failing input of one report: a scrobble and the
search rows that made another tool pick the wrong upload.
"""

import pytest

from sync.matching.matcher import Matcher, SearchFunction

ATV = "MUSIC_VIDEO_TYPE_ATV"
OMV = "MUSIC_VIDEO_TYPE_OMV"
UGC = "MUSIC_VIDEO_TYPE_UGC"


class SongsSearch:
    """Return `rows` for the songs filter and nothing else; record calls."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, query: str, filter: str | None) -> list[dict]:
        self.calls.append((query, filter))
        return [dict(row) for row in self.rows] if filter == "songs" else []


def row(video_id: str, title: str, artist: str, video_type: str = ATV, **extra) -> dict:
    result_type = "song" if video_type == ATV else "video"
    return {
        "resultType": result_type,
        "videoId": video_id,
        "videoType": video_type,
        "title": title,
        "artists": [{"name": artist, "id": "UC" + video_id}],
        **extra,
    }


# An ambient upload and a same-titled song rank above the real track.
RAIN = row(
    "rainSnd0001",
    "Rain Sounds: 2 Hour Relaxing Rain Shower",
    "Calmsound",
    album={"name": "Relaxing Nature Sounds: 24 Hours for Sleep", "id": "MPREb_nat"},
    duration="2:00:00",
    duration_seconds=7200,
)
BLUE_MOON = row(
    "blueMoon001",
    "Blue Moon",
    "Some Crooner",
    album={"name": "Standards", "id": "MPREb_std"},
    duration_seconds=182,
)
BLUE_MILE = row(
    "otBlueMile1",
    "Blue Mile",
    "Of The Trees",
    album={"name": "Blue Mile", "id": "MPREb_bm"},
    duration_seconds=245,
)


def test_unrelated_first_hit_is_not_accepted() -> None:
    result = Matcher(SongsSearch([RAIN, BLUE_MOON])).match(
        "Of The Trees", "Blue Mile", "Blue Mile"
    )
    assert result.video_id is None
    assert result.reason == "no candidate with matching artist and title"
    assert result.best_rejected is not None
    assert result.best_rejected.video_id in {"rainSnd0001", "blueMoon001"}


def test_right_track_ranked_third_is_found() -> None:
    result = Matcher(SongsSearch([RAIN, BLUE_MOON, BLUE_MILE])).match(
        "Of The Trees", "Blue Mile", "Blue Mile"
    )
    assert result.video_id == "otBlueMile1"
    assert result.searches == 1


def test_multi_hour_upload_is_rejected() -> None:
    long_upload = dict(BLUE_MILE, videoId="otBlueMile9", duration_seconds=7200)
    matcher = Matcher(SongsSearch([long_upload]))
    result = matcher.match("Of The Trees", "Blue Mile")
    assert result.video_id is None
    assert result.best_rejected.reason == "longer than 20 minutes"
    assert (
        Matcher(SongsSearch([long_upload]), max_duration_seconds=3 * 3600)
        .match("Of The Trees", "Blue Mile")
        .video_id
        == "otBlueMile9"
    )


# Same artist, different song ranked first.
CONTROL = row("antiupCTM01", "Control The Media", "Anti Up", duration_seconds=236)
CHROMATIC = row("antiupCHR01", "Chromatic", "Anti Up", duration_seconds=211)
EXTENDED = row(
    "antiupCHX01", "Chromatic (Extended Mix)", "Anti Up", duration_seconds=342
)


def test_other_song_by_same_artist_loses() -> None:
    search = SongsSearch([CONTROL, CHROMATIC, EXTENDED])
    result = Matcher(search).match("Anti Up", "Chromatic", "")
    assert result.video_id == "antiupCHR01"
    assert search.calls == [("Anti Up - Chromatic", "songs")]


def test_only_other_song_by_same_artist_is_unmatched() -> None:
    result = Matcher(SongsSearch([CONTROL])).match("Anti Up", "Chromatic", "")
    assert result.video_id is None
    assert result.best_rejected.reason == "other song by the same artist"


def test_extended_mix_is_not_the_plain_track() -> None:
    result = Matcher(SongsSearch([CONTROL, EXTENDED])).match("Anti Up", "Chromatic")
    assert result.video_id is None


# A user upload ranked first must lose to official audio, then video.
UPLOAD = row(
    "ad1234ugc01",
    "Alan Doyle - 1,2,3,4",
    "Alan Doyle",
    UGC,
    views="41K",
    duration_seconds=262,
)
OFFICIAL_VIDEO = row(
    "ad1234omv01", "1,2,3,4 (Official Video)", "Alan Doyle", OMV, duration_seconds=215
)
AUDIO = row(
    "ad1234atv01",
    "1,2,3,4",
    "Alan Doyle",
    album={"name": "STUDIO_ALBUM", "id": "MPREb_ad"},
    duration_seconds=200,
)


def merged(rows: list[dict]) -> SearchFunction:
    def search(query: str, filter: str | None) -> list[dict]:
        return [dict(item) for item in rows]

    return search


def test_official_audio_beats_user_upload_ranked_first() -> None:
    result = Matcher(merged([UPLOAD, OFFICIAL_VIDEO, AUDIO])).match(
        "Alan Doyle", "1,2,3,4"
    )
    assert result.video_id == "ad1234atv01"


def test_official_video_wins_without_audio() -> None:
    result = Matcher(merged([UPLOAD, OFFICIAL_VIDEO])).match("Alan Doyle", "1,2,3,4")
    assert result.video_id == "ad1234omv01"
    assert result.video_type == OMV


def test_user_upload_alone_is_not_accepted() -> None:
    result = Matcher(merged([UPLOAD])).match("Alan Doyle", "1,2,3,4")
    assert result.video_id is None
    assert result.best_rejected.video_id == "ad1234ugc01"


# Featured credits in the artist or the title.
OUTSIDE = {
    "resultType": "song",
    "videoId": "chOutside01",
    "videoType": ATV,
    "title": "Outside (feat. Ellie Goulding)",
    "artists": [
        {"name": "Calvin Harris", "id": "UCch"},
        {"name": "Ellie Goulding", "id": "UCeg"},
    ],
    "duration_seconds": 227,
}
OTHER_OUTSIDE = row("otherOut001", "Outside", "Some Other Band", duration_seconds=240)


@pytest.mark.parametrize(
    ("artist", "title"),
    [
        ("Calvin Harris feat. Ellie Goulding", "Outside"),
        ("Calvin Harris", "Outside (feat. Ellie Goulding)"),
        ("Calvin Harris ft. Ellie Goulding", "Outside"),
        ("Calvin Harris, Ellie Goulding", "Outside"),
        ("Calvin Harris featuring Ellie Goulding", "Outside"),
        ("Calvin Harris x Ellie Goulding", "Outside"),
        ("Calvin Harris & Ellie Goulding", "Outside"),
        ("Calvin Harris", "Outside [feat. Ellie Goulding]"),
        ("Calvin Harris", "Outside (with Ellie Goulding)"),
    ],
)
def test_featured_credit_variants_match(artist: str, title: str) -> None:
    result = Matcher(SongsSearch([OTHER_OUTSIDE, OUTSIDE])).match(artist, title)
    assert result.video_id == "chOutside01"


def test_ampersand_inside_a_name_matches_unsplit() -> None:
    boxer = row("sgBoxer0001", "The Boxer", "Simon & Garfunkel")
    result = Matcher(SongsSearch([boxer])).match("Simon & Garfunkel", "The Boxer")
    assert result.video_id == "sgBoxer0001"
    # Full artist and title match; no album to confirm it.
    assert result.score == 0.95
