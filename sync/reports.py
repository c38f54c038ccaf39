"""Summaries of a run's per-track report for the run page and its JSON.

`sync.report.build_report()` stores ``SyncRun.report`` as
``{"tracks": [...], "totals": {...}, "playlist": {...}}`` with one row per
ranked track. Each row has a ``status`` of added, not_found, blacklisted,
duplicate, invalid or error. The status "kept" (a ranked track left in
place) is accepted too.
The totals here are counted from the rows, so they always add up:

    source = added + kept + unmatched + blacklisted + merged_duplicates
             + failed

where failed counts both error and invalid rows. Totals the engine stored
are compared with these counts, and any mismatch is listed, never hidden.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

IN_PLAYLIST = ("added", "kept")
LEFT_OUT = ("not_found", "blacklisted", "duplicate", "invalid", "error")
STATUSES = IN_PLAYLIST + LEFT_OUT

# Shown when the engine gave no reason for leaving a track out.
DEFAULT_REASONS = {
    "not_found": _("no acceptable match on YouTube Music"),
    "blacklisted": _("on the blacklist"),
    "duplicate": _("resolves to the same video as another track"),
    "invalid": _("the video is unavailable or cannot be added"),
    "error": _("failed while this track was processed"),
}

# Names of the counted totals, in the order the page shows them.
TOTAL_NAMES = (
    "source",
    "added",
    "kept",
    "unmatched",
    "blacklisted",
    "merged_duplicates",
    "failed",
)
STATUS_TOTALS = {
    "added": "added",
    "kept": "kept",
    "not_found": "unmatched",
    "blacklisted": "blacklisted",
    "duplicate": "merged_duplicates",
    "invalid": "failed",
    "error": "failed",
}


@dataclass(frozen=True)
class TrackOutcome:
    """One ranked track and what the run did with it."""

    position: int
    artist: str
    title: str
    status: str
    source: str
    video_id: str
    yt_title: str
    yt_artists: str
    score: float | None
    reason: str
    merged_into: str

    @property
    def watch_url(self) -> str:
        if not self.video_id:
            return ""
        return f"https://music.youtube.com/watch?v={self.video_id}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "artist": self.artist,
            "title": self.title,
            "status": self.status,
            "source": self.source,
            "video_id": self.video_id,
            "yt_title": self.yt_title,
            "yt_artists": self.yt_artists,
            "score": self.score,
            "reason": self.reason,
            "merged_into": self.merged_into,
        }


@dataclass
class RunReport:
    """Counted totals and the tracks a run left out, grouped by status."""

    tracks: list[TrackOutcome] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    # (total name, engine value, counted value) for every disagreement.
    mismatches: list[tuple[str, int, int]] = field(default_factory=list)
    unknown: list[TrackOutcome] = field(default_factory=list)
    # What changed on YouTube Music: "playlist" and "weekly" summaries.
    playlist_changes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        parts = sum(self.totals[name] for name in TOTAL_NAMES[1:])
        return parts == self.totals["source"] and not self.unknown

    @property
    def left_out(self) -> list[TrackOutcome]:
        return [track for track in self.tracks if track.status in LEFT_OUT]

    @property
    def in_playlist(self) -> list[TrackOutcome]:
        return [track for track in self.tracks if track.status in IN_PLAYLIST]

    def left_out_by_status(self, status: str) -> list[TrackOutcome]:
        return [track for track in self.tracks if track.status == status]

    def as_dict(self) -> dict[str, Any]:
        return {
            "totals": dict(self.totals),
            "adds_up": self.adds_up,
            "mismatches": [
                {"total": name, "stored": stored, "counted": counted}
                for name, stored, counted in self.mismatches
            ],
            "left_out": [track.as_dict() for track in self.left_out],
            "tracks": [track.as_dict() for track in self.tracks],
        }


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _merged_label(value: Any) -> str:
    """Render ``merged_into`` given as "artist - title" or an artist/title dict."""
    if isinstance(value, dict):
        artist = _text(value.get("artist"))
        title = _text(value.get("title"))
        return f"{artist} - {title}" if artist and title else artist or title
    return _text(value)


def _score(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def _outcome(position: int, raw: dict[str, Any]) -> TrackOutcome:
    status = _text(raw.get("status")).strip().lower()
    reason = _text(raw.get("reason")).strip()
    if not reason and status in DEFAULT_REASONS:
        reason = str(DEFAULT_REASONS[status])
    return TrackOutcome(
        position=position,
        artist=_text(raw.get("artist")),
        title=_text(raw.get("title")),
        status=status,
        source=_text(raw.get("source")),
        video_id=_text(raw.get("video_id")),
        yt_title=_text(raw.get("yt_title")),
        yt_artists=_text(raw.get("yt_artists")),
        score=_score(raw.get("score")),
        reason=reason,
        merged_into=_merged_label(raw.get("merged_into")),
    )


def summarise(report: dict[str, Any] | None) -> RunReport:
    """Count a stored run report and check it against the engine's totals."""
    report = report if isinstance(report, dict) else {}
    raw_tracks = report.get("tracks") or []
    summary = RunReport(totals=dict.fromkeys(TOTAL_NAMES, 0))
    for position, raw in enumerate(raw_tracks, start=1):
        if not isinstance(raw, dict):
            raw = {"title": _text(raw), "status": ""}
        track = _outcome(position, raw)
        summary.tracks.append(track)
        summary.totals["source"] += 1
        if track.status in STATUS_TOTALS:
            summary.totals[STATUS_TOTALS[track.status]] += 1
        else:
            summary.unknown.append(track)

    for name in ("playlist", "weekly"):
        if isinstance(report.get(name), dict):
            summary.playlist_changes[name] = report[name]

    stored = report.get("totals") or {}
    if isinstance(stored, dict):
        for name in TOTAL_NAMES:
            if name not in stored:
                continue
            try:
                stored_value = int(stored[name])
            except (TypeError, ValueError):
                stored_value = -1
            if stored_value != summary.totals[name]:
                summary.mismatches.append((name, stored_value, summary.totals[name]))
    return summary
