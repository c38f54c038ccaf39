"""Playlists page: managed playlists with open, delete and weekly pruning.

Deleting and pruning go through `sync.playlists.managed`, which removes the
playlist on YouTube Music and then its row.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sync import curation
from sync.conf import ConfigError, SyncSettings, load_sync_settings
from sync.forms.pages import ConfirmForm
from sync.models import ManagedPlaylist, SyncRun
from sync.playlists.managed import (
    delete_managed,
    prune_weeklies,
    weeklies_to_prune,
)
from sync.views.navigation import redirect_back
from sync.ytmusic.client import build_gateways
from sync.ytmusic.errors import YTMusicError

logger = logging.getLogger(__name__)

LIST_FIELDS = (
    "pk",
    "role",
    "name",
    "playlist_id",
    "privacy",
    "track_count",
    "created_at",
    "last_synced",
    "last_error",
)


@require_GET
def managed_playlist_list(request: HttpRequest) -> HttpResponse:
    playlists = ManagedPlaylist.objects.only(*LIST_FIELDS).order_by("role")
    return render(
        request,
        "sync/managed_playlist_list.html",
        {"playlists": playlists, "form": ConfirmForm()},
    )


def _call_youtube_music(
    request: HttpRequest, action: Callable[[Any, SyncSettings], Any]
) -> tuple[bool, Any]:
    """Build the account gateway and run ``action``; report failures.

    Refuses while a sync runs, because the sync may be writing the same
    playlists.
    """
    if SyncRun.objects.filter(status=SyncRun.Status.RUNNING).exists():
        messages.error(
            request,
            _("A sync is running. Wait until it finishes, then try again."),
        )
        return False, None
    try:
        settings = load_sync_settings()
        account, _search = build_gateways(settings)
        return True, action(account, settings)
    except ConfigError as error:
        messages.error(
            request,
            _("Invalid setting: %(error)s. Fix it on the Settings page.")
            % {"error": error},
        )
    except YTMusicError as error:
        logger.warning("YouTube Music call from the Playlists page failed: %s", error)
        messages.error(
            request,
            _("YouTube Music refused the change: %(error)s. Nothing was deleted.")
            % {"error": error},
        )
    return False, None


@require_POST
def managed_playlist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    playlist = get_object_or_404(ManagedPlaylist, pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect_back(request, "sync:managed-playlist-list")

    name, role = playlist.name, playlist.role
    ok, _deleted = _call_youtube_music(
        request, lambda gateway, settings: delete_managed(gateway, playlist)
    )
    if ok:
        curation.record(request.user, "playlist.delete", role, name=name)
        messages.success(request, _("Playlist “%(name)s” deleted.") % {"name": name})
    return redirect_back(request, "sync:managed-playlist-list")


@require_POST
def weekly_prune(request: HttpRequest) -> HttpResponse:
    """Delete weekly playlists older than WEEKLY_KEEP_WEEKS."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect_back(request, "sync:managed-playlist-list")

    output: list[str] = []
    expected: list[ManagedPlaylist] = []

    def prune(gateway: Any, settings: SyncSettings) -> list[ManagedPlaylist]:
        expected.extend(weeklies_to_prune(settings))
        return prune_weeklies(gateway, settings, log=output.append)

    ok, deleted = _call_youtube_music(request, prune)
    if not ok:
        return redirect_back(request, "sync:managed-playlist-list")

    deleted_ids = {row.pk for row in deleted}
    for row in expected:
        if row.pk in deleted_ids:
            continue
        # prune_weeklies keeps a row whose delete failed and logs why.
        details = [line for line in output if repr(row.name) in line]
        logger.warning("weekly playlist %s not pruned: %s", row.pk, details)
        messages.error(
            request,
            _("“%(name)s” was not deleted: %(details)s The next prune tries again.")
            % {"name": row.name, "details": " ".join(details)},
        )

    names = [row.name for row in deleted]
    curation.record(request.user, "weekly.prune", ", ".join(names), count=len(names))
    messages.success(
        request,
        ngettext(
            "%(count)d old weekly playlist deleted.",
            "%(count)d old weekly playlists deleted.",
            len(names),
        )
        % {"count": len(names)},
    )
    return redirect_back(request, "sync:managed-playlist-list")
