"""Score one search row against a scrobble and decide whether it may win."""

import re
from dataclasses import dataclass, field

from sync.matching.artists import (
    artist_score,
    comparable_name,
    row_artist_names,
    split_credits,
)
from sync.matching.text import (
    fold_ascii,
    has_non_latin,
    normalize,
    quoted_segments,
    similarity,
    split_brackets,
)
from sync.matching.versions import (
    FAN_EDITS,
    ParsedTitle,
    album_versions,
    detect_versions,
    parse_title,
)

ATV = "MUSIC_VIDEO_TYPE_ATV"
OMV = "MUSIC_VIDEO_TYPE_OMV"
UGC = "MUSIC_VIDEO_TYPE_UGC"
# Official audio beats an official video, which beats a user upload.
TYPE_RANK = {ATV: 3, OMV: 2, UGC: 1}
TYPE_WEIGHT = {ATV: 1.0, OMV: 0.95, UGC: 0.7}

# A title this similar (difflib ratio of normalised cores) still counts as
# the same song, which allows "Goin" for "Going" but not "Aria da capo".
MIN_TITLE_SIMILARITY = 0.9
# Rejected candidates keep half their score, so they always rank below
# ACCEPT_SCORE and the dashboard can still order them.
REJECTED_FACTOR = 0.5
ACCEPT_SCORE = 0.6
PIECE_SEPARATORS = re.compile(r"\s+[-–—/]\s+|[|｜_'\"“”‘’「」『』()\[\]（）【】]")
PRESENTATION_WORDS = re.compile(
    r"(?<= )(official|music|lyric|lyrics|video|audio|mv|m v|hd|4k|visualizer"
    r"|teaser|clip|oficial|officiel)(?= )"
)
NUMBER_WORD = re.compile(r"\d+|[ivx]{2,}|v|x")
TITLE_SEPARATORS = re.compile(r"\s+[-–—|｜/]\s+|\s*[|｜]\s*")


@dataclass
class MatchTarget:
    """The scrobble being matched, with its title parsed once per `match()` call."""

    artist: str
    title: str
    album: str | None
    duration_seconds: int | None = None
    parsed: ParsedTitle = field(init=False)
    requested: set[str] = field(init=False)
    credits: list[str] = field(init=False)
    album_text: str = field(init=False)

    def __post_init__(self) -> None:
        self.parsed = parse_title(self.title)
        self.requested = self.parsed.versions | album_versions(self.album)
        self.credits = split_credits(self.artist)
        self.album_text = normalize(self.album or "")


@dataclass
class Evidence:
    """Names learnt from the rows seen so far for one scrobble."""

    artist_aliases: set[str] = field(default_factory=set)
    title_aliases: set[str] = field(default_factory=set)


@dataclass
class Scored:
    """A row with its score and, when it may not win, the reason."""

    row: dict
    order: int
    score: float
    accepted: bool
    reason: str
    video_type: str

    @property
    def rank(self) -> tuple[int, float, int]:
        """Sort key: video type first, then score, then earlier sighting."""
        return (TYPE_RANK.get(self.video_type, 0), self.score, -self.order)


def title_options(row: dict, video_type: str) -> list[str]:
    """Return the parts of a row title that may be the song's name.

    Song rows carry the bare title. Video titles look like "Artist - Song
    (Official Video)", "Song - Artist", `Artist 'Song' MV` or "ARTIST |
    SONG", so every separated and quoted part is offered as well.
    """
    title = row.get("title") or ""
    options = [title]
    if row.get("resultType") == "song":
        return options
    options.extend(quoted_segments(title))
    for part in TITLE_SEPARATORS.split(title):
        if part.strip() and part.strip() != title:
            options.append(part.strip())
            options.extend(quoted_segments(part))
    return list(dict.fromkeys(options))


def title_score(
    scrobble: MatchTarget, option: ParsedTitle, evidence: Evidence
) -> float:
    """Score one parsed title against the scrobble's title (0..1)."""
    best = similarity(scrobble.parsed.core, option.core)
    if best < 1.0 and numbers_differ(scrobble.parsed.core, option.core):
        # "Part 2" and "Part 3", "No. 5" and "No. 7" are different works.
        best = min(best, MIN_TITLE_SIMILARITY - 0.05)
    if option.core in evidence.title_aliases:
        best = max(best, 0.95)
    return best


def numbers_differ(left: str, right: str) -> bool:
    """Tell whether two normalised titles differ in a number or a numeral."""
    changed = set(left.split()) ^ set(right.split())
    return any(NUMBER_WORD.fullmatch(word) for word in changed)


def penalise_segments(
    scrobble: MatchTarget, option: ParsedTitle, candidate_names: set[str]
) -> tuple[float, str]:
    """Return a factor for unexplained brackets and credits, and why."""
    factor = 1.0
    reason = ""
    known_names = candidate_names | set(scrobble.credits)
    known_names |= set(scrobble.parsed.credits)
    for credit in option.credits:
        names = split_credits(credit)
        if not names or not any(name in known_names for name in names):
            # "(With Long-Lost Guitars)" names no artist, so it is a version.
            factor *= 0.8
            reason = f"unexplained qualifier '{credit}'"
        elif not any(
            name in set(scrobble.credits) | set(scrobble.parsed.credits)
            for name in names
        ):
            factor *= 0.97
    extra = option.unknown - scrobble.parsed.unknown
    if extra:
        factor *= 0.8
        reason = f"unexplained qualifier '{sorted(extra)[0]}'"
    missing = scrobble.parsed.unknown - option.unknown
    if missing:
        factor *= 0.9
    return factor, reason


def album_score(scrobble: MatchTarget, row: dict) -> float:
    """Score the row's album against the scrobbled album (0.5 = no evidence)."""
    album = row.get("album")
    name = album.get("name") if isinstance(album, dict) else None
    if not scrobble.album_text or not name:
        return 0.5
    candidate = normalize(name)
    if candidate == scrobble.album_text:
        return 1.0
    expected_core = normalize(split_brackets(scrobble.album or "")[0])
    candidate_core = normalize(split_brackets(name)[0])
    if expected_core and expected_core == candidate_core:
        expected_numbers = set(re.findall(r"\d+", scrobble.album_text))
        candidate_numbers = set(re.findall(r"\d+", candidate))
        if (
            expected_numbers
            and candidate_numbers
            and expected_numbers != candidate_numbers
        ):
            # "(1955 Recording)" against "(1981 Recording)": another release.
            return 0.0
        return 0.8
    return 0.0


# Words for version families in rejection reasons.
VERSION_LABELS = {
    "version": "other",
    "language": "other-language",
    "alternate_take": "alternate take",
    "rerecording": "re-recorded",
    "sped_up": "sped-up",
    "bass_boosted": "bass-boosted",
    "8d": "8D",
}


def version_labels(names: set[str]) -> str:
    """Return version family names as readable, sorted words."""
    return ", ".join(sorted(VERSION_LABELS.get(name, name) for name in names))


def version_problem(
    scrobble: MatchTarget, versions: set[str], qualifiers: set[str]
) -> str:
    """Return why the candidate is another version, or "" when it is right."""
    requested = scrobble.requested
    unwanted = versions - requested
    if unwanted:
        names = version_labels(unwanted)
        if requested:
            return f"other version ({names}) than the requested one"
        return f"{names} version not requested"
    missing = requested - versions
    if missing:
        names = version_labels(missing)
        return f"requested {names} version missing"
    expected = scrobble.parsed.qualifiers
    if expected and len(expected & qualifiers) * 2 < len(expected):
        return "another recording of the requested version"
    return ""


def score_row(
    scrobble: MatchTarget,
    row: dict,
    order: int,
    evidence: Evidence,
    max_duration_seconds: int,
) -> Scored:
    """Score `row` for `scrobble`; `order` is its position across searches."""
    video_type = row.get("videoType") or UGC
    names = row_artist_names(row)
    artist = artist_score(scrobble.artist, names, evidence.artist_aliases)
    candidate_names = {comparable_name(name) for name in names}

    best_title, option, other_parts = best_title_option(
        scrobble, row, video_type, evidence
    )
    if row.get("resultType") != "song" and video_type != ATV:
        # A re-upload channel is not the artist, but its title may name it.
        for part in other_parts:
            if artist_score(scrobble.artist, [part], evidence.artist_aliases) > 0:
                artist = max(artist, 0.9)
    factor, qualifier_reason = penalise_segments(scrobble, option, candidate_names)
    title = best_title * factor

    versions = set(option.versions) | album_versions(row_album_name(row))
    qualifiers = set(option.qualifiers)
    for part in other_parts:
        versions |= detect_versions(normalize(part))
    for name in names:
        versions |= detect_versions(normalize(name)) & FAN_EDITS

    album = album_score(scrobble, row)
    score = (0.45 * artist + 0.45 * title + 0.10 * album) * TYPE_WEIGHT.get(
        video_type, 0.7
    )

    reason = rejection_reason(
        scrobble,
        row,
        video_type,
        artist=artist,
        raw_title=best_title,
        title=title,
        qualifier_reason=qualifier_reason,
        version=version_problem(scrobble, versions, qualifiers),
        max_duration_seconds=max_duration_seconds,
    )
    accepted = not reason and score >= ACCEPT_SCORE
    if not reason and not accepted:
        reason = f"score {score:.2f} below {ACCEPT_SCORE}"
    if not accepted:
        score *= REJECTED_FACTOR
    return Scored(
        row, order, round(min(max(score, 0.0), 1.0), 4), accepted, reason, video_type
    )


def rejection_reason(
    scrobble: MatchTarget,
    row: dict,
    video_type: str,
    *,
    artist: float,
    raw_title: float,
    title: float,
    qualifier_reason: str,
    version: str,
    max_duration_seconds: int,
) -> str:
    """Return why a row may not win, or "" when it may.

    `raw_title` is the title similarity before, `title` after the penalty
    for unexplained brackets and credits.
    """
    if artist <= 0 and raw_title < MIN_TITLE_SIMILARITY:
        return "no matching artist or title"
    if artist <= 0:
        return "same title by another artist"
    if raw_title < MIN_TITLE_SIMILARITY:
        return "other song by the same artist"
    if title < MIN_TITLE_SIMILARITY:
        return qualifier_reason or "title differs"
    if version:
        return version
    if video_type not in TYPE_RANK:
        return f"unknown video type {video_type}"
    if video_type == UGC and not scrobble.requested & FAN_EDITS:
        return "user upload, not an official release"
    duration = row.get("duration_seconds")
    if isinstance(duration, int | float) and duration > 0:
        if scrobble.duration_seconds:
            gap = abs(duration - scrobble.duration_seconds)
            if gap > max(90, scrobble.duration_seconds * 0.5):
                return (
                    f"duration {int(duration)} s far from {scrobble.duration_seconds} s"
                )
        elif duration > max_duration_seconds:
            return f"longer than {max_duration_seconds // 60} minutes"
    return ""


def best_title_option(
    scrobble: MatchTarget, row: dict, video_type: str, evidence: Evidence
) -> tuple[float, ParsedTitle, list[str]]:
    """Pick the part of the row title that best matches the scrobble title.

    Returns its score, its parsed form and the other parts (often the
    artist name or a "Nightcore" prefix).
    """
    options = title_options(row, video_type)
    best_score = -1.0
    best_parsed = parse_title(options[0])
    best_text = options[0]
    for text in options:
        parsed = parse_title(text)
        value = title_score(scrobble, parsed, evidence)
        if value > best_score:
            best_score, best_parsed, best_text = value, parsed, text
    if row.get("resultType") == "song":
        return max(best_score, 0.0), best_parsed, []
    return max(best_score, 0.0), best_parsed, other_parts(row, best_text)


def other_parts(row: dict, title_text: str) -> list[str]:
    """Return the pieces of a video title around the song's name.

    "TWICE "FANCY" M/V" gives ["TWICE"]: quotes, brackets and separators
    split the rest, and presentation words such as "M/V" are dropped.
    """
    title = row.get("title") or ""
    rest = title.replace(title_text, " | ", 1) if title_text != title else ""
    parts = []
    for piece in PIECE_SEPARATORS.split(rest):
        text = PRESENTATION_WORDS.sub(" ", " " + normalize(piece) + " ").strip()
        if text:
            parts.append(text)
    return parts


def row_album_name(row: dict) -> str | None:
    """Return the album name of a song row, or None for videos."""
    album = row.get("album")
    if isinstance(album, dict):
        return album.get("name")
    return None


def learn_title_aliases(scrobble: MatchTarget, rows: list[dict]) -> set[str]:
    """Learn a translated title from official rows such as `'봄날 (Spring Day)'`.

    Only a scrobble title in a non-Latin script is translated, and only
    when an official row shows it beside a bracketed Latin name.
    """
    native_title = fold_ascii(scrobble.parsed.core or scrobble.title).strip()
    if not native_title or not has_non_latin(native_title):
        return set()
    native = re.escape(fold_ascii(split_brackets(scrobble.title)[0]).strip())
    after = re.compile(native + r"\s*[\(\[（【]([^)\]）】]+)[\)\]）】]")
    before = re.compile(
        r"([^\(\[（【'\"「」]+?)\s*[\(\[（【]\s*" + native + r"\s*[\)\]）】]"
    )
    aliases: set[str] = set()
    for row in rows:
        if row.get("videoType") not in {ATV, OMV}:
            continue
        title = fold_ascii(row.get("title") or "")
        for pattern in (after, before):
            for match in pattern.finditer(title):
                alias = normalize(match.group(1))
                if alias and not has_non_latin(alias):
                    aliases.add(alias)
    return aliases
