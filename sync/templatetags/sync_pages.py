"""Template helpers of the data pages: stats bar, labels, video links."""

from django import template
from django.utils.translation import gettext_lazy as _

from sync.stats import Stats, collect_stats

register = template.Library()

ACTION_LABELS = {
    "override.add": _("Override added"),
    "override.update": _("Override changed"),
    "override.delete": _("Override deleted"),
    "blacklist.add_track": _("Track blacklisted"),
    "blacklist.add_artist": _("Artist blacklisted"),
    "blacklist.delete": _("Removed from the blacklist"),
    "cache.delete": _("Cache entry deleted"),
    "cache.purge_not_found": _("“Not found” cache entries deleted"),
    "cache.purge_all": _("Cache emptied"),
    "playlist.delete": _("Playlist deleted"),
    "weekly.prune": _("Old weekly playlists deleted"),
    "run.start": _("Sync started"),
    "run.stop": _("Sync stop requested"),
}

SOURCE_LABELS = {
    "override": _("override"),
    "manual": _("manual"),
    "cache": _("cache"),
    "search": _("search"),
}

OUTCOME_LABELS = {
    "added": _("added"),
    "kept": _("kept"),
    "not_found": _("not found"),
    "blacklisted": _("blacklisted"),
    "duplicate": _("merged duplicate"),
    "invalid": _("invalid video"),
    "error": _("error"),
}


@register.simple_tag
def page_stats() -> Stats:
    """Collect the stats bar numbers (two queries and one file read)."""
    return collect_stats()


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source or "?"))


@register.filter
def outcome_label(status: str) -> str:
    return str(OUTCOME_LABELS.get(status, status or "?"))


@register.filter
def watch_url(video_id: str) -> str:
    """Return the music.youtube.com link of a video id, or "" without one."""
    if not video_id:
        return ""
    return f"https://music.youtube.com/watch?v={video_id}"
