"""Dashboard and sync console: stats, last runs, start, stop, live output."""

import logging

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sync import console, curation, runs
from sync.forms.pages import RunStartForm
from sync.models import SyncRun

logger = logging.getLogger(__name__)

RECENT_RUNS = 5


def _int_param(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _latest_failure(recent: list[SyncRun]) -> SyncRun | None:
    """Return the latest finished run when it failed, for the hint banner."""
    for run in recent:
        if run.status == SyncRun.Status.RUNNING:
            continue
        return run if run.status == SyncRun.Status.FAILED else None
    return None


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    recent = list(
        SyncRun.objects.defer("report", "api_calls").order_by("-started_at")[
            :RECENT_RUNS
        ]
    )
    run = console.console_run(_int_param(request.GET.get("run")))
    context = {
        "recent_runs": recent,
        "failure": _latest_failure(recent),
        "console_run": run,
        "console_lines": console.page_lines(run) if run is not None else [],
    }
    return render(request, "sync/dashboard.html", context)


@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    """Start a sync or a dry-run preview in the background."""
    form = RunStartForm(request.POST)
    dry_run = form.is_valid() and form.cleaned_data["dry_run"]
    try:
        run = runs.start_run_in_background("web", dry_run=dry_run)
    except runs.SyncAlreadyRunning as error:
        messages.error(request, _("Not started: %(error)s.") % {"error": error})
        return HttpResponseRedirect(reverse("sync:dashboard"))

    curation.record(request.user, "run.start", f"run {run.pk}", dry_run=dry_run)
    if dry_run:
        messages.success(request, _("Dry-run preview started."))
    else:
        messages.success(request, _("Sync started."))
    return HttpResponseRedirect(f"{reverse('sync:dashboard')}?run={run.pk}#console")


@require_POST
def run_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a running sync to stop at its next check."""
    run = get_object_or_404(SyncRun.objects.only("pk", "status"), pk=pk)
    if runs.request_cancel(run.pk):
        curation.record(request.user, "run.stop", f"run {run.pk}")
        messages.success(
            request, _("Stop requested. The sync stops after the current step.")
        )
    else:
        messages.error(
            request,
            _("Run %(id)s is not running (%(status)s); there is nothing to stop.")
            % {"id": run.pk, "status": run.get_status_display()},
        )
    return HttpResponseRedirect(f"{reverse('sync:dashboard')}?run={run.pk}#console")


@never_cache
@require_GET
def run_output(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the output lines of a run after sequence number ``after``."""
    raw_after = request.GET.get("after", "0")
    after = _int_param(raw_after)
    if after is None or after < 0:
        return JsonResponse(
            {
                "error": _(
                    "after=%(value)s is not a line number. Use a whole number "
                    "of 0 or more, such as after=0."
                )
                % {"value": raw_after}
            },
            status=400,
        )
    run = get_object_or_404(SyncRun.objects.defer("report", "api_calls"), pk=pk)
    return JsonResponse(console.output_payload(run, after))
