"""One sync of the main playlist, from settings to summary.

Steps: load and validate settings and config files (before any network
call), read and rank the Last.fm history, resolve tracks, write the
playlist with the fewest changes, update the weekly snapshot, and return the
counts and report that `sync.runs` records.
"""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from sync import runs
from sync.conf import ConfigError, SyncSettings, load_sync_settings
from sync.configfiles import ConfigFileError, SearchOverrides, load_overrides
from sync.lastfm.client import LastfmClient
from sync.matching.matcher import Matcher
from sync.models import ManagedPlaylist, SyncRun
from sync.playlists.sync import DesiredTrack, PlaylistSyncResult, sync_playlist
from sync.report import build_report
from sync.resolve import Resolution, TrackResolver
from sync.selection import Outcome, Selection, select_recent
from sync.tracks import RankedTrack
from sync.ytmusic.client import build_gateways

logger = logging.getLogger(__name__)

SUPPORTED_KINDS = ("main",)
MAIN_ROLE = "main"


@dataclass
class SyncOutcome:
    status: str
    counts: dict[str, Any] = field(default_factory=dict)
    api_calls: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    playlist_url: str = ""


class MissingSetting(runs.ConfigurationProblem):
    pass


def load_checked_settings() -> SyncSettings:
    """Load settings and require the keys a sync cannot run without."""
    try:
        settings = load_sync_settings()
    except ConfigError as error:
        raise runs.ConfigurationProblem(str(error)) from error
    missing = [
        key
        for key, value in (
            ("LASTFM_USER", settings.lastfm_user),
            ("LASTFM_API_KEY", settings.lastfm_api_key),
        )
        if not value.strip()
    ]
    if missing:
        raise MissingSetting(
            f"{' and '.join(missing)} not set: add them to .env or finish the "
            "setup page of the web app."
        )
    return settings


def load_checked_overrides(settings: SyncSettings) -> SearchOverrides:
    try:
        return load_overrides(settings.overrides_path)
    except ConfigFileError as error:
        problem = runs.ConfigurationProblem(
            f"Malformed overrides file: {error}. Fix the file (or move it "
            "away to start empty); no playlist was changed."
        )
        problem.hint = str(error)
        raise problem from error


def default_description(settings: SyncSettings) -> str:
    if settings.playlist_description.strip():
        return settings.playlist_description
    return (
        f"Recent Last.fm scrobbles of {settings.lastfm_user}, ranked by plays "
        "and recency. Kept in sync by ytmt."
    )


def desired_tracks(selection: Selection) -> list[DesiredTrack]:
    return [
        DesiredTrack(
            video_id=outcome.resolution.video_id,
            artist=outcome.track.artist,
            title=outcome.track.title,
            key=outcome.track.key,
        )
        for outcome in selection.chosen
    ]


class Engine:
    """Runs the steps of one sync with shared clients and counters."""

    def __init__(self, context: "runs.RunContext", settings: SyncSettings) -> None:
        self.context = context
        self.settings = settings
        self.started = time.monotonic()
        self.lastfm = LastfmClient.from_settings(settings)
        self.account, self.searcher = build_gateways(settings)
        matcher = Matcher.from_settings(self._search, settings)
        self.resolver = TrackResolver(
            settings, load_checked_overrides(settings), matcher, self.log_detail
        )
        self.progress_done = 0
        # Track key -> the video id sent after YouTube Music rejected the first.
        self.replacements: dict[str, str] = {}

    def _search(self, query: str, search_filter: str | None) -> list[dict]:
        return self.searcher.search(query, filter=search_filter)

    def log(self, text: str, level: str = "INFO") -> None:
        self.context.log(text, level)

    def log_detail(self, text: str) -> None:
        self.context.log(text, verbosity=2)

    def _progress(self, track: Any) -> None:
        self.progress_done += 1
        if self.context.progress is not None:
            self.context.progress(self.progress_done, self.settings.limit, track.label)
        self.context.check_cancelled()

    def select(self) -> Selection:
        selection, _ = select_recent(
            self.lastfm,
            self.resolver,
            self.settings,
            self.log,
            check=self.context.check_cancelled,
            progress=self._progress,
        )
        for outcome in selection.considered:
            self._log_decision(outcome.resolution, outcome.status)
        return selection

    def _log_decision(self, resolution: Resolution, status: str) -> None:
        track = resolution.track
        detail = f"{status:<11} {track.label} [{resolution.source}]"
        if resolution.video_id:
            detail += f" -> {resolution.video_id} {resolution.yt_title!r}"
            detail += f" ({resolution.score:.2f})"
        if resolution.reason:
            detail += f": {resolution.reason}"
        self.log_detail(detail)
        if resolution.warning:
            self.log(f"{track.label}: {resolution.warning}", "WARNING")

    def write_main(
        self, selection: Selection, dry_run: bool
    ) -> PlaylistSyncResult | None:
        desired = desired_tracks(selection)
        if not desired:
            self.log("No track matched, so the playlist was left as it is.", "WARNING")
            return None
        result = sync_playlist(
            self.account,
            role=MAIN_ROLE,
            name=self.settings.playlist_name,
            description=default_description(self.settings),
            privacy=self.settings.playlist_privacy,
            desired=desired,
            dry_run=dry_run,
            reresolve=self._reresolve,
            log=self.log,
        )
        # `invalid` lists every rejected video, also those replaced by a
        # new search; only the ones without a replacement were left out.
        result.invalid = [t for t in result.invalid if t.key not in self.replacements]
        if not dry_run:
            self._store_entries(selection, result)
        return result

    def _reresolve(self, track: DesiredTrack) -> DesiredTrack | None:
        """Search again for a track whose video YouTube Music rejected."""
        self.resolver.evict(track.key)
        self.log(
            f"YouTube Music rejected {track.video_id} for {track.artist} - "
            f"{track.title}; searching again.",
            "WARNING",
        )
        match = self.resolver.matcher.match(track.artist, track.title)
        self.resolver.searches += match.searches
        if not match.video_id or match.video_id == track.video_id:
            return None
        self.resolver.store(RankedTrack(track.artist, track.title), match)
        self.replacements[track.key] = match.video_id
        return DesiredTrack(match.video_id, track.artist, track.title, track.key)

    def _stored_video_id(self, outcome: Outcome, result: PlaylistSyncResult) -> str:
        """Return the id YouTube Music holds for a chosen track."""
        sent = self.replacements.get(outcome.track.key, outcome.resolution.video_id)
        return result.substitutions.get(sent, sent)

    def _store_entries(self, selection: Selection, result: PlaylistSyncResult) -> None:
        invalid = {t.key for t in result.invalid}
        entries = [
            {
                "artist": o.track.artist,
                "title": o.track.title,
                "plays": o.track.plays,
                "video_id": self._stored_video_id(o, result),
                "yt_title": o.resolution.yt_title,
                "yt_artists": o.resolution.yt_artists,
                "source": o.resolution.source,
                "score": round(o.resolution.score, 3),
            }
            for o in selection.chosen
            if o.track.key not in invalid
        ]
        ManagedPlaylist.objects.filter(role=MAIN_ROLE).update(entries=entries)

    def api_calls(self) -> dict[str, Any]:
        ytmusic: Counter[str] = Counter(self.account.calls)
        if self.searcher is not self.account:
            ytmusic.update(self.searcher.calls)
        return {
            "lastfm": dict(self.lastfm.calls),
            "ytmusic": dict(sorted(ytmusic.items())),
        }

    def counts(
        self, report: dict[str, Any], result: PlaylistSyncResult | None
    ) -> dict[str, Any]:
        rows = report["tracks"]
        by_source = Counter(row["source"] for row in rows if row["status"] == "added")
        totals = report["totals"]
        return {
            "ranked": totals["source"],
            "resolved": totals["added"],
            "not_found": totals["unmatched"],
            "blacklisted": totals["blacklisted"],
            "duplicates": totals["merged_duplicates"],
            "errors": totals["failed"],
            "total": len(result.final_video_ids) if result else 0,
            "override": by_source["override"],
            "cache": by_source["cache"],
            "search": by_source["search"],
            "cache_hits": self.resolver.cache_hits,
            "cache_misses": self.resolver.cache_misses,
            "searches": self.resolver.searches,
            "added": len(result.added) if result else 0,
            "removed": len(result.removed) if result else 0,
            "moved": result.moved if result else 0,
            "duration_seconds": round(time.monotonic() - self.started, 2),
        }


def run_sync(
    context: "runs.RunContext", *, dry_run: bool = False, kind: str = "main"
) -> SyncOutcome:
    """Sync the main playlist (and the weekly snapshot) once."""
    if kind not in SUPPORTED_KINDS:
        raise runs.ConfigurationProblem(f"Sync kind {kind!r} is not supported yet.")
    settings = load_checked_settings()
    context.timeout = timedelta(minutes=settings.sync_timeout_minutes)
    for warning in settings.warnings:
        context.log(warning, "WARNING")

    engine = Engine(context, settings)
    prefix = "Dry run: " if dry_run else ""
    context.log(
        f"{prefix}Syncing {settings.limit} tracks of Last.fm user "
        f"{settings.lastfm_user} into {settings.playlist_name!r}."
    )
    selection = engine.select()
    context.check_cancelled()
    result = engine.write_main(selection, dry_run)
    context.check_cancelled()

    weekly = None
    if not dry_run:
        from sync.weekly_snapshot import update_weekly

        weekly = update_weekly(engine, selection, timezone.now())

    report = build_report(selection, result, weekly)
    counts = engine.counts(report, result)
    outcome = SyncOutcome(
        status=_status(report, result),
        counts=counts,
        api_calls=engine.api_calls(),
        report=report,
        playlist_url=_playlist_url(result),
    )
    from sync.summary import summary_lines

    for line in summary_lines(outcome, dry_run):
        context.log(line)
    return outcome


def _status(report: dict[str, Any], result: PlaylistSyncResult | None) -> str:
    if result is None and not report["tracks"]:
        return SyncRun.Status.FAILED
    if report["totals"]["failed"] or result is None:
        return SyncRun.Status.PARTIAL
    return SyncRun.Status.SUCCESS


def _playlist_url(result: PlaylistSyncResult | None) -> str:
    if result is None or not result.playlist_id:
        return ""
    return f"https://music.youtube.com/playlist?list={result.playlist_id}"


__all__ = ["SUPPORTED_KINDS", "SyncOutcome", "run_sync"]
