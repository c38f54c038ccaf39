"""Scoring of single rows: which candidates may win and in what order."""

import pytest

from sync.matching.scoring import (
    ACCEPT_SCORE,
    Evidence,
    MatchTarget,
    Scored,
    learn_title_aliases,
    score_row,
)

ATV = "MUSIC_VIDEO_TYPE_ATV"
OMV = "MUSIC_VIDEO_TYPE_OMV"
UGC = "MUSIC_VIDEO_TYPE_UGC"


def song(
    title: str, *artists: str, album: str | None = None, seconds: int = 200
) -> dict:
    return {
        "resultType": "song",
        "videoId": "s" * 11,
        "videoType": ATV,
        "title": title,
        "artists": [{"name": name, "id": None} for name in artists],
        "album": {"name": album, "id": None} if album else None,
        "duration_seconds": seconds,
    }


def video(title: str, channel: str, video_type: str = OMV, seconds: int = 200) -> dict:
    return {
        "resultType": "video",
        "videoId": "v" * 11,
        "videoType": video_type,
        "title": title,
        "artists": [{"name": channel, "id": None}],
        "duration_seconds": seconds,
    }


def judge(
    artist: str,
    title: str,
    row: dict,
    album: str | None = None,
    duration: int | None = None,
    evidence: Evidence | None = None,
) -> Scored:
    target = MatchTarget(artist, title, album, duration)
    return score_row(target, row, 0, evidence or Evidence(), 1200)


@pytest.mark.parametrize(
    ("artist", "title", "row"),
    [
        ("Muse", "Uprising", song("Uprising", "Muse")),
        ("Beyonce", "Deja Vu", song("Déjà Vu", "Beyoncé", "JAY-Z")),
        ("Killers", "Mr. Brightside", song("Mr. Brightside", "The Killers")),
        ("Kings of Leon", "Use Somebody", song("Use Somebody", "Kings Of Leon")),
        ("Avicii feat. Aloe Blacc", "Wake Me Up", song("Wake Me Up", "Avicii")),
        ("Avicii", "Wake Me Up (feat. Aloe Blacc)", song("Wake Me Up", "Avicii")),
        (
            "Queen",
            "Bohemian Rhapsody - Remastered 2011",
            song("Bohemian Rhapsody", "Queen"),
        ),
        (
            "Queen",
            "Bohemian Rhapsody",
            song("Bohemian Rhapsody (Remastered 2011)", "Queen"),
        ),
        ("Oasis", "Whatever - Radio Edit", song("Whatever (Radio Edit)", "Oasis")),
        ("Prince", "Kiss (Album Version)", song("Kiss", "Prince")),
        ("Rosalía", "DESPECHÁ", song("DESPECHÁ", "ROSALÍA")),
        (
            "Kraftwerk",
            "Autobahn",
            video("Kraftwerk - Autobahn (Official Video)", "Kraftwerk"),
        ),
        (
            "Rammstein",
            "Sonne",
            video("Sonne - Rammstein (Official Audio)", "RammsteinVEVO"),
        ),
        ("Nick Drake", "Pink Moon", video("Pink Moon", "Nick Drake - Topic", ATV)),
        ("TWICE", "FANCY", video('TWICE "FANCY" M/V', "JYP Entertainment Records")),
        (
            "YOASOBI",
            "アイドル",
            video("YOASOBI「アイドル」Official Music Video", "Ayase / YOASOBI"),
        ),
        (
            "Nightcore",
            "Bad Apple (Nightcore)",
            video("Nightcore - Bad Apple", "Nightcore", UGC),
        ),
    ],
)
def test_it_accepts_the_same_recording(artist: str, title: str, row: dict) -> None:
    scored = judge(artist, title, row)
    assert scored.reason == ""
    assert scored.accepted
    assert ACCEPT_SCORE <= scored.score <= 1.0


@pytest.mark.parametrize(
    ("artist", "title", "row", "reason"),
    [
        (
            "Muse",
            "Uprising",
            song("Uprising", "Muse Tribute Band"),
            "same title by another artist",
        ),
        (
            "Muse",
            "Uprising",
            song("Starlight", "Muse"),
            "other song by the same artist",
        ),
        (
            "Muse",
            "Uprising",
            song("Rain Sounds", "Calm"),
            "no matching artist or title",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Live)", "Muse"),
            "live version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Acoustic)", "Muse"),
            "acoustic version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Remix)", "Muse"),
            "remix version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Instrumental)", "Muse"),
            "instrumental version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Extended)", "Muse"),
            "extended version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Radio Edit)", "Muse"),
            "edit version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Demo)", "Muse"),
            "demo version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Sped Up)", "Muse"),
            "sped-up version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Slowed)", "Muse"),
            "slowed version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (8D Audio)", "Muse"),
            "8D version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Reverb)", "Muse"),
            "reverb version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Bass Boosted)", "Muse"),
            "bass-boosted version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Nightcore)", "Muse"),
            "nightcore version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Karaoke)", "Muse"),
            "karaoke version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Cover)", "Muse"),
            "cover version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Symphony Version)", "Muse"),
            "other version not requested",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising", "Muse", album="Live at Rome Olympic Stadium"),
            "live version not requested",
        ),
        (
            "Muse",
            "Uprising - Live",
            song("Uprising", "Muse"),
            "requested live version missing",
        ),
        (
            "Muse",
            "Uprising",
            video("Muse - Uprising (Lyrics)", "Lyrics Hub", UGC),
            "user upload, not an official release",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising (Reprise)", "Muse"),
            "unexplained qualifier 'reprise'",
        ),
        (
            "Muse",
            "Uprising",
            song("Uprising", "Muse", seconds=7200),
            "longer than 20 minutes",
        ),
    ],
)
def test_it_rejects(artist: str, title: str, row: dict, reason: str) -> None:
    scored = judge(artist, title, row)
    assert not scored.accepted
    assert scored.reason == reason
    assert 0.0 <= scored.score < ACCEPT_SCORE


def test_it_checks_duration_when_the_scrobble_has_one() -> None:
    row = song("Uprising", "Muse", seconds=600)
    assert judge("Muse", "Uprising", row, duration=305).reason.startswith(
        "duration 600 s"
    )
    assert judge(
        "Muse", "Uprising", song("Uprising", "Muse", seconds=300), duration=305
    ).accepted


@pytest.mark.parametrize(
    ("title", "row"),
    [
        (
            "Titanium - Alesso Remix",
            song("Titanium (Alesso Remix)", "David Guetta", "Alesso"),
        ),
        ("Layla - Live Acoustic", song("Layla (Live Acoustic)", "David Guetta")),
        (
            "Titanium (Sped Up)",
            video("David Guetta - Titanium (sped up)", "speedy edits", UGC),
        ),
    ],
)
def test_it_accepts_a_requested_version(title: str, row: dict) -> None:
    assert judge("David Guetta", title, row).accepted


@pytest.mark.parametrize(
    "row",
    [
        song("Titanium", "David Guetta"),
        song("Titanium (Nicky Romero Remix)", "David Guetta", "Nicky Romero"),
        song("Titanium (Alesso Extended Remix)", "David Guetta", "Alesso"),
    ],
)
def test_it_rejects_other_versions_than_requested(row: dict) -> None:
    assert not judge("David Guetta", "Titanium - Alesso Remix", row).accepted


def test_official_audio_outranks_video_and_upload() -> None:
    atv = judge("Muse", "Uprising", song("Uprising", "Muse"))
    omv = judge("Muse", "Uprising", video("Muse - Uprising (Official Video)", "Muse"))
    ugc = judge("Muse", "Uprising", video("Muse - Uprising", "Muse", UGC))
    assert atv.rank > omv.rank > ugc.rank
    assert atv.score > omv.score > ugc.score


def test_album_match_raises_the_score() -> None:
    wanted = judge(
        "Elvis Presley",
        "Hound Dog",
        song("Hound Dog", "Elvis Presley", album="Elvis' Golden Records"),
        album="Elvis' Golden Records",
    )
    other = judge(
        "Elvis Presley",
        "Hound Dog",
        song("Hound Dog", "Elvis Presley", album="Elvis Live"),
        album="Elvis' Golden Records",
    )
    assert wanted.score > other.score


@pytest.mark.parametrize(
    ("scrobbled", "candidate", "higher"),
    [
        ("Blue (1998 Recording)", "Blue (2012 Recording)", False),
        ("Blue (Deluxe Edition)", "Blue", True),
        ("BLUE", "Blue", True),
    ],
)
def test_album_editions(scrobbled: str, candidate: str, higher: bool) -> None:
    with_album = judge(
        "Joni Mitchell",
        "River",
        song("River", "Joni Mitchell", album=candidate),
        album=scrobbled,
    )
    without = judge("Joni Mitchell", "River", song("River", "Joni Mitchell"))
    assert (with_album.score > without.score) is higher


def test_learn_title_aliases_reads_a_bracketed_translation() -> None:
    scrobble = MatchTarget("아이유", "좋은 날", None)
    rows = [
        video("[MV] IU(아이유) _ 좋은 날 (Good Day)", "IU"),
        video("좋은 날 (Live)", "x", UGC),
    ]
    assert learn_title_aliases(scrobble, rows) == {"good day"}


def test_translated_title_counts_as_the_same_song() -> None:
    evidence = Evidence(artist_aliases={"iu"}, title_aliases={"good day"})
    scored = judge("아이유", "좋은 날", song("Good Day", "IU"), evidence=evidence)
    assert scored.accepted
    assert scored.score == pytest.approx(0.45 * 0.95 * 2 + 0.05)


@pytest.mark.parametrize(
    ("title", "candidate"),
    [
        ("Another Brick in the Wall, Pt. 2", "Another Brick in the Wall, Pt. 1"),
        ("Symphony No. 5", "Symphony No. 7"),
        ("Rocky II", "Rocky III"),
    ],
)
def test_it_rejects_another_number_in_the_title(title: str, candidate: str) -> None:
    scored = judge("Pink Floyd", title, song(candidate, "Pink Floyd"))
    assert scored.reason == "other song by the same artist"
