"""Turn ranked tracks into video ids: blacklists, overrides, cache, search.

The order is fixed: track blacklist, artist blacklist, override, search
cache (negative entries included), then a YouTube Music search. Searches run
in a thread pool of SEARCH_MAX_WORKERS; cache rows are written from the
calling thread only, so worker threads never touch the database.
"""

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.utils import timezone

from sync.conf import SyncSettings
from sync.configfiles import SearchOverrides
from sync.matching.matcher import Matcher, MatchResult
from sync.models import SearchCacheEntry
from sync.tracks import RankedTrack

logger = logging.getLogger(__name__)


class Status:
    FOUND = "found"
    NOT_FOUND = "not_found"
    BLACKLISTED = "blacklisted"
    ERROR = "error"


class Source:
    OVERRIDE = "override"
    CACHE = "cache"
    SEARCH = "search"
    BLACKLIST = "blacklist"
    ARTIST_BLACKLIST = "artist_blacklist"


@dataclass
class Resolution:
    """The resolver's decision for one track, with its source and reason."""

    track: RankedTrack
    status: str
    source: str
    video_id: str = ""
    yt_title: str = ""
    yt_artists: str = ""
    score: float = 0.0
    reason: str = ""
    searches: int = 0
    # Set when the result is a fallback the user should know about.
    warning: str = ""

    @property
    def found(self) -> bool:
        return self.status == Status.FOUND


def _join(artists: Iterable[str]) -> str:
    return ", ".join(a for a in artists if a)


def cached_match(track: RankedTrack, entry: SearchCacheEntry) -> Resolution:
    """Return the match stored in a found cache entry."""
    return Resolution(
        track,
        Status.FOUND,
        Source.CACHE,
        video_id=entry.video_id,
        yt_title=entry.yt_title,
        yt_artists=entry.yt_artists,
        score=entry.score,
    )


class TrackResolver:
    """Resolve the tracks of one run, remembering results so each key costs once."""

    def __init__(
        self,
        settings: SyncSettings,
        overrides: SearchOverrides,
        matcher: Matcher,
        log: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.settings = settings
        self.overrides = overrides
        self.matcher = matcher
        self.log = log
        self.memo: dict[str, Resolution] = {}
        self.cache_hits = 0
        self.cache_misses = 0
        self.searches = 0

    def resolve_many(
        self,
        tracks: list[RankedTrack],
        progress: Callable[[RankedTrack], None] | None = None,
    ) -> list[Resolution]:
        """Resolve ``tracks``, searching the uncached ones in parallel."""
        results: dict[str, Resolution] = {}
        to_search: list[RankedTrack] = []
        # One query for the batch instead of one per track.
        new_keys = [track.key for track in tracks if track.key not in self.memo]
        cached = SearchCacheEntry.objects.in_bulk(new_keys, field_name="key")
        for track in tracks:
            known = self.memo.get(track.key) or self._resolve_offline(
                track, cached.get(track.key)
            )
            if known is not None:
                results[track.key] = self.memo[track.key] = known
                if progress:
                    progress(track)
            else:
                to_search.append(track)

        if to_search:
            workers = min(self.settings.search_max_workers, len(to_search))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                outcomes = pool.map(self._search_safely, to_search)
                for track, outcome in zip(to_search, outcomes, strict=True):
                    resolution = self._record_search(track, outcome)
                    results[track.key] = self.memo[track.key] = resolution
                    if progress:
                        progress(track)
        return [results[track.key] for track in tracks]

    def _resolve_offline(
        self, track: RankedTrack, entry: SearchCacheEntry | None
    ) -> Resolution | None:
        """Resolve from blacklists, overrides or the cache; None means search."""
        if self.overrides.is_blacklisted(track.artist, track.title):
            return Resolution(
                track, Status.BLACKLISTED, Source.BLACKLIST, reason="track blacklisted"
            )
        if self.overrides.is_artist_blacklisted(track.artist):
            return Resolution(
                track,
                Status.BLACKLISTED,
                Source.ARTIST_BLACKLIST,
                reason="artist blacklisted",
            )
        override = self.overrides.override_for(track.artist, track.title)
        if override is not None:
            return Resolution(
                track,
                Status.FOUND,
                Source.OVERRIDE,
                video_id=override.video_id,
                yt_title=override.title,
                yt_artists=override.artist,
                score=1.0,
                reason=override.reason,
            )

        fresh = entry is not None and entry.is_fresh(
            self.settings.cache_search_ttl_days, self.settings.cache_notfound_ttl_days
        )
        if not fresh:
            self.cache_misses += 1
            return None
        self.cache_hits += 1
        if entry.found:
            return cached_match(track, entry)
        return Resolution(
            track,
            Status.NOT_FOUND,
            Source.CACHE,
            score=entry.candidate_score or 0.0,
            reason="no acceptable upload (cached answer)",
        )

    def _search_safely(self, track: RankedTrack) -> MatchResult | Exception:
        # One broken search result must not stop the run: the error is
        # recorded for this track and the next run searches it again.
        try:
            return self.matcher.match(track.artist, track.title, track.album or None)
        except Exception as error:  # noqa: BLE001 - reported per track
            from sync.ytmusic.errors import YTMusicAuthError

            if isinstance(error, YTMusicAuthError):
                raise
            logger.warning("Search for %r failed: %r", track.label, error)
            return error

    def _record_search(
        self, track: RankedTrack, outcome: MatchResult | Exception
    ) -> Resolution:
        if isinstance(outcome, Exception):
            return self._after_search_error(track, outcome)
        self.searches += outcome.searches
        self.store(track, outcome)
        if outcome.video_id:
            return Resolution(
                track,
                Status.FOUND,
                Source.SEARCH,
                video_id=outcome.video_id,
                yt_title=outcome.title,
                yt_artists=_join(outcome.artists),
                score=outcome.score,
                searches=outcome.searches,
            )
        rejected = outcome.best_rejected
        reason = "no acceptable upload"
        if rejected is not None and rejected.reason:
            reason = (
                f"no acceptable upload (best: {rejected.title!r}, {rejected.reason})"
            )
        return Resolution(
            track,
            Status.NOT_FOUND,
            Source.SEARCH,
            score=rejected.score if rejected else 0.0,
            reason=reason,
            searches=outcome.searches,
        )

    def _after_search_error(self, track: RankedTrack, error: Exception) -> Resolution:
        """Keep an expired earlier match rather than drop the track.

        A failed search must never remove a song that is already in the
        playlist; the entry stays expired, so the next run searches again.
        """
        stale = SearchCacheEntry.objects.filter(key=track.key, found=True).first()
        if stale is not None and stale.video_id:
            resolution = cached_match(track, stale)
            resolution.reason = "kept the earlier match because the search failed"
            resolution.warning = f"search failed: {error!r}"
            return resolution
        return Resolution(
            track, Status.ERROR, Source.SEARCH, reason=f"error: {error!r}"
        )

    def store(self, track: RankedTrack, outcome: MatchResult) -> None:
        """Write a search result to the cache, found or not."""
        rejected = outcome.best_rejected
        now = timezone.now()
        values = {
            "artist": track.artist[:300],
            "title": track.title[:300],
            "found": bool(outcome.video_id),
            "video_id": outcome.video_id or "",
            "yt_title": (outcome.title or "")[:500],
            "yt_artists": _join(outcome.artists)[:500],
            "score": outcome.score,
            "source": SearchCacheEntry.Source.SEARCH,
            "candidate_video_id": rejected.video_id if rejected else "",
            "candidate_title": (rejected.title if rejected else "")[:500],
            "candidate_artists": _join(rejected.artists if rejected else ())[:500],
            "candidate_score": rejected.score if rejected else None,
            "searches": outcome.searches,
            "updated_at": now,
        }
        SearchCacheEntry.objects.update_or_create(
            key=track.key,
            defaults=values,
            create_defaults={**values, "created_at": now},
        )

    def evict(self, key: str) -> None:
        """Forget a cached answer, e.g. a video YouTube Music rejected."""
        self.memo.pop(key, None)
        SearchCacheEntry.objects.filter(key=key).delete()
