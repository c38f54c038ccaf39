import pytest

from sync.matching.text import (
    fold_ascii,
    has_non_latin,
    normalize,
    quoted_segments,
    similarity,
    split_brackets,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Beyoncé", "beyonce"),
        ("Motörhead", "motorhead"),
        ("Sigur Rós", "sigur ros"),
        ("Mø", "mo"),
        ("Æther Realm", "aether realm"),
        ("Die Ärzte", "die arzte"),
        ("Straße", "strasse"),
        ("Łona", "lona"),
        ("Simon & Garfunkel", "simon and garfunkel"),
        ("Hall+Oates", "hall and oates"),
        ("ＡＢＣ　Ｄｅｆ", "abc def"),
        ("Don’t Stop", "dont stop"),
        ("P!nk", "p nk"),
        ("HUMBLE.", "humble"),
        ("  Anti-Hero  ", "anti hero"),
        ("ﬁnale", "finale"),
        ("米津玄師", "米津玄師"),
        ("방탄소년단", "방탄소년단"),
        ("Кино", "кино"),
        ("がっこう", "がっこう"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_fold_ascii_keeps_punctuation_and_case_folds() -> None:
    assert fold_ascii("Ⅻ Café!") == "xii cafe!"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kenshi Yonezu", False),
        ("Beyoncé", False),
        ("Zoé", False),
        ("米津玄師", True),
        ("BTS (방탄소년단)", True),
        ("Кино", True),
        ("Μίκης Θεοδωράκης", True),
        ("1,2,3,4", False),
    ],
)
def test_has_non_latin(raw: str, expected: bool) -> None:
    assert has_non_latin(raw) is expected


@pytest.mark.parametrize(
    ("raw", "plain", "segments"),
    [
        ("Song (Live) [Remastered]", "Song", ["Live", "Remastered"]),
        ("夜に駆ける【Official Music Video】", "夜に駆ける", ["Official Music Video"]),
        ("Lemon「Movie ver.」", "Lemon", ["Movie ver."]),
        ("Canción（En Vivo）", "Canción", ["En Vivo"]),
        ("Song {Demo}", "Song", ["Demo"]),
        ("(I Can't Get No) Satisfaction", "I Can't Get No Satisfaction", []),
        ("Broken (bracket", "Broken (bracket", []),
        ("No brackets", "No brackets", []),
    ],
)
def test_split_brackets(raw: str, plain: str, segments: list[str]) -> None:
    assert split_brackets(raw) == (plain, segments)


def test_quoted_segments_finds_titles_in_video_names() -> None:
    assert quoted_segments('TWICE "FANCY" M/V') == ["FANCY"]
    assert quoted_segments("IU 'Blueming' Live Clip") == ["Blueming"]
    assert quoted_segments("YOASOBI「アイドル」Official Music Video") == ["アイドル"]


def test_quoted_segments_ignores_apostrophes_in_words() -> None:
    assert quoted_segments("Don't Look Back - Guns N' Roses") == []


def test_similarity() -> None:
    assert similarity("creep", "creep") == 1.0
    assert similarity("", "creep") == 0.0
    assert similarity("sugar were goin down", "sugar were going down") > 0.9
    assert similarity("aria", "aria da capo") < 0.9
