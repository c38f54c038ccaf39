"""A YouTube Music catalogue for the fake, built from a listening history.

Each song is carried one of three ways, chosen stably from its key: as an
official upload (most songs), only as re-uploads (a nightcore edit and a
live take, which a careful matcher must refuse), or not at all. Every song
also gets the two traps next to its official upload.
"""

import hashlib

from sync.tracks import Scrobble
from tests.support.ytmusic_fake import FakeServer

ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def video_id_for(key: str, salt: str = "") -> str:
    """Return a stable 11-character video id for a track key."""
    digest = hashlib.sha256((salt + key).encode()).hexdigest()
    return "".join(
        ID_ALPHABET[int(digest[i : i + 2], 16) % 64] for i in range(0, 22, 2)
    )


def availability(key: str) -> str:
    """Return "official", "reupload_only" or "missing" for a track key."""
    bucket = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 20
    if bucket == 0:
        return "missing"
    if bucket == 1:
        return "reupload_only"
    return "official"


def build_catalogue(server: FakeServer, scrobbles: list[Scrobble]) -> int:
    """Add every distinct song of ``scrobbles`` to the fake; return the count."""
    seen: set[str] = set()
    for scrobble in scrobbles:
        key = scrobble.key
        if key in seen:
            continue
        seen.add(key)
        add_song_with_traps(server, scrobble, availability(key))
    return len(seen)


def add_song_with_traps(server: FakeServer, scrobble: Scrobble, kind: str) -> None:
    key = scrobble.key
    if kind == "missing":
        return
    if kind == "official":
        server.add_song(
            video_id_for(key),
            scrobble.title,
            scrobble.artist,
            album=scrobble.album or None,
        )
    server.add_song(
        video_id_for(key, "nightcore"),
        f"{scrobble.title} (Nightcore)",
        "NightcoreReality",
        video_type="MUSIC_VIDEO_TYPE_UGC",
    )
    server.add_song(
        video_id_for(key, "live"),
        f"{scrobble.title} (Live)",
        scrobble.artist,
    )


def expected_recent(scrobbles: list[Scrobble], limit: int) -> list[str]:
    """Video ids of the most recent distinct songs with an official upload."""
    chosen: list[str] = []
    seen: set[str] = set()
    for scrobble in scrobbles:
        if scrobble.played_at is None or scrobble.key in seen:
            continue
        seen.add(scrobble.key)
        if availability(scrobble.key) == "official":
            chosen.append(video_id_for(scrobble.key))
        if len(chosen) == limit:
            break
    return chosen
