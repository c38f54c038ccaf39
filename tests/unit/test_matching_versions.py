import pytest

from sync.matching.versions import album_versions, detect_versions, parse_title


@pytest.mark.parametrize(
    ("title", "versions"),
    [
        ("Yellow (Live at Glastonbury 2016)", {"live"}),
        ("Layla (Unplugged)", {"live"}),
        ("Creep (Acoustic)", {"acoustic"}),
        ("Titanium (David Guetta Remix)", {"remix"}),
        ("Blue Monday (Kaya Mix)", {"remix"}),
        ("Halo (Cover)", {"cover"}),
        ("Halo (Originally Performed by Beyoncé)", {"cover"}),
        ("Believe (In the Style of Cher) [Karaoke Version]", {"cover", "karaoke"}),
        ("Lose Yourself (Instrumental)", {"instrumental"}),
        ("Levels (Extended Mix)", {"extended", "remix"}),
        ("Levels - Radio Edit", {"edit"}),
        ("Hallelujah (Demo)", {"demo"}),
        ("Bad Apple!! (Nightcore)", {"nightcore"}),
        ("Cupid (Sped Up)", {"sped_up"}),
        ("Dandelions (Slowed + Reverb)", {"slowed", "reverb"}),
        ("Faded (8D Audio)", {"8d"}),
        ("Gasolina (Bass Boosted)", {"bass_boosted"}),
        ("Smells Like Teen Spirit (Take 3)", {"alternate_take"}),
        ("Love Story (Taylor's Version)", {"rerecording"}),
        ("Dynamite (Japanese ver.)", {"language"}),
        ("Clair de Lune (Piano Version)", {"version"}),
    ],
)
def test_parse_title_detects_versions(title: str, versions: set[str]) -> None:
    assert parse_title(title).versions == versions


@pytest.mark.parametrize(
    "title",
    [
        "Heroes - 2017 Remaster",
        "Heroes (Remastered 2009)",
        "Heroes (2002 Remastered Version)",
        "Heroes (Album Version)",
        "Heroes (Single Version)",
        "Heroes - Mono",
        'Heroes (From "Christiane F.")',
        "Heroes [Official Video]",
        "Heroes (Official Music Video) [4K]",
        "Heroes (Lyrics)",
        "Heroes (Explicit)",
        "Heroes (Original Mix)",
    ],
)
def test_parse_title_ignores_harmless_suffixes(title: str) -> None:
    parsed = parse_title(title)
    assert parsed.core == "heroes"
    assert parsed.versions == set()
    assert parsed.unknown == set()


@pytest.mark.parametrize(
    ("title", "credits"),
    [
        ("Stay (feat. Justin Bieber)", ["justin bieber"]),
        ("Stay [ft. Justin Bieber]", ["justin bieber"]),
        ("Stay (featuring Justin Bieber)", ["justin bieber"]),
        ("Stay (with Justin Bieber)", ["justin bieber"]),
        ("Stay feat. Justin Bieber", ["justin bieber"]),
        ("Stay ft. Justin Bieber", ["justin bieber"]),
    ],
)
def test_parse_title_separates_credits(title: str, credits: list[str]) -> None:
    parsed = parse_title(title)
    assert parsed.core == "stay"
    assert parsed.credits == credits


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Live Forever", "live forever"),
        ("Cover Me", "cover me"),
        ("Remix to Ignition", "remix to ignition"),
        ("Edit the World", "edit the world"),
        ("Anti-Hero", "anti hero"),
        ("Tempo - Leaning On", "tempo leaning on"),
    ],
)
def test_parse_title_keeps_version_words_in_the_name(title: str, core: str) -> None:
    parsed = parse_title(title)
    assert parsed.core == core
    assert parsed.versions == set()


def test_parse_title_keeps_qualifier_words_of_a_version() -> None:
    parsed = parse_title("Yellow - Live at Glastonbury 2016")
    assert parsed.core == "yellow"
    assert parsed.qualifiers == {"glastonbury", "2016"}


def test_parse_title_records_unknown_brackets() -> None:
    assert parse_title("Numb (Reprise)").unknown == {"reprise"}


def test_detect_versions_ignores_default_versions() -> None:
    assert detect_versions("album version") == set()
    assert detect_versions("original mix") == set()
    assert detect_versions("live version") == {"live"}


@pytest.mark.parametrize(
    ("album", "versions"),
    [
        ("Alive 2007", set()),
        ("Live Through This", set()),
        ("MTV Unplugged in New York", {"live"}),
        ("Live at Wembley '86", {"live"}),
        ("Wonderwall (Live)", {"live"}),
        ("Random Access Memories (Remixes)", {"remix"}),
        ("Acoustic Sessions", {"acoustic"}),
        ("Hits Karaoke, Vol. 2", {"karaoke"}),
        ("A Tribute to Queen", {"cover"}),
        ("Rumours (Super Deluxe)", set()),
        (None, set()),
    ],
)
def test_album_versions(album: str | None, versions: set[str]) -> None:
    assert album_versions(album) == versions
