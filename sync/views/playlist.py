"""The Playlist page: tracks of a managed playlist, filters and exports."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sync import exports
from sync.forms.pages import PlaylistFilterForm
from sync.models import ManagedPlaylist
from sync.stats import MAIN_ROLE


def _playlist_or_none(pk: int | None) -> ManagedPlaylist | None:
    if pk is not None:
        return get_object_or_404(ManagedPlaylist, pk=pk)
    return ManagedPlaylist.objects.filter(role=MAIN_ROLE).first()


@require_GET
def playlist_detail(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    playlist = _playlist_or_none(pk)
    form = PlaylistFilterForm(request.GET or None)
    source = text = ""
    if form.is_bound and form.is_valid():
        source = form.cleaned_data["source"]
        text = form.cleaned_data["q"]
    entries = exports.playlist_entries(playlist) if playlist else []
    shown = exports.filter_entries(entries, source=source, text=text)
    context = {
        "playlist": playlist,
        "form": form,
        "entries": shown,
        "total": len(entries),
        "filtered": bool(source or text),
        "export_formats": list(exports.EXPORT_FORMATS),
    }
    return render(request, "sync/playlist_detail.html", context)


@require_GET
def playlist_export(
    request: HttpRequest, export_format: str, pk: int | None = None
) -> HttpResponse:
    """Download the whole playlist as M3U, CSV or JSON."""
    if export_format not in exports.EXPORT_FORMATS:
        raise Http404(
            _("Unknown export format “%(format)s”. Use m3u, csv or json.")
            % {"format": export_format}
        )
    playlist = _playlist_or_none(pk)
    if playlist is None:
        raise Http404(_("There is no main playlist yet. Run a sync first."))
    body = exports.export_playlist(playlist, export_format)
    response = HttpResponse(body, content_type=exports.EXPORT_FORMATS[export_format])
    filename = f"{slugify(playlist.name) or 'playlist'}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
