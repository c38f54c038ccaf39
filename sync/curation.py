"""Changes a user makes from the web admin: overrides, blacklists, cache.

Each function writes the overrides file through `sync.configfiles` (atomic,
other content kept), drops the cache entries the change makes stale, and
records the change in `ActionLog`.
"""

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser

from sync import configfiles
from sync.conf import FIELDS_BY_KEY, ConfigError, load_sync_settings, raw_values
from sync.models import ActionLog, SearchCacheEntry
from sync.tracks import track_key

logger = logging.getLogger(__name__)

OVERRIDES_KEY = "CACHE_OVERRIDES_FILE"


def overrides_path() -> Path:
    """Return the configured overrides file.

    An invalid value of another key must not hide the overrides pages, so
    when the settings fail to load only CACHE_OVERRIDES_FILE is resolved.
    """
    try:
        return load_sync_settings().overrides_path
    except ConfigError as error:
        logger.warning("settings invalid, resolving %s alone: %s", OVERRIDES_KEY, error)
    values, _ = raw_values()
    raw = values.get(OVERRIDES_KEY, "").strip() or FIELDS_BY_KEY[OVERRIDES_KEY].default
    candidate = Path(raw).expanduser()
    if candidate.is_absolute():
        return candidate
    return Path(settings.YTMT_HOME) / candidate


def record(
    user: AbstractBaseUser | None, action: str, target: str = "", **details: Any
) -> ActionLog:
    """Store one user action for the Activity list."""
    actor = user if user is not None and user.is_authenticated else None
    entry = ActionLog.objects.create(
        user=actor, action=action, target=target[:600], details=details
    )
    logger.info("user %s: %s %s", getattr(actor, "pk", None), action, target)
    return entry


def forget_cached(*keys: str) -> int:
    """Delete the cache entries of ``keys`` so the next run looks them up."""
    deleted, _ = SearchCacheEntry.objects.filter(key__in=keys).delete()
    return deleted


def save_override(
    user: AbstractBaseUser | None,
    artist: str,
    title: str,
    video_id: str,
    reason: str = "",
    replaces_key: str = "",
) -> str:
    """Create or replace the override of a track; return its key.

    ``replaces_key`` is the key of the override being edited. When the
    artist or title changed, the new entry is written before the old one is
    removed, so a failed write never loses the override.
    """
    path = overrides_path()
    key = track_key(artist, title)
    configfiles.set_override(path, artist, title, video_id, reason)
    if replaces_key and replaces_key != key:
        configfiles.remove_override(path, replaces_key)
    forget_cached(key, *([replaces_key] if replaces_key else []))
    record(
        user,
        "override.update" if replaces_key else "override.add",
        key,
        video_id=video_id,
        replaced=replaces_key if replaces_key != key else "",
    )
    return key


def delete_override(user: AbstractBaseUser | None, key: str) -> bool:
    """Remove the override stored under ``key``; False when there is none."""
    path = overrides_path()
    if key not in configfiles.load_overrides(path).overrides:
        return False
    configfiles.remove_override(path, key)
    forget_cached(key)
    record(user, "override.delete", key)
    return True


def blacklist_track(
    user: AbstractBaseUser | None, artist: str, title: str, reason: str = ""
) -> str:
    """Blacklist one track and drop its cache entry; return its key."""
    key = track_key(artist, title)
    configfiles.add_blacklisted_track(overrides_path(), artist, title, reason)
    forget_cached(key)
    record(user, "blacklist.add_track", key, reason=reason)
    return key


def blacklist_artist(
    user: AbstractBaseUser | None, artist: str, reason: str = ""
) -> str:
    """Blacklist every track of an artist; return the artist key."""
    key = configfiles.artist_key(artist)
    configfiles.add_blacklisted_artist(overrides_path(), artist, reason)
    record(user, "blacklist.add_artist", key, reason=reason)
    return key


def remove_blacklisted(user: AbstractBaseUser | None, section: str, key: str) -> bool:
    """Remove a track or artist from a blacklist; False when it is absent."""
    path = overrides_path()
    parsed = configfiles.load_overrides(path)
    entries = parsed.blacklist if section == "_blacklist" else parsed.blacklist_artists
    if key not in entries:
        return False
    configfiles.remove_blacklisted(path, section, key)
    record(user, "blacklist.delete", key, section=section)
    return True


def delete_cache_entry(user: AbstractBaseUser | None, pk: int) -> str | None:
    """Delete one cache entry; return its key, or None when it is gone."""
    entry = SearchCacheEntry.objects.filter(pk=pk).only("key").first()
    if entry is None:
        return None
    entry.delete()
    record(user, "cache.delete", entry.key)
    return entry.key


def purge_cache(user: AbstractBaseUser | None, *, not_found_only: bool) -> int:
    """Delete every cache entry, or only the "not found" ones; return count."""
    entries = SearchCacheEntry.objects.all()
    if not_found_only:
        entries = entries.filter(found=False)
    # Nothing references the table and no signal listens to it, so Django
    # runs a single DELETE instead of loading the rows first.
    count, _ = entries.delete()
    action = "cache.purge_not_found" if not_found_only else "cache.purge_all"
    record(user, action, count=count)
    return count
