"""Blacklist page: tracks and artists the sync never adds."""

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sync import curation
from sync.configfiles import ConfigFileError, load_overrides
from sync.forms.pages import BlacklistDeleteForm, BlacklistForm
from sync.views.navigation import redirect_back

logger = logging.getLogger(__name__)


def _render_list(
    request: HttpRequest, form: BlacklistForm, status: int = 200
) -> HttpResponse:
    path = curation.overrides_path()
    tracks: dict = {}
    artists: dict = {}
    file_error = ""
    try:
        parsed = load_overrides(path)
        tracks, artists = parsed.blacklist, parsed.blacklist_artists
    except ConfigFileError as error:
        file_error = str(error)
    context = {
        "tracks": sorted(tracks.items()),
        "artists": sorted(artists.items()),
        "path": path,
        "file_error": file_error,
        "form": form,
    }
    return render(request, "sync/blacklist_list.html", context, status=status)


@require_GET
def blacklist_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, BlacklistForm(initial={"kind": "track"}))


@require_POST
def blacklist_add(request: HttpRequest) -> HttpResponse:
    form = BlacklistForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form, status=400)
    data = form.cleaned_data
    try:
        if data["kind"] == "artist":
            curation.blacklist_artist(request.user, data["artist"], data["reason"])
        else:
            curation.blacklist_track(
                request.user, data["artist"], data["title"], data["reason"]
            )
    except (ConfigFileError, OSError) as error:
        logger.warning("blacklisting %s failed: %s", data["artist"], error)
        messages.error(
            request,
            _("Nothing was blacklisted: %(error)s. Fix the file and try again.")
            % {"error": error},
        )
        return redirect_back(request, "sync:blacklist-list")
    label = data["artist"]
    if data["kind"] != "artist":
        label = f"{data['artist']} – {data['title']}"
    messages.success(request, _("%(name)s is blacklisted.") % {"name": label})
    return redirect_back(request, "sync:blacklist-list")


@require_POST
def blacklist_delete(request: HttpRequest) -> HttpResponse:
    form = BlacklistDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No blacklist entry was named. Nothing changed."))
        return redirect_back(request, "sync:blacklist-list")
    key = form.cleaned_data["key"]
    try:
        removed = curation.remove_blacklisted(
            request.user, form.cleaned_data["section"], key
        )
    except (ConfigFileError, OSError) as error:
        messages.error(request, _("Nothing was removed: %(error)s.") % {"error": error})
        return redirect_back(request, "sync:blacklist-list")
    if removed:
        messages.success(
            request, _("%(key)s was removed from the blacklist.") % {"key": key}
        )
    else:
        messages.error(request, _("%(key)s is not on the blacklist.") % {"key": key})
    return redirect_back(request, "sync:blacklist-list")
