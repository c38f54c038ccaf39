"""Artist credits: splitting, uploader noise and name comparison."""

import re
from collections.abc import Iterable

from sync.matching.text import fold_ascii, has_non_latin, normalize, similarity

# Separators between credited artists: punctuation on the raw credit, then
# words on the normalised parts ("x" only between spaces).
RAW_SEPARATORS = re.compile(r"\s*[,;/×&＆+]\s*")
WORD_SEPARATORS = re.compile(r"\s+(?:feat|ft|featuring|with|and|x|vs)\s+")
FEATURED_SEPARATORS = re.compile(r"\s+(?:feat|ft|featuring)\s+")
LEADING_THE = re.compile(r"^the\s+")
# Channel-name noise: "AdeleVEVO", "Elliott Smith - Topic", "X Official",
# "X Records". Matched on the raw name, case-insensitively.
UPLOADER_NOISE = re.compile(
    r"(\s*[-–]\s*topic$|vevo$|\s+official( channel)?$|\s+records$"
    r"|\s+music$|\s+tv$)",
    re.IGNORECASE,
)
# Placeholders that taggers and scrobblers write for untagged files. They
# identify no recording.
PLACEHOLDER_ARTISTS = frozenset({"unknown", "unknown artist", "[unknown]", "<unknown>"})


def is_placeholder_artist(artist: str) -> bool:
    """Tell whether `artist` is a tag placeholder such as "Unknown Artist"."""
    return fold_ascii(artist).strip() in PLACEHOLDER_ARTISTS


def strip_uploader_noise(name: str) -> str:
    """Remove channel suffixes such as "VEVO" or " - Topic" from a name."""
    previous = None
    cleaned = name.strip()
    while previous != cleaned:
        previous = cleaned
        stripped = UPLOADER_NOISE.sub("", cleaned).strip()
        cleaned = stripped or cleaned
    return cleaned


def comparable_name(name: str) -> str:
    """Return the comparison form of an artist name ("The X" = "X")."""
    return LEADING_THE.sub("", normalize(strip_uploader_noise(name)))


def split_credits(credit: str) -> list[str]:
    """Split a credit such as "A feat. B & C" into comparable names, in order."""
    names: list[str] = []
    for chunk in RAW_SEPARATORS.split(fold_ascii(credit)):
        for part in WORD_SEPARATORS.split(normalize(chunk)):
            name = LEADING_THE.sub("", part.strip())
            if name:
                names.append(name)
    return list(dict.fromkeys(names))


def name_variants(names: Iterable[str]) -> set[str]:
    """Return every comparable form of a list of artist names.

    A candidate name counts whole and split at "feat." only: YouTube Music
    lists artists one by one, so a name with "&" or "," in it is a group
    ("Earth, Wind & Fire") and its parts are not separate artists.
    """
    variants: set[str] = set()
    for name in names:
        whole = comparable_name(name)
        if whole:
            variants.add(whole)
        for part in FEATURED_SEPARATORS.split(whole):
            if part.strip():
                variants.add(LEADING_THE.sub("", part.strip()))
    return variants


def artist_score(
    scrobble_artist: str, candidate_artists: list[str], aliases: set[str]
) -> float:
    """Score how well a candidate's artists match the scrobbled credit (0..1).

    1.0: the whole credit or its first artist is credited on the candidate.
    0.95: a romanised or translated name learnt from the results (`aliases`).
    0.9: only a featured artist of the scrobble is credited.
    0.85: the scrobbled words all appear in one credited name ("Hall and
    Oates" in "Daryl Hall & John Oates"), for names of two or more words.
    0.0: anything else, so a same-titled song by another artist loses.
    """
    if not candidate_artists:
        return 0.0
    whole = comparable_name(scrobble_artist)
    credits = split_credits(scrobble_artist) or [whole]
    candidate = name_variants(candidate_artists)
    joined = comparable_name(" and ".join(candidate_artists))

    if whole in candidate or whole == joined or credits[0] in candidate:
        return 1.0
    if candidate & aliases:
        return 0.95
    if any(credit in candidate for credit in credits[1:]):
        return 0.9
    if token_subset(whole, candidate):
        return 0.85
    if max(similarity(whole, name) for name in candidate) >= 0.92:
        return 0.85
    return 0.0


def token_subset(scrobbled: str, candidate_names: set[str]) -> bool:
    """Tell whether every word of a 2+ word name is in one candidate name."""
    words = {word for word in scrobbled.split() if word not in {"and", "the"}}
    if len(words) < 2:
        return False
    return any(words <= set(name.split()) for name in candidate_names)


def learn_aliases(scrobble_artist: str, rows: Iterable[dict]) -> set[str]:
    """Learn other-script names of the scrobbled artist from official rows.

    An official upload (ATV or OMV) credited to "Kenshi Yonezu" whose title
    contains "米津玄師" shows that the two names are one artist. Only names
    where one side is written in a non-Latin script are learnt, and covers
    and karaoke rows never teach a name.
    """
    if not scrobble_artist.strip():
        return set()
    needle = fold_ascii(scrobble_artist).strip()
    scrobble_non_latin = has_non_latin(scrobble_artist)
    aliases: set[str] = set()
    for row in rows:
        if row.get("videoType") not in {"MUSIC_VIDEO_TYPE_ATV", "MUSIC_VIDEO_TYPE_OMV"}:
            continue
        title = fold_ascii(row.get("title") or "")
        if needle not in title or re.search(
            r"cover|karaoke|originally performed|in the style of|tribute", title
        ):
            continue
        for artist in row_artist_names(row):
            if scrobble_non_latin != has_non_latin(artist):
                aliases.add(comparable_name(artist))
    return aliases


def row_artist_names(row: dict) -> list[str]:
    """Return the artist names of a ytmusicapi search row."""
    names = []
    for artist in row.get("artists") or []:
        name = artist.get("name") if isinstance(artist, dict) else None
        if name:
            names.append(name)
    return names
