"""Value types passed between the sync steps: scrobbles, ranked tracks."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

# Zero-width characters some scrobblers leave inside titles (U+200B..U+200D,
# U+2060, U+FEFF).
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(value: str) -> str:
    """Strip zero-width characters and collapse runs of whitespace."""
    return " ".join(ZERO_WIDTH.sub("", value).split())


def track_key(artist: str, title: str) -> str:
    """Return the ``artist|title`` key of overrides, blacklists and the cache.

    Lower case as in lastfm-to-ytm's `search_overrides.json`, with zero-width
    characters removed and whitespace collapsed, so one song has one key.
    """
    artist_part = clean_text(unicodedata.normalize("NFC", artist)).lower()
    title_part = clean_text(unicodedata.normalize("NFC", title)).lower()
    return f"{artist_part}|{title_part}"


@dataclass(frozen=True)
class Scrobble:
    """One play as Last.fm returns it. ``played_at`` is None for timestamp 0."""

    artist: str
    title: str
    album: str = ""
    played_at: datetime | None = None
    track_mbid: str = ""
    artist_mbid: str = ""

    @property
    def key(self) -> str:
        return track_key(self.artist, self.title)


@dataclass
class RankedTrack:
    """A unique song with its plays and ranking score."""

    artist: str
    title: str
    album: str = ""
    plays: int = 1
    first_played: datetime | None = None
    last_played: datetime | None = None
    score: float = 0.0
    # Other spellings merged into this track, e.g. album editions.
    merged_keys: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return track_key(self.artist, self.title)

    @property
    def label(self) -> str:
        return f"{self.artist} - {self.title}"
