"""The main playlist's tracks: filtering for the Playlist page and exports.

Exports are M3U (extended, with ``#EXTINF`` lines and music.youtube.com
URLs), CSV and JSON, built from ``ManagedPlaylist.entries`` in order.
"""

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

from sync.models import ManagedPlaylist

EXPORT_FORMATS = {
    "m3u": "audio/x-mpegurl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
CSV_COLUMNS = (
    "position",
    "artist",
    "title",
    "video_id",
    "yt_title",
    "yt_artists",
    "source",
    "score",
    "url",
)


@dataclass(frozen=True)
class PlaylistEntry:
    """One track of a managed playlist as the Playlist page shows it."""

    position: int
    artist: str
    title: str
    video_id: str
    yt_title: str
    yt_artists: str
    source: str
    score: float | None

    @property
    def url(self) -> str:
        return f"https://music.youtube.com/watch?v={self.video_id}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "url": self.url}


def _artists_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _score(value: Any) -> float | None:
    try:
        return None if value in (None, "") else round(float(value), 3)
    except (TypeError, ValueError):
        return None


def playlist_entries(playlist: ManagedPlaylist) -> list[PlaylistEntry]:
    """Return the playlist's stored entries in order, skipping malformed ones."""
    entries = []
    for raw in playlist.entries or []:
        if not isinstance(raw, dict) or not raw.get("video_id"):
            continue
        entries.append(
            PlaylistEntry(
                position=len(entries) + 1,
                artist=str(raw.get("artist") or ""),
                title=str(raw.get("title") or ""),
                video_id=str(raw["video_id"]),
                yt_title=str(raw.get("yt_title") or ""),
                yt_artists=_artists_text(raw.get("yt_artists")),
                source=str(raw.get("source") or ""),
                score=_score(raw.get("score")),
            )
        )
    return entries


def filter_entries(
    entries: list[PlaylistEntry], source: str = "", text: str = ""
) -> list[PlaylistEntry]:
    """Keep entries of ``source`` whose names contain ``text`` (any case)."""
    needle = text.strip().casefold()
    kept = []
    for entry in entries:
        if source and entry.source != source:
            continue
        haystack = " ".join(
            (entry.artist, entry.title, entry.yt_title, entry.yt_artists)
        ).casefold()
        if needle and needle not in haystack:
            continue
        kept.append(entry)
    return kept


def _m3u_text(value: str) -> str:
    # A line break inside a name would start a new M3U line.
    return " ".join(value.split())


def export_m3u(name: str, entries: list[PlaylistEntry]) -> str:
    """Return an extended M3U playlist; duration -1 means unknown."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_m3u_text(name)}"]
    for entry in entries:
        artist = entry.yt_artists or entry.artist
        title = entry.yt_title or entry.title
        lines.append(f"#EXTINF:-1,{_m3u_text(artist)} - {_m3u_text(title)}")
        lines.append(entry.url)
    return "\n".join(lines) + "\n"


def export_csv(entries: list[PlaylistEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = entry.as_dict()
        row["score"] = "" if entry.score is None else entry.score
        writer.writerow(row)
    return buffer.getvalue()


def export_json(playlist: ManagedPlaylist, entries: list[PlaylistEntry]) -> str:
    document = {
        "name": playlist.name,
        "role": playlist.role,
        "playlist_id": playlist.playlist_id,
        "url": playlist.url,
        "last_synced": (
            playlist.last_synced.isoformat() if playlist.last_synced else None
        ),
        "tracks": [entry.as_dict() for entry in entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_playlist(playlist: ManagedPlaylist, export_format: str) -> str:
    """Render all of the playlist's entries in ``export_format``."""
    entries = playlist_entries(playlist)
    if export_format == "m3u":
        return export_m3u(playlist.name, entries)
    if export_format == "csv":
        return export_csv(entries)
    if export_format == "json":
        return export_json(playlist, entries)
    raise ValueError(
        f"unknown export format {export_format!r}: use one of "
        + ", ".join(EXPORT_FORMATS)
    )
