"""Create a managed playlist exactly once, reconciling after a lost response.

`create_playlist` is never retried blindly, because the server may have
created the playlist although its response was lost (timeout, 5xx), and a
second create would leave a duplicate. A pending-create record in `StateValue`
survives the run, so the next attempt first looks in the library for a
playlist with the same title and description that no row records.
"""

import logging
from collections.abc import Callable

from django.utils import timezone

from sync.models import ManagedPlaylist, StateValue
from sync.ytmusic.client import YTMusicGateway, backoff_delay
from sync.ytmusic.errors import YTMusicError, YTMusicTransientError
from sync.ytmusic.ids import canonical_playlist_id

logger = logging.getLogger(__name__)


def pending_key(role: str) -> str:
    return f"playlist-create:{role}"[:80]


def create_managed_playlist(
    gateway: YTMusicGateway,
    row: ManagedPlaylist,
    *,
    name: str,
    description: str,
    privacy: str,
    log: Callable[[str], None],
) -> str:
    """Create the playlist for ``row`` (or adopt a lost one) and save its id."""
    key = pending_key(row.role)
    if StateValue.objects.filter(key=key).exists():
        found = find_own_playlist(gateway, name, description)
        if found:
            log(f"Found playlist {name!r} ({found}) from an earlier create; using it")
            return _record(row, found, name, description, privacy, key)

    StateValue.objects.update_or_create(
        key=key,
        defaults={"value": {"title": name, "at": timezone.now().isoformat()}},
    )
    try:
        playlist_id = gateway.create_playlist(name, description, privacy)
    except YTMusicTransientError as error:
        playlist_id = _reconcile_after_lost_create(gateway, name, description, error)
    log(f"Created playlist {name!r} ({playlist_id})")
    return _record(row, playlist_id, name, description, privacy, key)


def _reconcile_after_lost_create(
    gateway: YTMusicGateway, name: str, description: str, error: YTMusicError
) -> str:
    logger.warning(
        "create_playlist %r failed (%s); looking in the library", name, error
    )
    for attempt in range(max(gateway.max_retries, 1)):
        gateway.sleep(backoff_delay(attempt + 1))
        found = find_own_playlist(gateway, name, description)
        if found:
            return found
    raise YTMusicError(
        f"creating playlist {name!r} failed ({error}) and it did not appear in "
        "the library; the next sync checks the library again before creating"
    ) from error


def find_own_playlist(
    gateway: YTMusicGateway, name: str, description: str
) -> str | None:
    """Return the id of the one unrecorded library playlist we created, if any.

    Candidates have exactly ``name`` as title, are not recorded by any
    ManagedPlaylist row, and have ``description`` as their description.
    Raises YTMusicError when several match, since adopting one would be a
    guess.
    """
    recorded = {
        canonical_playlist_id(playlist_id)
        for playlist_id in ManagedPlaylist.objects.exclude(playlist_id="").values_list(
            "playlist_id", flat=True
        )
    }
    candidates = [
        canonical_playlist_id(item["playlistId"])
        for item in gateway.get_library_playlists(limit=None)
        if item.get("title") == name
        and item.get("playlistId")
        and canonical_playlist_id(item["playlistId"]) not in recorded
    ]
    matches = []
    for candidate in candidates:
        data = gateway.get_playlist(candidate, limit=1)
        if (data.get("description") or "").strip() == description.strip():
            matches.append(candidate)
    if len(matches) > 1:
        raise YTMusicError(
            f"{len(matches)} playlists named {name!r} with the same description "
            f"exist and none is recorded ({', '.join(matches)}); delete the "
            "extra ones on YouTube Music or adopt one with "
            "`manage.py playlists discover --track`"
        )
    return matches[0] if matches else None


def _record(
    row: ManagedPlaylist,
    playlist_id: str,
    name: str,
    description: str,
    privacy: str,
    key: str,
) -> str:
    row.playlist_id = playlist_id
    row.name = name
    row.description = description
    row.privacy = privacy
    row.track_count = 0
    row.save()
    StateValue.objects.filter(key=key).delete()
    return playlist_id
