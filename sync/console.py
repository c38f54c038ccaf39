"""The sync console: which run it shows and the output lines it polls."""

from typing import Any

from sync.models import SyncRun, SyncRunLine

# Lines sent per poll. The browser polls again at once after a full batch.
MAX_LINES_PER_POLL = 500
# Lines rendered into the page for browsers without JavaScript.
MAX_LINES_IN_PAGE = 2000


def console_run(requested_id: int | None = None) -> SyncRun | None:
    """Return the run the console shows.

    An explicit id wins; otherwise the running sync, so a reloaded page
    reattaches to it, and otherwise the latest run.
    """
    runs = SyncRun.objects.defer("report", "api_calls")
    if requested_id is not None:
        run = runs.filter(pk=requested_id).first()
        if run is not None:
            return run
    running = runs.filter(status=SyncRun.Status.RUNNING).order_by("-started_at").first()
    if running is not None:
        return running
    return runs.order_by("-started_at").first()


def lines_after(run_id: int, after: int, limit: int = MAX_LINES_PER_POLL) -> list:
    """Return up to ``limit`` output lines of a run with seq above ``after``."""
    return list(
        SyncRunLine.objects.filter(run_id=run_id, seq__gt=after)
        .order_by("seq")
        .values("seq", "level", "text")[:limit]
    )


def output_payload(run: SyncRun, after: int) -> dict[str, Any]:
    """Build the JSON the console script polls: new lines and the run state.

    The status is read before the lines, so a finished status never comes
    with lines that miss the run's last output.
    """
    lines = lines_after(run.pk, after)
    last_seq = lines[-1]["seq"] if lines else after
    return {
        "run": run.pk,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "finished": run.status != SyncRun.Status.RUNNING,
        "dry_run": run.dry_run,
        "lines": lines,
        "last_seq": last_seq,
        "more": len(lines) >= MAX_LINES_PER_POLL,
    }


def page_lines(run: SyncRun) -> list[dict[str, Any]]:
    """Return the latest output lines of a run, oldest first, for the page."""
    latest = list(
        SyncRunLine.objects.filter(run_id=run.pk)
        .order_by("-seq")
        .values("seq", "level", "text")[:MAX_LINES_IN_PAGE]
    )
    latest.reverse()
    return latest
