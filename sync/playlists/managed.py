"""Operations on managed playlists outside a sync: delete, prune, discover.

Only playlists recorded as ManagedPlaylist rows are ever edited or deleted.
`discover` lists library playlists that look like ytmt's but have no row;
adopting one (`track`) is an explicit user action.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sync.conf import SyncSettings
from sync.models import ManagedPlaylist
from sync.ytmusic.client import YTMusicGateway
from sync.ytmusic.errors import YTMusicError, YTMusicNotFoundError
from sync.ytmusic.ids import canonical_playlist_id

logger = logging.getLogger(__name__)

WEEKLY_DATE = re.compile(r"^weekly:(\d{4}-\d{2}-\d{2})$")


def delete_managed(gateway: YTMusicGateway, row: ManagedPlaylist) -> None:
    """Delete a managed playlist on YouTube Music, then its row.

    A playlist already gone on YouTube Music only loses its row.
    """
    if row.playlist_id:
        try:
            gateway.delete_playlist(row.playlist_id)
        except YTMusicNotFoundError:
            logger.info("playlist %s (%s) was already deleted", row.pk, row.playlist_id)
    logger.info(
        "deleted managed playlist %s (%s, %s)", row.pk, row.role, row.playlist_id
    )
    row.delete()


def weekly_rows_newest_first() -> list[tuple[date, ManagedPlaylist]]:
    dated = []
    for row in ManagedPlaylist.objects.filter(role__startswith="weekly:"):
        match = WEEKLY_DATE.match(row.role)
        if match:
            dated.append((date.fromisoformat(match.group(1)), row))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return dated


def weeklies_to_prune(
    settings: SyncSettings, planned: date | None = None
) -> list[ManagedPlaylist]:
    """Return the weekly rows beyond WEEKLY_KEEP_WEEKS, newest first.

    ``planned`` counts a week whose playlist a dry run has not created yet.
    """
    if settings.weekly_keep_weeks == 0:
        return []
    dated: list[tuple[date, ManagedPlaylist | None]] = list(weekly_rows_newest_first())
    if planned is not None and all(day != planned for day, _ in dated):
        dated.append((planned, None))
        dated.sort(key=lambda pair: pair[0], reverse=True)
    return [row for _, row in dated[settings.weekly_keep_weeks :] if row is not None]


def prune_weeklies(
    gateway: YTMusicGateway,
    settings: SyncSettings,
    *,
    dry_run: bool = False,
    planned: date | None = None,
    log: Callable[[str], None] = lambda text: None,
) -> list[ManagedPlaylist]:
    """Delete weekly playlists beyond WEEKLY_KEEP_WEEKS; return those rows.

    A failed delete is logged and the row kept, so the next prune retries.
    """
    deleted = []
    for row in weeklies_to_prune(settings, planned):
        if dry_run:
            log(f"Would delete weekly playlist {row.name!r} ({row.playlist_id})")
            deleted.append(row)
            continue
        try:
            delete_managed(gateway, row)
        except YTMusicError as error:
            log(f"Deleting weekly playlist {row.name!r} failed: {error}")
            continue
        log(f"Deleted weekly playlist {row.name!r}")
        deleted.append(row)
    return deleted


def heal_playlist_ids(
    gateway: YTMusicGateway, library: list[dict] | None = None
) -> int:
    """Store each managed playlist id in the form the library lists.

    `create_playlist` and `get_library_playlists` may return different forms
    of one id ("VLPL..." and "PL..."); returns the number of rows fixed.
    """
    if library is None:
        library = gateway.get_library_playlists(limit=None)
    listed = {
        canonical_playlist_id(item["playlistId"]): item["playlistId"]
        for item in library
        if item.get("playlistId")
    }
    fixed = 0
    for row in ManagedPlaylist.objects.exclude(playlist_id=""):
        canonical = canonical_playlist_id(row.playlist_id)
        if canonical in listed and row.playlist_id != canonical:
            logger.info(
                "playlist %s: id %s stored as %s", row.role, row.playlist_id, canonical
            )
            row.playlist_id = canonical
            row.save(update_fields=["playlist_id"])
            fixed += 1
    return fixed


@dataclass(frozen=True)
class DiscoveredPlaylist:
    """A library playlist named like a managed one that no row records."""

    playlist_id: str
    title: str
    role: str
    count: str = ""
    # Why it cannot be adopted; empty when it can.
    blocked: str = ""


def discover(
    gateway: YTMusicGateway, settings: SyncSettings
) -> list[DiscoveredPlaylist]:
    """List unrecorded library playlists named like the main or a weekly one.

    The same library scan heals stored ids kept in another id form.
    """
    library = gateway.get_library_playlists(limit=None)
    heal_playlist_ids(gateway, library)
    weekly_title = re.compile(
        rf"^{re.escape(settings.weekly_prefix)} week of (\d{{4}}-\d{{2}}-\d{{2}})$"
    )
    recorded = {
        canonical_playlist_id(row.playlist_id): row
        for row in ManagedPlaylist.objects.exclude(playlist_id="")
    }
    by_role = {row.role: row for row in ManagedPlaylist.objects.all()}
    found = []
    for item in library:
        playlist_id = canonical_playlist_id(item.get("playlistId") or "")
        title = item.get("title") or ""
        if not playlist_id or playlist_id in recorded:
            continue
        role = _role_for_title(title, settings.playlist_name, weekly_title)
        if role is None:
            continue
        holder = by_role.get(role)
        blocked = ""
        if holder is not None and holder.playlist_id:
            blocked = f"role {role} is already recorded for {holder.playlist_id}"
        found.append(
            DiscoveredPlaylist(
                playlist_id, title, role, str(item.get("count") or ""), blocked
            )
        )
    return _mark_ambiguous(found)


def _role_for_title(title: str, main_name: str, weekly_title: re.Pattern) -> str | None:
    if title == main_name:
        return "main"
    match = weekly_title.match(title)
    if match:
        return f"weekly:{match.group(1)}"
    return None


def _mark_ambiguous(found: list[DiscoveredPlaylist]) -> list[DiscoveredPlaylist]:
    roles = [item.role for item in found]
    result = []
    for item in found:
        if not item.blocked and roles.count(item.role) > 1:
            item = DiscoveredPlaylist(
                item.playlist_id,
                item.title,
                item.role,
                item.count,
                f"{roles.count(item.role)} playlists match role {item.role}; "
                "delete the extra ones first",
            )
        result.append(item)
    return result


def track(item: DiscoveredPlaylist, privacy: str = "PRIVATE") -> ManagedPlaylist:
    """Record a discovered playlist as managed under its role."""
    if item.blocked:
        raise YTMusicError(
            f"cannot adopt {item.title!r} ({item.playlist_id}): {item.blocked}"
        )
    row, _ = ManagedPlaylist.objects.update_or_create(
        role=item.role,
        defaults={
            "name": item.title,
            "playlist_id": item.playlist_id,
            "privacy": privacy,
        },
    )
    logger.info("adopted playlist %s as %s", item.playlist_id, item.role)
    return row
