"""Schedulers sharing one database: the lease, restarts and rescheduling.

Lease times are shortened (a 1.5 s lease renewed every 0.25 s) so takeovers
happen within seconds.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from django.db import DatabaseError
from django.utils import timezone
from django_apscheduler.models import DjangoJob, DjangoJobExecution

from sync import engine, locks, scheduler
from sync.conf import load_sync_settings
from sync.models import Lease, SyncRun
from tests.support.file_database import file_database  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("file_database"),
]

LEASE_TTL = timedelta(seconds=1.5)
HEARTBEAT = 0.25
TEST_JOB_ID = "test-heartbeat-job"
REPO = Path(__file__).resolve().parents[2]


def heartbeat_job() -> None:
    """A job that does nothing; listeners count where it ran."""


@pytest.fixture
def make_service() -> Iterator[Callable[[], scheduler.SchedulerService]]:
    created: list[scheduler.SchedulerService] = []

    def make() -> scheduler.SchedulerService:
        service = scheduler.SchedulerService(
            lease_ttl=LEASE_TTL, heartbeat_seconds=HEARTBEAT
        )
        created.append(service)
        return service

    yield make
    for service in created:
        service.stop()


@dataclass
class Executions:
    """Executions of the test job, by scheduler holder id."""

    by_holder: dict[str, int] = field(default_factory=dict)

    def watch(self, service: scheduler.SchedulerService) -> None:
        self.by_holder[service.holder] = 0

        def count(event: JobExecutionEvent) -> None:
            if event.job_id == TEST_JOB_ID:
                self.by_holder[service.holder] += 1

        service.scheduler.add_listener(count, EVENT_JOB_EXECUTED)


def wait_until(condition: Callable[[], Any], seconds: float = 8.0) -> float:
    """Poll ``condition`` and return the seconds it took, or fail the test."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")


def stored_next_run() -> Any:
    return (
        DjangoJob.objects.filter(id=scheduler.SYNC_JOB_ID)
        .values_list("next_run_time", flat=True)
        .first()
    )


def test_standby_takes_over_after_crash(
    make_service,
) -> None:
    first, second = make_service(), make_service()
    first.start()
    second.start()
    executions = Executions()
    executions.watch(first)
    executions.watch(second)
    first.scheduler.add_job(
        heartbeat_job,
        "interval",
        seconds=0.3,
        id=TEST_JOB_ID,
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=30,
    )

    assert first.is_leader is True
    assert second.is_leader is False
    assert second.scheduler.state == STATE_PAUSED
    wait_until(lambda: executions.by_holder[first.holder] >= 3)
    assert executions.by_holder[second.holder] == 0

    # A crash: the first scheduler stops without handing the lease back.
    first.abandon()
    ran_before_crash = executions.by_holder[first.holder]
    assert Lease.objects.get(name=scheduler.LEASE_NAME).holder == first.holder

    waited = wait_until(lambda: second.is_leader)
    wait_until(lambda: executions.by_holder[second.holder] >= 2)

    # The lease was renewed at most one heartbeat before the crash.
    assert waited >= LEASE_TTL.total_seconds() - HEARTBEAT - 0.1
    assert second.scheduler.state == STATE_RUNNING
    assert executions.by_holder[first.holder] == ran_before_crash
    assert Lease.objects.get(name=scheduler.LEASE_NAME).holder == second.holder


def test_clean_stop_hands_over_quickly(make_service) -> None:
    first, second = make_service(), make_service()
    first.start()
    second.start()

    first.stop()
    waited = wait_until(lambda: second.is_leader)

    assert waited < LEASE_TTL.total_seconds()


def test_scheduler_pauses_after_losing_lease(make_service) -> None:
    service = make_service()
    service.start()
    service._stop.set()  # Drive the heartbeat by hand from here on.
    other = "another-host:77:cafe0001:scheduler"
    Lease.objects.filter(name=scheduler.LEASE_NAME).update(
        holder=other, expires_at=timezone.now() + timedelta(minutes=1)
    )

    assert service.tick() is False
    assert service.scheduler.state == STATE_PAUSED


def test_schedule_and_next_run_survive_a_restart(make_service, write_env) -> None:
    # Without an anchor the first run is one interval after the job was
    # created, and a restart must not push it back.
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_INTERVAL_HOURS="6")
    first = make_service()
    first.start()
    next_run = stored_next_run()
    assert next_run is not None
    first.stop()

    time.sleep(0.2)
    second = make_service()
    second.start()

    assert second.is_leader is True
    assert stored_next_run() == next_run
    assert second.scheduler.get_job(scheduler.SYNC_JOB_ID).next_run_time == next_run
    assert scheduler.status()["next_run_time"] == next_run
    assert DjangoJob.objects.filter(id=scheduler.PRUNE_JOB_ID).exists()


def test_reschedule_replaces_the_job_at_once(write_env) -> None:
    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 3 * * *"
    )
    service = scheduler.start_in_process(
        lease_ttl=LEASE_TTL, heartbeat_seconds=HEARTBEAT
    )
    try:
        before = stored_next_run()
        write_env(
            AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="30 5 * * *"
        )

        assert scheduler.reschedule() == "replaced"

        expected = scheduler.next_run_times(load_sync_settings(), count=1)[0]
        assert stored_next_run() == expected
        assert stored_next_run() != before
        job = service.scheduler.get_job(scheduler.SYNC_JOB_ID)
        assert job.next_run_time == expected
    finally:
        scheduler.stop_in_process()


def test_holder_picks_up_edited_env(make_service, write_env) -> None:
    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 3 * * *"
    )
    service = make_service()
    service.start()
    before = stored_next_run()

    write_env(
        AUTO_SYNC_ENABLED="true", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="45 7 * * *"
    )

    wait_until(lambda: stored_next_run() != before, seconds=3)
    assert stored_next_run().astimezone(UTC).strftime("%H:%M") == "07:45"


def test_turning_scheduling_off_removes_the_job(make_service, write_env) -> None:
    write_env(AUTO_SYNC_ENABLED="true")
    service = make_service()
    service.start()
    assert stored_next_run() is not None

    write_env(AUTO_SYNC_ENABLED="false")
    assert scheduler.reschedule() == "removed"

    assert not DjangoJob.objects.filter(id=scheduler.SYNC_JOB_ID).exists()


@dataclass
class Outcome:
    status: str = SyncRun.Status.SUCCESS
    counts: dict[str, Any] = field(default_factory=dict)
    api_calls: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    playlist_url: str = ""


def test_due_job_runs_scheduled_sync(make_service, write_env, monkeypatch) -> None:
    finished = threading.Event()

    def fake_run_sync(context: Any, *, dry_run: bool, kind: str) -> Outcome:
        context.log("scheduled fake sync")
        finished.set()
        return Outcome()

    monkeypatch.setattr(engine, "run_sync", fake_run_sync)
    write_env(AUTO_SYNC_ENABLED="true")
    service = make_service()
    service.start()

    service.scheduler.modify_job(scheduler.SYNC_JOB_ID, next_run_time=timezone.now())

    assert finished.wait(8)
    run = SyncRun.objects.get()
    wait_until(lambda: SyncRun.objects.get().status == SyncRun.Status.SUCCESS)
    assert run.trigger == SyncRun.Trigger.SCHEDULED
    wait_until(
        lambda: DjangoJobExecution.objects.filter(
            job_id=scheduler.SYNC_JOB_ID, status=DjangoJobExecution.SUCCESS
        ).exists()
    )


def move_next_run(minutes_ago: int) -> None:
    """Set the stored sync job's next run in the past, as after downtime."""
    paused = scheduler._new_scheduler("UTC")
    paused.start(paused=True)
    try:
        paused.modify_job(
            scheduler.SYNC_JOB_ID,
            next_run_time=timezone.now() - timedelta(minutes=minutes_ago),
        )
    finally:
        paused.shutdown(wait=False)


@pytest.mark.parametrize(("minutes_ago", "runs_expected"), [(30, 1), (120, 0)])
def test_missed_run_within_grace_time(
    make_service, write_env, monkeypatch, minutes_ago: int, runs_expected: int
) -> None:
    monkeypatch.setattr(engine, "run_sync", lambda context, *, dry_run, kind: Outcome())
    write_env(AUTO_SYNC_ENABLED="true", AUTO_SYNC_INTERVAL_HOURS="6")
    scheduler.reschedule()
    move_next_run(minutes_ago)

    service = make_service()
    service.start()

    # Either way the job moves on to a future run time.
    wait_until(lambda: stored_next_run() > timezone.now())
    if runs_expected:
        wait_until(lambda: SyncRun.objects.filter(status="success").exists())
    time.sleep(0.3)
    assert SyncRun.objects.count() == runs_expected


def test_heartbeat_failures_are_logged_once(make_service, monkeypatch, caplog) -> None:
    service = make_service()
    service.start()
    calls: list[int] = []

    def failing_tick() -> bool:
        calls.append(1)
        raise DatabaseError("database is locked")

    monkeypatch.setattr(service, "tick", failing_tick)
    with caplog.at_level("INFO", logger="sync.scheduler"):
        wait_until(lambda: len(calls) >= 4)
        monkeypatch.undo()
        wait_until(lambda: "recovered after" in caplog.text)

    assert caplog.text.count("heartbeat failed") == 1
    assert "heartbeat failed (1 in a row)" in caplog.text


def test_heartbeat_must_fit_twice_in_the_lease() -> None:
    with pytest.raises(ValueError, match="must be at most half the lease TTL"):
        scheduler.SchedulerService(lease_ttl=timedelta(seconds=10), heartbeat_seconds=6)


# Real processes: `manage.py runscheduler` twice on one SQLite file.


def command_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "YTMT_ENV_FILE"}
    }
    env.update(
        YTMT_HOME=str(home),
        DATABASE_URL=f"sqlite:///{home / 'cache' / 'ytmt.sqlite3'}",
        DJANGO_SETTINGS_MODULE="ytmt.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def lease_holder(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT holder FROM sync_lease WHERE name = 'scheduler'"
        ).fetchone()
    return row[0] if row else ""


@pytest.mark.slow
def test_runscheduler_processes_share_the_lease(tmp_path: Path) -> None:
    home = tmp_path / "app"
    (home / "cache").mkdir(parents=True)
    (home / ".env").write_text("AUTO_SYNC_ENABLED=true\n", encoding="utf-8")
    env = command_env(home)
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    database = home / "cache" / "ytmt.sqlite3"
    command = [
        *manage,
        "runscheduler",
        "--lease-seconds",
        "4",
        "--heartbeat-seconds",
        "0.5",
    ]

    first = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    second: subprocess.Popen | None = None
    try:
        wait_until(lambda: f":{first.pid}:" in lease_holder(database), seconds=30)
        second = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert "waiting for the lease" in second.stdout.readline()

        first.send_signal(signal.SIGKILL)
        first.wait(10)
        wait_until(lambda: f":{second.pid}:" in lease_holder(database), seconds=15)

        second.send_signal(signal.SIGTERM)
        assert second.wait(15) == 0
        assert lease_holder(database) == ""
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)


def test_holder_ids_name_this_process() -> None:
    holder = locks.make_holder_id("scheduler")

    assert holder.startswith(f"{locks.HOSTNAME}:{os.getpid()}:")
    assert holder.endswith(":scheduler")
