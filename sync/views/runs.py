"""Run history, run detail with its report, and the report as JSON."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sync import console, reports
from sync.models import ActionLog, SyncRun

PAGE_SIZE = 50
ACTIVITY_SIZE = 20
LIST_FIELDS = (
    "pk",
    "trigger",
    "kind",
    "dry_run",
    "status",
    "started_at",
    "finished_at",
    "counts",
    "error",
)


@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    """Paginated runs, newest first, and the latest user actions."""
    all_runs = SyncRun.objects.only(*LIST_FIELDS).order_by("-started_at")
    page = Paginator(all_runs, PAGE_SIZE).get_page(request.GET.get("page"))
    activity = ActionLog.objects.select_related("user").order_by("-created_at")[
        :ACTIVITY_SIZE
    ]
    return render(request, "sync/run_list.html", {"page": page, "activity": activity})


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SyncRun, pk=pk)
    summary = reports.summarise(run.report)
    context = {
        "run": run,
        "summary": summary,
        "lines": console.page_lines(run),
        "left_out_groups": [
            (status, summary.left_out_by_status(status)) for status in reports.LEFT_OUT
        ],
    }
    return render(request, "sync/run_detail.html", context)


@require_GET
def run_report(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the counted report of a run, as the run page shows it."""
    run = get_object_or_404(SyncRun, pk=pk)
    payload = {
        "run": run.pk,
        "status": run.status,
        "dry_run": run.dry_run,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "error": run.error,
        "hint": run.hint,
        **reports.summarise(run.report).as_dict(),
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
