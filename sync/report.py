"""The run report: per-track outcomes, totals that add up, counts, summary."""

from collections import Counter
from typing import Any

from sync.playlists.sync import PlaylistSyncResult
from sync.selection import Selection


def track_rows(selection: Selection, invalid_keys: set[str]) -> list[dict[str, Any]]:
    """One row per considered track, in rank order."""
    rows = []
    for outcome in selection.considered:
        resolution = outcome.resolution
        status = outcome.status
        if status == "added" and outcome.track.key in invalid_keys:
            status = "invalid"
        rows.append(
            {
                "artist": outcome.track.artist,
                "title": outcome.track.title,
                "plays": outcome.track.plays,
                "status": status,
                "source": resolution.source,
                "video_id": resolution.video_id,
                "yt_title": resolution.yt_title,
                "yt_artists": resolution.yt_artists,
                "score": round(resolution.score, 3),
                "reason": resolution.reason,
                "warning": resolution.warning,
                "merged_into": outcome.merged_into,
            }
        )
    return rows


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Totals where source == added + unmatched + blacklisted + merged + failed."""
    by_status = Counter(row["status"] for row in rows)
    result = {
        "source": len(rows),
        "added": by_status["added"],
        "unmatched": by_status["not_found"],
        "blacklisted": by_status["blacklisted"],
        "merged_duplicates": by_status["duplicate"],
        "failed": by_status["error"] + by_status["invalid"],
    }
    parts = ("added", "unmatched", "blacklisted", "merged_duplicates", "failed")
    assert result["source"] == sum(result[key] for key in parts)
    return result


def build_report(
    selection: Selection,
    playlist: PlaylistSyncResult | None,
    weekly: PlaylistSyncResult | None = None,
) -> dict[str, Any]:
    invalid_keys = {track.key for track in playlist.invalid} if playlist else set()
    rows = track_rows(selection, invalid_keys)
    report: dict[str, Any] = {"tracks": rows, "totals": totals(rows)}
    if playlist is not None:
        report["playlist"] = playlist_summary(playlist)
    if weekly is not None:
        report["weekly"] = playlist_summary(weekly)
    return report


def playlist_summary(result: PlaylistSyncResult) -> dict[str, Any]:
    return {
        "playlist_id": result.playlist_id,
        "name": result.name,
        "created": result.created,
        "renamed": result.renamed,
        "unchanged": result.unchanged,
        "added": [f"{t.artist} - {t.title}" for t in result.added],
        "removed": [_removed_label(item) for item in result.removed],
        "moved": result.moved,
        "invalid": [f"{t.artist} - {t.title}" for t in result.invalid],
        "substitutions": result.substitutions,
    }


def _removed_label(item: dict[str, Any]) -> str:
    artists = ", ".join(a.get("name", "") for a in item.get("artists") or [])
    title = item.get("title") or item.get("videoId") or "?"
    return f"{artists} - {title}" if artists else str(title)
