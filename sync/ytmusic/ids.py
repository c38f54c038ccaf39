"""Playlist id forms.

`get_library_playlists` and `get_playlist` return ids without the "VL"
browse prefix ("PL..."), while other responses (browse ids, some create
responses) carry it ("VLPL..."). ytmt stores the form without "VL".
Newer ids can be short (13 characters), so ids are checked by prefix and
alphabet, never by length.
"""

import re

# User playlists start with PL; YouTube Music's own with RDCLAK5uy_, OLAK5uy_.
PLAYLIST_ID = re.compile(r"(VL)?(PL|RD|OL|LM|SE)[A-Za-z0-9_-]+")


def canonical_playlist_id(playlist_id: str) -> str:
    """Return ``playlist_id`` without the "VL" browse prefix."""
    text = playlist_id.strip()
    return text[2:] if text.startswith("VL") else text


def is_playlist_id(value: object) -> bool:
    """Whether ``value`` is a string shaped like a YouTube Music playlist id."""
    return isinstance(value, str) and PLAYLIST_ID.fullmatch(value.strip()) is not None


def same_playlist(first: str, second: str) -> bool:
    return canonical_playlist_id(first) == canonical_playlist_id(second)
