"""Sync console: start, refuse a second sync, live output, stop, reattach."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sync import engine, locks, runs
from sync.models import ActionLog, SyncRun, SyncRunLine
from sync.views import dashboard

pytestmark = pytest.mark.django_db


def fake_run_sync(context: runs.RunContext, *, dry_run: bool, kind: str):
    context.log("Dry run: ranking 3 tracks" if dry_run else "Syncing 3 tracks")
    context.log("Resolved 3 of 3 tracks")
    return engine.SyncOutcome(
        status=SyncRun.Status.SUCCESS,
        counts={"ranked": 3},
        report={"tracks": [], "totals": {}},
    )


@pytest.fixture
def synchronous_runs(monkeypatch):
    """Run started syncs to the end in the request, with a fake engine."""

    def start_now(trigger: str, *, dry_run: bool = False) -> SyncRun:
        return runs.start_run(trigger, dry_run=dry_run).run

    monkeypatch.setattr(engine, "run_sync", fake_run_sync)
    monkeypatch.setattr(dashboard.runs, "start_run_in_background", start_now)


def add_lines(run: SyncRun, count: int) -> None:
    SyncRunLine.objects.bulk_create(
        SyncRunLine(run=run, seq=seq, text=f"line {seq}") for seq in range(1, count + 1)
    )


def test_dry_run_output_shows_on_dashboard(admin_client, synchronous_runs):
    response = admin_client.post(reverse("sync:run-start"), {"dry_run": "on"})

    run = SyncRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('sync:dashboard')}?run={run.pk}#console"
    assert run.trigger == "web"
    assert run.dry_run is True
    assert run.status == SyncRun.Status.SUCCESS
    assert ActionLog.objects.get().action == "run.start"

    page = admin_client.get(response["Location"]).content.decode()
    assert "Dry run: ranking 3 tracks" in page
    assert "Resolved 3 of 3 tracks" in page
    assert "Dry-run preview started." in page


def test_sync_now_starts_a_real_run(admin_client, synchronous_runs):
    admin_client.post(reverse("sync:run-start"), {"dry_run": ""})

    assert SyncRun.objects.get().dry_run is False


def test_it_reports_a_sync_that_is_already_running(admin_client, synchronous_runs):
    started = timezone.now()
    assert locks.try_acquire(
        runs.SYNC_LEASE,
        "other-host:1",
        timedelta(minutes=2),
        {"trigger": "scheduled", "started_at": started.isoformat()},
    )

    response = admin_client.post(reverse("sync:run-start"), follow=True)

    assert SyncRun.objects.count() == 0
    page = response.content.decode()
    assert "Not started: a sync is already running since" in page
    assert "(started by scheduled)" in page


def test_run_output_returns_lines_after_a_sequence_number(admin_client):
    run = SyncRun.objects.create(trigger="web")
    add_lines(run, 4)

    response = admin_client.get(reverse("sync:run-output", args=[run.pk]), {"after": 2})

    assert response.status_code == 200
    payload = response.json()
    assert [line["seq"] for line in payload["lines"]] == [3, 4]
    assert payload["lines"][0]["text"] == "line 3"
    assert payload["last_seq"] == 4
    assert payload["finished"] is False
    assert payload["status"] == "running"
    assert payload["more"] is False


def test_run_output_without_new_lines(admin_client):
    run = SyncRun.objects.create(trigger="web", status=SyncRun.Status.SUCCESS)
    add_lines(run, 2)

    payload = admin_client.get(
        reverse("sync:run-output", args=[run.pk]), {"after": 2}
    ).json()

    assert payload["lines"] == []
    assert payload["last_seq"] == 2
    assert payload["finished"] is True


def test_run_output_rejects_a_bad_position(admin_client):
    run = SyncRun.objects.create(trigger="web")

    response = admin_client.get(
        reverse("sync:run-output", args=[run.pk]), {"after": "abc"}
    )

    assert response.status_code == 400
    assert "after=abc is not a line number" in response.json()["error"]


def test_run_output_of_a_missing_run_is_404(admin_client):
    response = admin_client.get(reverse("sync:run-output", args=[999]))

    assert response.status_code == 404


def test_it_requests_a_stop_of_the_running_sync(admin_client):
    run = SyncRun.objects.create(trigger="web")

    response = admin_client.post(reverse("sync:run-stop", args=[run.pk]), follow=True)

    run.refresh_from_db()
    assert run.cancel_requested is True
    assert "Stop requested." in response.content.decode()
    assert ActionLog.objects.get().action == "run.stop"


def test_it_does_not_stop_a_finished_run(admin_client):
    run = SyncRun.objects.create(trigger="web", status=SyncRun.Status.SUCCESS)

    response = admin_client.post(reverse("sync:run-stop", args=[run.pk]), follow=True)

    run.refresh_from_db()
    assert run.cancel_requested is False
    assert f"Run {run.pk} is not running" in response.content.decode()


def test_dashboard_reattaches_to_running_sync(admin_client):
    running = SyncRun.objects.create(
        trigger="scheduled", started_at=timezone.now() - timedelta(minutes=5)
    )
    add_lines(running, 3)
    SyncRun.objects.create(trigger="web", status=SyncRun.Status.FAILED)

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    output_url = reverse("sync:run-output", args=[running.pk])
    assert f'data-output-url="{output_url}"' in page
    assert 'data-after="3"' in page
    assert 'data-status="running"' in page
    assert "line 3" in page
    # Without JavaScript the page offers a refresh link and a stop button.
    assert f"?run={running.pk}#console" in page
    assert reverse("sync:run-stop", args=[running.pk]) in page


def test_console_shows_latest_finished_run(admin_client):
    SyncRun.objects.create(
        trigger="web",
        status=SyncRun.Status.SUCCESS,
        started_at=timezone.now() - timedelta(hours=1),
    )
    latest = SyncRun.objects.create(trigger="cli", status=SyncRun.Status.SUCCESS)

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    assert f'data-output-url="{reverse("sync:run-output", args=[latest.pk])}"' in page
    assert "Refresh to see new output" not in page


@pytest.mark.parametrize("name", ["sync:run-start", "sync:run-stop"])
def test_console_actions_reject_get(admin_client, name):
    args = [1] if name == "sync:run-stop" else []

    response = admin_client.get(reverse(name, args=args))

    assert response.status_code == 405
