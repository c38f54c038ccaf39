"""Last.fm tags cleaned for playlists: junk dropped, spellings folded.

Listeners tag nearly every band they have seen "seen live", and the most
used tags come in several spellings ("Hip-Hop", "hip hop", "hiphop"). Tag
playlists therefore rank tags by folded key, skip a blocklist of
non-genre tags, and count a tag for an artist only at TAG_MIN_COUNT or more.
"""

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sync.lastfm.parsing import Tag

DEFAULT_BLOCKLIST = (
    "seen live",
    "favorites",
    "favorite",
    "favourites",
    "favourite",
    "awesome",
    "love",
    "albums i own",
    "spotify",
    "beautiful",
    "under 2000 listeners",
)


def tag_key(name: str) -> str:
    """Fold a tag to its comparison key: case, spaces, dashes and "&" as "and"."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\s*[&+]\s*", " and ", text)
    return re.sub(r"[\s\-_/.]+", "", text)


def display_name(spelling: str) -> str:
    """Return a tag's display form: words split on dashes, title case."""
    words = re.split(r"[\s\-_]+", spelling.strip())
    return " ".join(word[:1].upper() + word[1:].lower() for word in words if word)


def parse_blocklist(setting: str) -> frozenset[str]:
    """Return the blocked tag keys: TAG_BLOCKLIST, or the built-in list."""
    names = [part for part in setting.split(",") if part.strip()]
    return frozenset(tag_key(name) for name in names or DEFAULT_BLOCKLIST)


@dataclass(frozen=True)
class RankedTag:
    key: str
    name: str
    weight: float


def clean_tags(
    tags: Iterable[Tag], min_count: int, blocklist: frozenset[str]
) -> dict[str, int]:
    """Map folded key to the highest count of one artist's usable tags."""
    cleaned: dict[str, int] = {}
    for tag in tags:
        key = tag_key(tag.name)
        if not key or key in blocklist or tag.count < min_count:
            continue
        cleaned[key] = max(cleaned.get(key, 0), tag.count)
    return cleaned


def top_tags(
    artist_tags: Mapping[str, list[Tag]],
    plays: Mapping[str, float],
    count: int,
    blocklist: frozenset[str],
) -> list[RankedTag]:
    """Rank the listener's tags: each artist's tag counts, weighted by plays.

    Every tag counts here, weak ones included, because many weak votes add
    up; membership of an artist in a tag uses the TAG_MIN_COUNT threshold.
    """
    weights: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for artist, tags in artist_tags.items():
        for key, tag_count in clean_tags(tags, 0, blocklist).items():
            weights[key] += tag_count * plays.get(artist, 1.0)
        for tag in tags:
            spellings[tag_key(tag.name)][display_name(tag.name)] += tag.count

    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [
        RankedTag(key, _most_used(spellings[key]), weight)
        for key, weight in ranked[:count]
    ]


def _most_used(spellings: Counter[str]) -> str:
    # Ties go to the alphabetically first form, so the name is stable.
    return sorted(spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]


def artists_for_tag(
    artist_tags: Mapping[str, list[Tag]],
    key: str,
    min_count: int,
    blocklist: frozenset[str],
) -> list[str]:
    """Artists whose tags include ``key`` at ``min_count`` or more."""
    return sorted(
        artist
        for artist, tags in artist_tags.items()
        if key in clean_tags(tags, min_count, blocklist)
    )
