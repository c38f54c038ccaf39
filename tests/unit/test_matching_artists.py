import pytest

from sync.matching.artists import (
    artist_score,
    comparable_name,
    is_placeholder_artist,
    learn_aliases,
    split_credits,
    strip_uploader_noise,
)


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("Dua Lipa, DaBaby", ["dua lipa", "dababy"]),
        ("Rudimental & Ed Sheeran", ["rudimental", "ed sheeran"]),
        ("Avicii feat. Aloe Blacc", ["avicii", "aloe blacc"]),
        ("Avicii feat Aloe Blacc", ["avicii", "aloe blacc"]),
        ("Pitbull ft. Ne-Yo", ["pitbull", "ne yo"]),
        ("Mark Ronson featuring Amy Winehouse", ["mark ronson", "amy winehouse"]),
        ("Marshmello x Bastille", ["marshmello", "bastille"]),
        ("Alan Walker × K-391", ["alan walker", "k 391"]),
        ("Jay-Z / Linkin Park", ["jay z", "linkin park"]),
        ("Kollegah; Farid Bang", ["kollegah", "farid bang"]),
        ("Florence and the Machine", ["florence", "machine"]),
        ("Justin Bieber with Ed Sheeran", ["justin bieber", "ed sheeran"]),
        ("The Weeknd", ["weeknd"]),
        ("Charli XCX", ["charli xcx"]),
    ],
)
def test_split_credits(credit: str, expected: list[str]) -> None:
    assert split_credits(credit) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TaylorSwiftVEVO", "TaylorSwift"),
        ("Nick Drake - Topic", "Nick Drake"),
        ("Daft Punk Official", "Daft Punk"),
        ("Ninja Tune Records", "Ninja Tune"),
        ("Muse", "Muse"),
    ],
)
def test_strip_uploader_noise(name: str, expected: str) -> None:
    assert strip_uploader_noise(name) == expected


def test_comparable_name_drops_leading_the() -> None:
    assert comparable_name("The Beatles") == comparable_name("Beatles")
    assert comparable_name("The The") == "the"


@pytest.mark.parametrize(
    ("scrobbled", "credited", "expected"),
    [
        ("Killers", ["The Killers"], 1.0),
        ("The Smiths", ["Smiths"], 1.0),
        ("Motorhead", ["Motörhead"], 1.0),
        ("Florence & The Machine", ["Florence + The Machine"], 1.0),
        ("Crosby, Stills and Nash", ["Crosby, Stills & Nash"], 1.0),
        ("Avicii feat. Aloe Blacc", ["Avicii"], 1.0),
        ("Daft Punk, Pharrell Williams", ["Daft Punk", "Pharrell Williams"], 1.0),
        ("Eminem", ["Eminem", "Rihanna"], 1.0),
        ("Nick Drake", ["Nick Drake - Topic"], 1.0),
        ("Adele", ["AdeleVEVO"], 1.0),
        ("Shakira ft. Wyclef Jean", ["Wyclef Jean"], 0.9),
        ("Brooks and Dunn", ["Kix Brooks & Ronnie Dunn"], 0.85),
        ("Queen", ["Queen Latifah"], 0.0),
        ("Adele", ["Sing King"], 0.0),
        ("Adele", [], 0.0),
    ],
)
def test_artist_score(scrobbled: str, credited: list[str], expected: float) -> None:
    assert artist_score(scrobbled, credited, set()) == expected


def test_artist_score_uses_learnt_aliases() -> None:
    assert artist_score("宇多田ヒカル", ["Hikaru Utada"], {"hikaru utada"}) == 0.95
    assert artist_score("宇多田ヒカル", ["Hikaru Utada"], set()) == 0.0


def row(title: str, artist: str, video_type: str) -> dict:
    return {
        "videoId": "x" * 11,
        "title": title,
        "videoType": video_type,
        "artists": [{"name": artist, "id": "UC1"}],
    }


OMV = "MUSIC_VIDEO_TYPE_OMV"
ATV = "MUSIC_VIDEO_TYPE_ATV"
UGC = "MUSIC_VIDEO_TYPE_UGC"


@pytest.mark.parametrize(
    ("scrobbled", "rows", "expected"),
    [
        (
            "宇多田ヒカル",
            [row("宇多田ヒカル『First Love』MV", "Hikaru Utada", OMV)],
            {"hikaru utada"},
        ),
        ("아이유", [row("[MV] IU(아이유) _ Palette", "IU", OMV)], {"iu"}),
        ("Кино", [row("Кино - Группа крови", "Kino", ATV)], {"kino"}),
        ("Kino", [row("Kino (Кино) - Gruppa krovi", "Кино", OMV)], {"кино"}),
        # Both names Latin: containment proves nothing.
        (
            "Marina and the Diamonds",
            [row("Marina and the Diamonds - Primadonna", "Sing King", ATV)],
            set(),
        ),
        # User uploads and karaoke never teach a name.
        (
            "宇多田ヒカル",
            [row("宇多田ヒカル - First Love", "jpop archive", UGC)],
            set(),
        ),
        (
            "宇多田ヒカル",
            [
                row(
                    "First Love (originally performed by 宇多田ヒカル) [Karaoke]",
                    "Sing King",
                    ATV,
                )
            ],
            set(),
        ),
    ],
)
def test_learn_aliases(scrobbled: str, rows: list[dict], expected: set[str]) -> None:
    assert learn_aliases(scrobbled, rows) == expected


@pytest.mark.parametrize(
    ("artist", "expected"),
    [
        ("Unknown Artist", True),
        ("[unknown]", True),
        ("unknown", True),
        ("Unkle", False),
    ],
)
def test_is_placeholder_artist(artist: str, expected: bool) -> None:
    assert is_placeholder_artist(artist) is expected
