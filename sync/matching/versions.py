"""Title parsing: the song name, its credits and the version it names.

A title such as "Call on Me (Ryan Riback Extended Remix) [feat. X]" splits
into the core "call on me", the credit "X" and the versions {remix,
extended} with qualifier words {ryan, riback}. Version words count only in
brackets and " - " suffixes, so "Live Forever" or "Cover Me" are plain songs.
"""

import re
from dataclasses import dataclass, field

from sync.matching.text import normalize, split_brackets

# Version families, each a regex over normalised text. Order does not
# matter: a segment can name several ("Extended Club Mix" = extended, remix).
VERSION_PATTERNS: dict[str, re.Pattern[str]] = {
    "live": re.compile(
        r"\blive\b|\bunplugged\b|\bconcert\b|\bsessions?\b|\bin session\b"
    ),
    "acoustic": re.compile(r"\bacoustic\b|\bstripped\b"),
    "remix": re.compile(
        r"\bremix(es|ed)?\b|\brmx\b|\bmix\b|\brework\b|\bdub\b|\bvip\b"
    ),
    "cover": re.compile(
        r"\bcover\b|\btribute\b|originally performed|in the style of"
        r"|made famous|as performed by"
    ),
    "karaoke": re.compile(r"\bkaraoke\b|\bsing ?along\b|\bbacking track\b"),
    "instrumental": re.compile(r"\binstrumentals?\b|\binst\b|\boff vocal\b"),
    "extended": re.compile(r"\bextended\b"),
    "edit": re.compile(r"\bedit\b|\bradio version\b"),
    "demo": re.compile(r"\bdemo\b"),
    "nightcore": re.compile(r"\bnightcore\b"),
    "sped_up": re.compile(r"\bsped up\b|\bspeed up\b|\bspedup\b"),
    "slowed": re.compile(r"\bslowed\b|\b33 rpm\b|\bchopped and screwed\b"),
    "8d": re.compile(r"\b8d\b"),
    "reverb": re.compile(r"\breverb\b"),
    "bass_boosted": re.compile(r"\bbass ?boost(ed)?\b"),
    "alternate_take": re.compile(r"\btake \d+\b|\balternate\b|\bouttake\b"),
    "rerecording": re.compile(r"\bre ?record(ed|ing)\b|\btaylors version\b"),
    "language": re.compile(
        r"\b(japanese|english|korean|chinese|spanish|german|french|italian"
        r"|portuguese) (ver|version)\b"
    ),
    # Any other "X Version" / "X ver." (1984 Version, Piano Version, MINJI
    # ver.) once the harmless ones below are removed.
    "version": re.compile(r"\bver(sion)?\b"),
}

# Fan edits that only exist as user uploads; requesting one allows UGC.
FAN_EDITS = frozenset(
    {"nightcore", "sped_up", "slowed", "8d", "reverb", "bass_boosted"}
)

# Phrases that name the default recording or only describe the upload.
# They are removed before the version families are searched.
HARMLESS_PHRASES = re.compile(
    r"\b(\d{4} )?remaster(ed)?( version)?( \d{4})?\b"
    r"|\b(album|single|soundtrack|original|lp|main|explicit|clean|stereo|mono"
    r"|dirty|uncensored|censored) (version|ver|mix|edit)\b"
    r"|\boriginal mix\b"
)
HARMLESS_SEGMENT = re.compile(
    r"^("
    r"(\d{4} )?remaster(ed)?( version)?( \d{4})?"
    r"|(\d{4} )?remaster(ed)? \d{4}"
    r"|(album|single|soundtrack|original|lp|main|explicit|clean|stereo|mono"
    r"|dirty|uncensored|censored) (version|ver|mix|edit)"
    r"|original mix|explicit|clean|mono|stereo|bonus track|bonus"
    r"|deluxe( edition| version)?|expanded edition|anniversary edition"
    r"|from .+|theme from .+|\d{4}"
    r"|(official )?(music |lyric |hd |4k )?(video|audio|visualizer|visualiser)"
    r"( hd| 4k)?"
    r"|official|audio|video|lyrics?|lyric video|with lyrics|letra|paroles"
    r"|testo|lyrics testo|letra lyrics|mv|m v|hd|hq|4k|4k upgrade|hd upgrade"
    r"|video oficial|clip officiel|official mv|official m v|audio oficial"
    r"|official hd video|official 4k video|official video hd|upgrade"
    r")$"
)
CREDIT_SEGMENT = re.compile(r"^(feat|ft|featuring|with|prod|produced by)\b\s*(.*)$")
CREDIT_SUFFIX = re.compile(r"\s+(feat\.?|ft\.?|featuring)\s+(.+)$", re.IGNORECASE)
DASH_SPLIT = re.compile(r"\s+[-–—]\s+")

# Words of a version segment that do not identify the recording.
QUALIFIER_STOPWORDS = frozenset(
    "a an the at on in of from and with by to for version ver mix remix edit live"
    " remixes recorded recording".split()
)


@dataclass
class ParsedTitle:
    """A title split into its song name, credits and named versions."""

    raw: str
    core: str
    versions: set[str] = field(default_factory=set)
    qualifiers: set[str] = field(default_factory=set)
    credits: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)


def detect_versions(text: str) -> set[str]:
    """Return the version families named in a normalised segment."""
    cleaned = HARMLESS_PHRASES.sub(" ", text)
    found = {
        name for name, pattern in VERSION_PATTERNS.items() if pattern.search(cleaned)
    }
    if len(found) > 1:
        # "Acoustic Version" names the acoustic family, not another one.
        found.discard("version")
    return found


def qualifier_words(text: str) -> set[str]:
    """Return the words of a version segment that identify the recording."""
    cleaned = text
    for pattern in VERSION_PATTERNS.values():
        cleaned = pattern.sub(" ", cleaned)
    return {word for word in cleaned.split() if word not in QUALIFIER_STOPWORDS}


def classify_segment(parsed: ParsedTitle, segment: str) -> None:
    """Record one bracketed or suffix segment in `parsed`."""
    text = normalize(segment)
    if not text:
        return
    credit = CREDIT_SEGMENT.match(text)
    if credit:
        parsed.credits.append(credit.group(2))
        return
    versions = detect_versions(text)
    if versions:
        parsed.versions |= versions
        parsed.qualifiers |= qualifier_words(text)
        return
    if HARMLESS_SEGMENT.match(text):
        return
    parsed.unknown.add(text)


def split_dash_suffix(title: str) -> tuple[str, str | None]:
    """Split a Spotify-style " - Remastered 2011" suffix off a song title.

    The suffix is split off only when it is a version or a harmless note, so
    a title that contains " - " as part of its name stays whole.
    """
    parts = DASH_SPLIT.split(title)
    if len(parts) < 2:
        return title, None
    suffix = parts[-1]
    text = normalize(suffix)
    if detect_versions(text) or HARMLESS_SEGMENT.match(text):
        return " - ".join(parts[:-1]), suffix
    return title, None


def parse_title(title: str) -> ParsedTitle:
    """Parse a song title as Last.fm or a YouTube Music song row spells it."""
    body, suffix = split_dash_suffix(title.strip())
    plain, segments = split_brackets(body)
    credit_suffix = CREDIT_SUFFIX.search(plain)
    parsed = ParsedTitle(raw=title, core="")
    if credit_suffix:
        parsed.credits.append(normalize(credit_suffix.group(2)))
        plain = plain[: credit_suffix.start()]
    for segment in segments:
        classify_segment(parsed, segment)
    if suffix:
        classify_segment(parsed, suffix)
    parsed.core = normalize(plain)
    return parsed


def album_versions(album: str | None) -> set[str]:
    """Return the version families an album name implies (Live, Remixes).

    Album names are only searched for unambiguous markers, because an album
    called "Live Through This" contains studio recordings.
    """
    if not album:
        return set()
    text = normalize(album)
    found: set[str] = set()
    if re.search(r"\blive (at|from|in|on|aus|en|a)\b|\bunplugged\b|^live \d", text):
        found.add("live")
    _plain, segments = split_brackets(album)
    for segment in segments:
        segment_text = normalize(segment)
        if re.fullmatch(r"live|live version|in concert", segment_text):
            found.add("live")
    if re.search(r"\bremixes\b|\bthe remixes\b", text):
        found.add("remix")
    if re.search(r"\bkaraoke\b", text):
        found.add("karaoke")
    if re.search(r"\binstrumentals?\b", text):
        found.add("instrumental")
    if re.search(r"\bacoustic\b", text):
        found.add("acoustic")
    if re.search(r"\bextended mixes\b", text):
        found.add("extended")
    if re.search(r"\bcovers?\b|\btribute to\b|\bin the style of\b", text):
        found.add("cover")
    return found
