"""First-launch wizard: admin account, then Last.fm, then YouTube Music."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sync.conf import ConfigError, load_sync_settings
from sync.forms.setup import AdminAccountForm, LastfmAccountForm, YTMusicHeadersForm
from sync.views.auth import setup_needed

logger = logging.getLogger(__name__)

STEPS = ("account", "lastfm", "ytmusic")


def home_url() -> str:
    """Return the dashboard URL, or the Settings page until the dashboard exists."""
    try:
        return reverse("sync:dashboard")
    except NoReverseMatch:
        return reverse("sync:settings")


def _render_step(
    request: HttpRequest, step: str, form: object, status: int = 200, **extra: object
) -> HttpResponse:
    context = {"form": form, "step": step, "steps": STEPS, **extra}
    return render(request, f"sync/setup_{step}.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def setup_account(request: HttpRequest) -> HttpResponse:
    """Create the admin account; open to everyone only while no user exists."""
    if not setup_needed():
        if request.user.is_authenticated:
            return redirect("sync:setup-lastfm")
        return redirect("sync:login")

    form = AdminAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A second browser may have finished setup meanwhile.
            if not setup_needed():
                return redirect("sync:login")
            user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        logger.info("Created admin account %s during setup", user.pk)
        return redirect("sync:setup-lastfm")
    status = 400 if form.is_bound else 200
    return _render_step(request, "account", form, status)


@require_http_methods(["GET", "POST"])
def setup_lastfm(request: HttpRequest) -> HttpResponse:
    """Check a Last.fm user and API key live, then save them to .env."""
    initial = {}
    try:
        initial["lastfm_user"] = load_sync_settings().lastfm_user
    except ConfigError:
        pass
    form = LastfmAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        logger.info("Saved Last.fm account %s", form.cleaned_data["lastfm_user"])
        messages.success(
            request,
            _("Last.fm account %(user)s checked and saved.")
            % {"user": form.cleaned_data["lastfm_user"]},
        )
        return redirect("sync:setup-ytmusic")
    status = 400 if form.is_bound else 200
    return _render_step(request, "lastfm", form, status)


@require_http_methods(["GET", "POST"])
def setup_ytmusic(request: HttpRequest) -> HttpResponse:
    """Turn pasted request headers into browser.json."""
    form = YTMusicHeadersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        path = form.save()
        messages.success(
            request,
            _("YouTube Music credentials saved to %(path)s. Setup is complete.")
            % {"path": path},
        )
        return redirect(home_url())
    status = 400 if form.is_bound else 200
    return _render_step(request, "ytmusic", form, status, home_url=home_url())
