"""The Settings page: edit `.env`, preview the schedule, test notifications."""

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sync.conf import FIELDS_BY_KEY, ConfigError, load_sync_settings, raw_values
from sync.envfile import read_env_file, update_env_file
from sync.forms.settings import SettingsForm

logger = logging.getLogger(__name__)

NOTIFICATION_KINDS = ("apprise", "webhook")


def _build_form(data: Any = None) -> SettingsForm:
    env_file = Path(settings.ENV_FILE)
    effective, from_environment = raw_values(env_file)
    return SettingsForm(
        data,
        file_values=read_env_file(env_file),
        effective=effective,
        from_environment=from_environment,
    )


def next_run_times() -> tuple[list[datetime], str, str]:
    """Return the next three scheduled runs, the reason if none, the time zone."""
    try:
        from sync.scheduler import next_run_times as scheduler_next_run_times
    except ImportError:
        return [], _("The scheduler is not installed."), "UTC"
    try:
        sync_settings = load_sync_settings()
    except ConfigError as error:
        note = _("Fix %(key)s to see the schedule.") % {"key": error.key}
        return [], note, "UTC"
    times = list(scheduler_next_run_times(sync_settings, count=3))
    if not times:
        note = _("Scheduled syncs are off (AUTO_SYNC_ENABLED).")
        return [], note, sync_settings.timezone
    return times, "", sync_settings.timezone


def _reschedule(request: HttpRequest) -> None:
    try:
        from sync.scheduler import reschedule
    except ImportError:
        logger.info("No scheduler module; settings saved without rescheduling")
        return
    try:
        reschedule()
    except Exception as error:  # noqa: BLE001 - the save itself succeeded
        logger.exception("Rescheduling after a settings change failed")
        messages.warning(
            request,
            _("Settings saved, but the schedule was not updated: %(error)s")
            % {"error": error},
        )


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """Show every key in its group; save the changed ones to .env."""
    form = _build_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        changes = form.updates()
        if changes:
            update_env_file(Path(settings.ENV_FILE), changes)
            logger.info(
                "User %s changed settings: %s",
                request.user.pk,
                ", ".join(sorted(changes)),
            )
            messages.success(
                request,
                _("Saved %(keys)s.") % {"keys": ", ".join(sorted(changes))},
            )
            _reschedule(request)
            restart = sorted(k for k in changes if FIELDS_BY_KEY[k].restart_required)
            if restart:
                messages.warning(
                    request,
                    _("Restart ytmt for %(keys)s to take effect.")
                    % {"keys": ", ".join(restart)},
                )
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("sync:settings")

    if form.is_bound:
        messages.error(request, _("Nothing was saved: fix the marked settings."))
    times, schedule_note, schedule_timezone = next_run_times()
    context = {
        "form": form,
        "env_file": settings.ENV_FILE,
        "next_runs": times,
        "schedule_note": schedule_note,
        "schedule_timezone": schedule_timezone,
        "notification_kinds": NOTIFICATION_KINDS,
    }
    return render(
        request, "sync/settings.html", context, status=400 if form.is_bound else 200
    )


@require_POST
def send_test_notification(request: HttpRequest, kind: str) -> HttpResponse:
    """Send a test message through Apprise or the webhook, as saved in .env."""
    if kind not in NOTIFICATION_KINDS:
        raise Http404(f"unknown notification kind {kind!r}")
    try:
        from sync.notifications import send_test
    except ImportError:
        messages.error(request, _("Test notifications are not available yet."))
        return redirect("sync:settings")
    try:
        delivery = send_test(kind)
    except Exception as error:  # noqa: BLE001 - shown to the user, then logged
        logger.warning("Test %s notification failed: %s", kind, error)
        messages.error(
            request,
            _("The test %(kind)s notification failed: %(error)s")
            % {"kind": kind, "error": error},
        )
        return redirect("sync:settings")

    if delivery.ok:
        messages.success(
            request, _("Test %(kind)s notification sent.") % {"kind": kind}
        )
    else:
        logger.info("Test %s notification not delivered: %s", kind, delivery.message)
        messages.error(
            request,
            _("The test %(kind)s notification was not delivered: %(reason)s")
            % {"kind": kind, "reason": delivery.message},
        )
    return redirect("sync:settings")
