"""Weekly snapshot playlists: "<prefix> week of YYYY-MM-DD".

The week is the user's local week (WEEKLY_TIMEZONE, else TIMEZONE), so the
week boundary falls at local midnight, whatever the UTC date is. Which week
to write and its tracks come from `sync.weekly_snapshot`.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sync.conf import SyncSettings
from sync.playlists.desired import DesiredTrack
from sync.playlists.managed import prune_weeklies
from sync.playlists.sync import PlaylistSyncResult, sync_playlist
from sync.ytmusic.client import YTMusicGateway

logger = logging.getLogger(__name__)

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
WEEKLY_ROLE_PREFIX = "weekly:"


def week_start_date(now: datetime, week_start: str, tz_name: str) -> date:
    """Return the local date on which the week containing ``now`` began.

    ``now`` must be timezone-aware; ``week_start`` is MON..SUN.
    """
    if now.tzinfo is None:
        raise ValueError(f"week_start_date needs an aware datetime, got {now!r}")
    first_day = WEEKDAYS.index(week_start.upper())
    local = now.astimezone(ZoneInfo(tz_name))
    days_since_start = (local.weekday() - first_day) % 7
    return local.date() - timedelta(days=days_since_start)


def weekly_role(start: date) -> str:
    return f"{WEEKLY_ROLE_PREFIX}{start.isoformat()}"


def weekly_name(prefix: str, start: date) -> str:
    return f"{prefix} week of {start.isoformat()}"


def sync_weekly(
    gateway: YTMusicGateway,
    settings: SyncSettings,
    desired: list[DesiredTrack],
    first_day: date,
    *,
    dry_run: bool = False,
    log: Callable[[str], None] = lambda text: None,
) -> PlaylistSyncResult | None:
    """Write ``desired`` into the snapshot of the week starting ``first_day``.

    Returns None when WEEKLY_ENABLED is off. Weeklies beyond
    WEEKLY_KEEP_WEEKS (0 keeps all) are deleted after the sync.
    """
    if not settings.weekly_enabled:
        return None
    year, week, _ = first_day.isocalendar()
    description = (
        f"What {settings.lastfm_user or 'you'} listened to in the week of "
        f"{first_day.isoformat()} ({year}-W{week:02d}). Written by ytmt."
    )
    result = sync_playlist(
        gateway,
        role=weekly_role(first_day),
        name=weekly_name(settings.weekly_prefix, first_day),
        description=description,
        privacy=settings.weekly_playlist_privacy or settings.playlist_privacy,
        desired=desired,
        dry_run=dry_run,
        log=log,
    )
    prune_weeklies(
        gateway,
        settings,
        dry_run=dry_run,
        planned=first_day if dry_run else None,
        log=log,
    )
    return result
