"""The weekly snapshot: the local week that just ended, as a playlist.

Each snapshot contains the tracks scrobbled in one completed week (Monday to
Monday by default, in WEEKLY_TIMEZONE or TIMEZONE), ranked like the main
playlist. It is written once, on the first run after the week ends, and
never changed afterwards; weeklies beyond WEEKLY_KEEP_WEEKS are deleted.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sync.lastfm.client import LastfmClient
from sync.models import ManagedPlaylist
from sync.playlists.managed import prune_weeklies
from sync.playlists.sync import DesiredTrack, PlaylistSyncResult
from sync.playlists.weekly import sync_weekly, week_start_date, weekly_role
from sync.ranking import rank_tracks
from sync.selection import Selection, walk_ranked
from sync.tracks import Scrobble

if TYPE_CHECKING:
    from sync.engine import Engine

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WeekWindow:
    """A local week as a half-open UTC interval [start, end)."""

    first_day: date
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        year, week, _ = self.first_day.isocalendar()
        return f"{year}-W{week:02d}"


def last_completed_week(now: datetime, week_start: str, tz_name: str) -> WeekWindow:
    """Return the local week before the one containing ``now``.

    Local midnights are converted with the zone's rules, so a week that
    crosses a daylight-saving change is 167 or 169 hours long.
    """
    zone = ZoneInfo(tz_name)
    current_first = week_start_date(now, week_start, tz_name)
    first_day = current_first - timedelta(days=7)
    # In UTC, because subtracting two times of one zone ignores a clock
    # change between them.
    start = datetime.combine(first_day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(current_first, time(0), tzinfo=zone).astimezone(UTC)
    return WeekWindow(first_day, start, end)


def fetch_window(
    client: LastfmClient, user: str, window: WeekWindow, max_raw: int
) -> list[Scrobble]:
    """Read every scrobble in ``window`` (Last.fm's from/to are inclusive)."""
    from_ts = int(window.start.timestamp())
    to_ts = int(window.end.timestamp()) - 1
    scrobbles: list[Scrobble] = []
    page = 1
    while True:
        result = client.recent_tracks_page(user, page, from_ts=from_ts, to_ts=to_ts)
        scrobbles.extend(
            s
            for s in result.scrobbles
            if s.played_at is not None and window.start <= s.played_at < window.end
        )
        if page >= result.total_pages or not result.scrobbles:
            return scrobbles
        if max_raw and len(scrobbles) >= max_raw:
            return scrobbles[:max_raw]
        page += 1


def update_weekly(
    engine: "Engine", selection: Selection, now: datetime
) -> PlaylistSyncResult | None:
    """Write last week's snapshot if it does not exist yet; prune old ones."""
    settings = engine.settings
    if not settings.weekly_enabled:
        return None
    window = last_completed_week(
        now, settings.weekly_week_start, settings.week_timezone
    )
    role = weekly_role(window.first_day)
    done = ManagedPlaylist.objects.filter(role=role, last_synced__isnull=False)
    if done.exists():
        prune_weeklies(engine.account, settings, log=engine.log)
        return None
    return _write_snapshot(engine, window)


def _write_snapshot(engine: "Engine", window: WeekWindow) -> PlaylistSyncResult | None:
    settings = engine.settings
    scrobbles = fetch_window(
        engine.lastfm, settings.lastfm_user, window, settings.max_raw_scrobbles
    )
    if not scrobbles:
        engine.log(
            f"No scrobbles in the week of {window.first_day.isoformat()}; "
            "no weekly playlist written."
        )
        return None
    ranked = rank_tracks(scrobbles, settings, window.end)
    selection = walk_ranked(
        ranked, engine.resolver, settings.limit, engine.context.check_cancelled
    )
    desired = [
        DesiredTrack(o.resolution.video_id, o.track.artist, o.track.title, o.track.key)
        for o in selection.chosen
    ]
    if not desired:
        return None
    engine.log(
        f"Writing the weekly playlist for {window.label} ({len(scrobbles)} "
        f"scrobbles, {len(desired)} tracks)."
    )
    return sync_weekly(
        engine.account, settings, desired, window.first_day, log=engine.log
    )
