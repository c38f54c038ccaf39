"""Decide whether a playlist row is the same song as a desired track.

YouTube Music sometimes stores another upload of a song than the video id
sent (a silent substitution). The stored row is accepted when its title and
artists match the Last.fm track.
"""

import re
import unicodedata

from sync.playlists.desired import DesiredTrack
from sync.playlists.live import LiveRow

BRACKETED = re.compile(r"[(\[].*?[)\]]")
FEATURING = re.compile(r"\b(feat|ft|featuring)\b.*$")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = BRACKETED.sub(" ", text)
    text = FEATURING.sub(" ", text)
    return "".join(char for char in text if char.isalnum())


def same_song(track: DesiredTrack, row: LiveRow) -> bool:
    """Return whether a playlist row is plausibly the song of ``track``.

    Titles must be equal after dropping case, accents, brackets and "feat."
    parts, and one of the row's artists must appear in the track's artist.
    """
    title = _normalise(row.title)
    if not title or title != _normalise(track.title):
        return False
    artist = _normalise(track.artist)
    for name in row.artists:
        candidate = _normalise(name)
        if candidate and (candidate in artist or artist in candidate):
            return True
    return False
