"""Numbers for the stats bar shown above the dashboard."""

import logging
from dataclasses import dataclass

from django.db.models import Count, Q, Subquery

from sync.configfiles import ConfigFileError, load_overrides
from sync.curation import overrides_path
from sync.models import ManagedPlaylist, SearchCacheEntry, SyncRun

logger = logging.getLogger(__name__)

MAIN_ROLE = "main"


@dataclass(frozen=True)
class Stats:
    """Counts for the stats bar; None where the source could not be read."""

    tracks: int
    overrides: int | None
    blacklisted: int | None
    not_found: int
    cached: int
    last_run: SyncRun | None
    overrides_error: str = ""


def collect_stats() -> Stats:
    """Count cache entries, overrides and blacklists, and find the last run.

    Two queries: one aggregate over the cache table and one for the latest
    finished run, which also carries the main playlist's track count in a
    subquery. Only a database without any finished run needs a third query.
    """
    cache_counts = SearchCacheEntry.objects.aggregate(
        cached=Count("pk"), not_found=Count("pk", filter=Q(found=False))
    )
    main_tracks = ManagedPlaylist.objects.filter(role=MAIN_ROLE).values("track_count")[
        :1
    ]
    last_run = (
        SyncRun.objects.exclude(status=SyncRun.Status.RUNNING)
        .annotate(main_tracks=Subquery(main_tracks))
        .defer("report", "api_calls")
        .order_by("-started_at")
        .first()
    )
    if last_run is not None:
        tracks = last_run.main_tracks or 0
    else:
        tracks = (
            ManagedPlaylist.objects.filter(role=MAIN_ROLE)
            .values_list("track_count", flat=True)
            .first()
            or 0
        )

    overrides: int | None = None
    blacklisted: int | None = None
    overrides_error = ""
    try:
        parsed = load_overrides(overrides_path())
        overrides = len(parsed.overrides)
        blacklisted = len(parsed.blacklist) + len(parsed.blacklist_artists)
    except (ConfigFileError, OSError) as error:
        logger.warning("stats: cannot read the overrides file: %s", error)
        overrides_error = str(error)

    return Stats(
        tracks=tracks,
        overrides=overrides,
        blacklisted=blacklisted,
        not_found=cache_counts["not_found"],
        cached=cache_counts["cached"],
        last_run=last_run,
        overrides_error=overrides_error,
    )
