"""Overrides page: manual matches of a track to a YouTube Music video."""

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sync import curation
from sync.configfiles import ConfigFileError, load_overrides
from sync.forms.pages import KeyForm, OverrideForm
from sync.views.navigation import redirect_back

logger = logging.getLogger(__name__)


@require_GET
def override_list(request: HttpRequest) -> HttpResponse:
    path = curation.overrides_path()
    overrides = {}
    file_error = ""
    try:
        overrides = load_overrides(path).overrides
    except ConfigFileError as error:
        file_error = str(error)
    rows = [
        {"key": key, "override": override}
        for key, override in sorted(overrides.items())
    ]
    context = {
        "rows": rows,
        "path": path,
        "file_error": file_error,
        "form": OverrideForm(),
    }
    return render(request, "sync/override_list.html", context)


def _save(request: HttpRequest, form: OverrideForm) -> bool:
    """Write a valid form's override; on failure add the error to the form."""
    data = form.cleaned_data
    try:
        curation.save_override(
            request.user,
            data["artist"],
            data["title"],
            data["video"],
            data["reason"],
            replaces_key=data["original_key"],
        )
    except (ConfigFileError, OSError) as error:
        logger.warning(
            "saving the override of %s - %s failed: %s",
            data["artist"],
            data["title"],
            error,
        )
        form.add_error(
            None,
            _("The override was not saved: %(error)s. Fix the file and try again.")
            % {"error": error},
        )
        return False
    messages.success(
        request,
        _("Override saved: %(track)s now uses video %(video)s.")
        % {"track": f"{data['artist']} – {data['title']}", "video": data["video"]},
    )
    return True


def _form_page(request: HttpRequest, form: OverrideForm, editing: bool) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    context = {"form": form, "editing": editing, "next": next_url}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "sync/override_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def override_add(request: HttpRequest) -> HttpResponse:
    """Show a prefilled form (GET) or save a new override (POST)."""
    if request.method == "GET":
        initial = {
            name: request.GET.get(name, "")
            for name in ("artist", "title", "video", "reason")
        }
        return _form_page(request, OverrideForm(initial=initial), editing=False)

    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, editing=False)
    form.cleaned_data["original_key"] = ""
    if not _save(request, form):
        return _form_page(request, form, editing=False)
    return redirect_back(request, "sync:override-list")


@require_http_methods(["GET", "POST"])
def override_update(request: HttpRequest) -> HttpResponse:
    """Edit the override whose key is in ``?key=`` (GET) or the form (POST)."""
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid() and _save(request, form):
            return redirect_back(request, "sync:override-list")
        return _form_page(request, form, editing=True)

    key = request.GET.get("key", "")
    try:
        override = load_overrides(curation.overrides_path()).overrides.get(key)
    except ConfigFileError as error:
        messages.error(request, str(error))
        return redirect_back(request, "sync:override-list")
    if override is None:
        raise Http404(_("No override with the key “%(key)s”.") % {"key": key})
    form = OverrideForm(
        initial={
            "artist": override.artist,
            "title": override.title,
            "video": override.video_id,
            "reason": override.reason,
            "original_key": key,
        }
    )
    return _form_page(request, form, editing=True)


@require_POST
def override_delete(request: HttpRequest) -> HttpResponse:
    form = KeyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No override was named. Nothing was deleted."))
        return redirect_back(request, "sync:override-list")
    key = form.cleaned_data["key"]
    try:
        deleted = curation.delete_override(request.user, key)
    except (ConfigFileError, OSError) as error:
        messages.error(
            request,
            _("The override was not deleted: %(error)s.") % {"error": error},
        )
        return redirect_back(request, "sync:override-list")
    if deleted:
        messages.success(request, _("Override for %(key)s deleted.") % {"key": key})
    else:
        messages.error(request, _("There is no override for %(key)s.") % {"key": key})
    return redirect_back(request, "sync:override-list")
