"""The sync job in the database store, the job functions and the status."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_apscheduler.jobstores import DjangoJobStore
from django_apscheduler.models import DjangoJob, DjangoJobExecution

from sync import engine, locks, runs, scheduler
from sync.conf import load_sync_settings
from sync.context_processors_schedule import schedule_status
from sync.models import StateValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def store_scheduler() -> Iterator[BackgroundScheduler]:
    """A paused scheduler on the database job store: it never runs jobs."""
    instance = BackgroundScheduler(timezone=UTC)
    instance.add_jobstore(DjangoJobStore(), "default")
    instance.start(paused=True)
    yield instance
    instance.shutdown(wait=False)


def stored_next_run() -> datetime | None:
    return (
        DjangoJob.objects.filter(id=scheduler.SYNC_JOB_ID)
        .values_list("next_run_time", flat=True)
        .first()
    )


def test_apply_adds_the_job_with_its_options(store_scheduler, write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_START_TIME="03:30")

    result = scheduler.apply_schedule(store_scheduler, load_sync_settings())

    assert result == "added"
    job = store_scheduler.get_job(scheduler.SYNC_JOB_ID)
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.misfire_grace_time == 3600
    assert job.func_ref == "sync.scheduler:run_scheduled_sync"
    assert stored_next_run() == job.next_run_time


def test_apply_keeps_an_unchanged_schedule(store_scheduler, write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_INTERVAL_HOURS="6")
    scheduler.apply_schedule(store_scheduler, load_sync_settings())
    first = stored_next_run()

    # A save of an unrelated key must not push the next run back.
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_INTERVAL_HOURS="6", LIMIT="50")
    result = scheduler.apply_schedule(store_scheduler, load_sync_settings())

    assert result == "unchanged"
    assert stored_next_run() == first


def test_apply_replaces_a_changed_schedule(store_scheduler, write_env) -> None:
    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 3 * * *"
    )
    scheduler.apply_schedule(store_scheduler, load_sync_settings())

    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 5 * * *"
    )
    settings = load_sync_settings()
    result = scheduler.apply_schedule(store_scheduler, settings)

    assert result == "replaced"
    assert stored_next_run() == scheduler.next_run_times(settings, count=1)[0]
    assert stored_next_run().astimezone(UTC).hour == 5


def test_apply_removes_the_job_when_turned_off(store_scheduler, write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true")
    scheduler.apply_schedule(store_scheduler, load_sync_settings())

    write_env(AUTO_SYNC_ENABLED="false")
    result = scheduler.apply_schedule(store_scheduler, load_sync_settings())

    assert result == "removed"
    assert not DjangoJob.objects.filter(id=scheduler.SYNC_JOB_ID).exists()


def test_reschedule_without_scheduler_writes_job(write_env) -> None:
    write_env(
        AUTO_SYNC_ENABLED="true",
        AUTO_SYNC_TYPE="cron",
        AUTO_SYNC_CRON="15 4 * * *",
        TIMEZONE="Asia/Singapore",
    )

    assert scheduler.reschedule() == "added"
    assert scheduler.reschedule() == "unchanged"
    assert scheduler.reschedule(force=True) == "replaced"

    local = stored_next_run().astimezone(scheduler.ZoneInfo("Asia/Singapore"))
    assert (local.hour, local.minute) == (4, 15)


def test_status_reads_the_stored_next_run(write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_INTERVAL_HOURS="6")
    scheduler.reschedule()

    status = scheduler.status()

    assert status["enabled"] is True
    assert status["description"] == "every 6 h"
    assert status["next_run_time"] == stored_next_run()
    assert status["scheduler_active"] is False
    assert status["error"] == ""


def test_status_names_the_lease_holder(write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true")
    holder = locks.make_holder_id("scheduler")
    locks.try_acquire(scheduler.LEASE_NAME, holder, timedelta(seconds=60))

    status = scheduler.status()

    assert status["scheduler_active"] is True
    assert status["holder"] == holder


def test_status_reports_an_invalid_setting(write_env) -> None:
    write_env(AUTO_SYNC_INTERVAL_HOURS="often")

    status = scheduler.status()

    assert status["enabled"] is False
    assert status["error"].startswith("AUTO_SYNC_INTERVAL_HOURS='often' is invalid")


def test_status_when_off() -> None:
    status = scheduler.status()

    assert status["enabled"] is False
    assert status["description"] == "off"
    assert status["next_run_time"] is None


def test_context_processor_skips_anonymous_users() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    assert schedule_status(request) == {"schedule_status": None}


def test_context_processor_gives_the_status_to_users(write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true")
    request = RequestFactory().get("/")
    request.user = User.objects.create_user("ana", password="pw")

    context = schedule_status(request)

    assert context["schedule_status"]["enabled"] is True
    assert context["schedule_status"]["description"] == "every 6 h"


# The job function


@pytest.fixture
def started_runs(monkeypatch) -> list[str]:
    """Replace runs.start_run and return the kinds it is called with."""
    kinds: list[str] = []

    def fake_start_run(trigger: str, *, kind: str = "main", **options: object):
        assert trigger == "scheduled"
        kinds.append(kind)
        return SimpleNamespace(run=SimpleNamespace(pk=len(kinds), status="success"))

    monkeypatch.setattr(runs, "start_run", fake_start_run)
    return kinds


@pytest.fixture
def lease_held() -> str:
    holder = locks.make_holder_id("scheduler")
    assert locks.try_acquire(scheduler.LEASE_NAME, holder, timedelta(seconds=60))
    return holder


def test_job_skips_without_the_lease(started_runs) -> None:
    other = f"{locks.HOSTNAME}:1:abcdef12:scheduler"
    locks.try_acquire(scheduler.LEASE_NAME, other, timedelta(seconds=60))

    scheduler.run_scheduled_sync()

    assert started_runs == []


def test_job_runs_the_main_sync(started_runs, lease_held) -> None:
    scheduler.run_scheduled_sync()

    assert started_runs == ["main"]
    assert not StateValue.objects.filter(key=scheduler.CUSTOM_COUNTER_KEY).exists()


def test_job_counts_main_syncs(
    started_runs, lease_held, write_env, monkeypatch
) -> None:
    write_env(AUTO_TAG_SYNC_ENABLED="true", AUTO_TAG_SYNC_FREQUENCY="2")
    monkeypatch.setattr(engine, "SUPPORTED_KINDS", ("main",))

    for _ in range(3):
        scheduler.run_scheduled_sync()

    assert started_runs == ["main", "main", "main"]
    assert scheduler.get_state(scheduler.CUSTOM_COUNTER_KEY) == 3


def test_job_runs_custom_every_n_syncs(
    started_runs, lease_held, write_env, monkeypatch
) -> None:
    write_env(AUTO_TAG_SYNC_ENABLED="true", AUTO_TAG_SYNC_FREQUENCY="2")
    monkeypatch.setattr(engine, "SUPPORTED_KINDS", ("main", "custom"))

    for _ in range(5):
        scheduler.run_scheduled_sync()

    assert started_runs == ["main", "main", "custom", "main", "main", "custom", "main"]
    assert scheduler.get_state(scheduler.CUSTOM_COUNTER_KEY) == 1


def test_job_skips_while_sync_runs(monkeypatch, lease_held, write_env, caplog) -> None:
    write_env(AUTO_TAG_SYNC_ENABLED="true")

    def busy(trigger: str, **options: object) -> None:
        raise runs.SyncAlreadyRunning(
            "a sync is already running since 10:00 (started by web)"
        )

    monkeypatch.setattr(runs, "start_run", busy)
    caplog.set_level("INFO", logger="sync.scheduler")

    scheduler.run_scheduled_sync()

    assert "Scheduled sync skipped: a sync is already running since 10:00" in (
        caplog.text
    )
    assert scheduler.get_state(scheduler.CUSTOM_COUNTER_KEY) is None


def test_prune_deletes_executions_older_than_30_days() -> None:
    job = DjangoJob.objects.create(id="some-job", job_state=b"")
    now = timezone.now()
    for age in (31, 29, 1):
        DjangoJobExecution.objects.create(
            job=job,
            status=DjangoJobExecution.SUCCESS,
            run_time=now - timedelta(days=age),
        )

    scheduler.prune_job_executions()

    remaining = sorted(
        (now - run.run_time).days for run in DjangoJobExecution.objects.all()
    )
    assert remaining == [1, 29]


def test_prune_job_is_added_once(store_scheduler) -> None:
    scheduler.ensure_prune_job(store_scheduler, "Europe/Berlin")
    first = store_scheduler.get_job(scheduler.PRUNE_JOB_ID).next_run_time

    scheduler.ensure_prune_job(store_scheduler, "Europe/Berlin")

    job = store_scheduler.get_job(scheduler.PRUNE_JOB_ID)
    assert job.next_run_time == first
    assert job.func_ref == "sync.scheduler:prune_job_executions"
    local = job.next_run_time.astimezone(scheduler.ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (4, 10)


def test_page_header_shows_schedule(client, write_env) -> None:
    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 4 * * *"
    )
    scheduler.reschedule()
    client.force_login(User.objects.create_user("ana", password="pw"))

    response = client.get(reverse("sync:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Auto sync on" in html
    assert "04:00" in html
    assert "scheduler not running" in html


def test_page_header_shows_schedule_off(client) -> None:
    client.force_login(User.objects.create_user("ana", password="pw"))

    response = client.get(reverse("sync:dashboard"))

    assert "Auto sync off" in response.content.decode()
