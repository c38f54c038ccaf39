"""One sync at a time: the lock, interrupted runs, cancel and time-out.

The engine is replaced by small fakes so these tests exercise `sync.runs`
and the lease alone.
"""

import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import execute_from_command_line
from django.utils import timezone

from sync import engine, hints, locks, notifications, runs
from sync.models import Lease, SyncRun, SyncRunLine
from sync.ytmusic.errors import YTMusicAuthError
from tests.support.file_database import file_database  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("file_database"),
]

BUSY = re.compile(
    r"^a sync is already running since \d\d:\d\d \(started by (cli|web|scheduled)\)$"
)


@dataclass
class Outcome:
    status: str = SyncRun.Status.SUCCESS
    counts: dict[str, Any] = field(default_factory=lambda: {"total": 3})
    api_calls: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    playlist_url: str = ""


class GatedEngine:
    """A fake run_sync that waits until the test opens the gate."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.calls = 0

    def __call__(
        self, context: runs.RunContext, *, dry_run: bool, kind: str
    ) -> Outcome:
        self.calls += 1
        context.log("fake sync started")
        self.entered.set()
        assert self.gate.wait(10), "the test never opened the gate"
        context.log("fake sync finished")
        return Outcome()


@pytest.fixture
def gated(monkeypatch) -> GatedEngine:
    fake = GatedEngine()
    monkeypatch.setattr(engine, "run_sync", fake)
    return fake


@pytest.fixture
def notified(monkeypatch) -> list[int]:
    """Replace notifications with a recorder of run ids."""
    seen: list[int] = []
    monkeypatch.setattr(
        notifications, "notify_run_finished", lambda run: seen.append(run.pk)
    )
    return seen


def quick_engine(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
    context.log("quick sync")
    return Outcome()


def test_two_syncs_together_one_refused(gated, notified) -> None:
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def start(trigger: str) -> None:
        barrier.wait()
        try:
            results[trigger] = runs.start_run(trigger)
        except runs.SyncAlreadyRunning as error:
            results[trigger] = error
            gated.gate.set()

    threads = [
        threading.Thread(target=start, args=(trigger,)) for trigger in ("cli", "web")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)

    refused = [value for value in results.values() if isinstance(value, Exception)]
    finished = [
        value for value in results.values() if isinstance(value, runs.RunResult)
    ]
    assert len(refused) == 1
    assert len(finished) == 1
    assert BUSY.match(str(refused[0]))
    winner = finished[0].run.trigger
    assert str(refused[0]).endswith(f"(started by {winner})")
    assert gated.calls == 1
    assert SyncRun.objects.count() == 1
    assert finished[0].run.status == SyncRun.Status.SUCCESS
    assert notified == [finished[0].run.pk]
    assert locks.current(runs.SYNC_LEASE) is None


def test_cli_sync_refused_during_web_sync(gated) -> None:
    background = runs.start_run_in_background("web")
    assert gated.entered.wait(5)

    with pytest.raises(runs.SyncAlreadyRunning) as raised:
        runs.start_run("cli")

    since = timezone.localtime(background.started_at).strftime("%H:%M")
    assert str(raised.value) == (
        f"a sync is already running since {since} (started by web)"
    )
    gated.gate.set()
    wait_for_status(background.pk, SyncRun.Status.SUCCESS)


def test_runsync_exits_3_when_busy(gated, capsys) -> None:
    background = runs.start_run_in_background("scheduled")
    assert gated.entered.wait(5)

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "runsync", "--no-progress-bar"])

    assert exited.value.code == runs.EXIT_BUSY
    assert "(started by scheduled)" in capsys.readouterr().err
    gated.gate.set()
    wait_for_status(background.pk, SyncRun.Status.SUCCESS)


def test_dead_run_interrupted_next_completes(monkeypatch, notified) -> None:
    # A killed process leaves a holder naming this host and a process id that
    # no longer exists. Its lease has not expired yet.
    dead_holder = f"{locks.HOSTNAME}:{dead_pid()}:0badc0de:cli"
    started = timezone.now() - timedelta(minutes=3)
    locks.try_acquire(
        runs.SYNC_LEASE,
        dead_holder,
        timedelta(minutes=2),
        {"trigger": "cli", "started_at": started.isoformat()},
    )
    stale = SyncRun.objects.create(
        trigger="cli", started_at=started, heartbeat_at=started, holder=dead_holder
    )
    monkeypatch.setattr(engine, "run_sync", quick_engine)

    result = runs.start_run("web")

    stale.refresh_from_db()
    assert stale.status == SyncRun.Status.INTERRUPTED
    assert stale.finished_at == started
    assert stale.error == "The process running this sync stopped before it finished."
    assert result.run.status == SyncRun.Status.SUCCESS
    assert result.exit_code == runs.EXIT_OK
    assert Lease.objects.get(name=runs.SYNC_LEASE).holder == ""


def test_remote_holder_keeps_lock_until_expiry(
    monkeypatch,
) -> None:
    other = "another-host:4242:feedbeef:web"
    locks.try_acquire(runs.SYNC_LEASE, other, timedelta(minutes=2), {"trigger": "web"})
    monkeypatch.setattr(engine, "run_sync", quick_engine)

    with pytest.raises(runs.SyncAlreadyRunning):
        runs.start_run("cli")

    Lease.objects.filter(name=runs.SYNC_LEASE).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert runs.start_run("cli").run.status == SyncRun.Status.SUCCESS


def test_cancel_stops_a_run_between_steps(monkeypatch, notified) -> None:
    monkeypatch.setattr(runs, "CANCEL_POLL_SECONDS", 0.0)
    steps: list[int] = []
    entered = threading.Event()

    def stepping(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
        for step in range(500):
            context.check_cancelled()
            steps.append(step)
            entered.set()
            threading.Event().wait(0.01)
        return Outcome()

    monkeypatch.setattr(engine, "run_sync", stepping)
    run = runs.start_run_in_background("web")
    assert entered.wait(5)

    assert runs.request_cancel(run.pk) is True
    run = wait_for_status(run.pk, SyncRun.Status.CANCELLED)

    assert run.error == "stopped by the user"
    assert len(steps) < 500
    assert locks.current(runs.SYNC_LEASE) is None
    assert notified == [run.pk]
    assert runs.request_cancel(run.pk) is False


def test_run_past_timeout_is_cancelled(monkeypatch) -> None:
    def slow(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
        context.timeout = timedelta(minutes=120)
        # As if the run had started 121 minutes ago.
        context.run.started_at = timezone.now() - timedelta(minutes=121)
        context.check_cancelled()
        return Outcome()

    monkeypatch.setattr(engine, "run_sync", slow)

    result = runs.start_run("scheduled")

    assert result.run.status == SyncRun.Status.CANCELLED
    assert result.run.error == "stopped after SYNC_TIMEOUT_MINUTES=120 minutes"
    assert result.exit_code == runs.EXIT_FAILED


def test_lock_held_while_engine_blocks(gated, monkeypatch) -> None:
    # The engine never calls check_cancelled here, as during one slow
    # request, so only the watchdog thread can keep renewing the lock.
    monkeypatch.setattr(runs, "LEASE_TTL", timedelta(seconds=0.6))
    monkeypatch.setattr(runs, "HEARTBEAT_SECONDS", 0.1)
    monkeypatch.setattr(runs, "CANCEL_POLL_SECONDS", 0.05)
    background = runs.start_run_in_background("web")
    assert gated.entered.wait(5)

    threading.Event().wait(1.5)

    with pytest.raises(runs.SyncAlreadyRunning):
        runs.start_run("cli")
    heartbeat = SyncRun.objects.get(pk=background.pk).heartbeat_at
    assert heartbeat > background.started_at + timedelta(seconds=1)
    gated.gate.set()
    wait_for_status(background.pk, SyncRun.Status.SUCCESS)


def test_stuck_engine_stopped_after_timeout(monkeypatch) -> None:
    monkeypatch.setattr(runs, "CANCEL_POLL_SECONDS", 0.05)
    monkeypatch.setattr(runs, "HARD_STOP_GRACE", timedelta(seconds=0.5))
    iterations: list[int] = []

    def stuck(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
        context.timeout = timedelta(minutes=1)
        context.run.started_at = timezone.now() - timedelta(seconds=60.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            iterations.append(1)
            time.sleep(0.01)
        return Outcome()

    monkeypatch.setattr(engine, "run_sync", stuck)
    started = time.monotonic()

    result = runs.start_run("scheduled")

    assert result.run.status == SyncRun.Status.CANCELLED
    assert result.run.error == "stopped after SYNC_TIMEOUT_MINUTES=1 minutes"
    assert time.monotonic() - started < 5
    assert locks.current(runs.SYNC_LEASE) is None


def test_failed_run_records_hint(monkeypatch, notified) -> None:
    def failing(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
        raise YTMusicAuthError("HTTP 401", status=401)

    monkeypatch.setattr(engine, "run_sync", failing)

    result = runs.start_run("cli")

    run = SyncRun.objects.get(pk=result.run.pk)
    assert run.status == SyncRun.Status.FAILED
    assert run.hint == hints.YTMUSIC_AUTH
    assert result.exit_code == runs.EXIT_FAILED
    lines = list(run.lines.values_list("level", "text"))
    assert ("ERROR", hints.YTMUSIC_AUTH) in lines
    assert notified == [run.pk]


def test_stored_output_lines_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(runs, "MAX_STORED_LINES", 3)

    def chatty(context: runs.RunContext, *, dry_run: bool, kind: str) -> Outcome:
        for number in range(10):
            context.log(f"line {number}")
        return Outcome()

    monkeypatch.setattr(engine, "run_sync", chatty)

    run = runs.start_run("cli").run

    texts = list(SyncRunLine.objects.filter(run=run).values_list("text", flat=True))
    assert texts == [
        "line 0",
        "line 1",
        "line 2",
        "Output longer than 3 lines; the rest is in the server log.",
    ]


def wait_for_status(run_id: int, status: str, seconds: float = 10) -> SyncRun:
    deadline = timezone.now() + timedelta(seconds=seconds)
    while timezone.now() < deadline:
        run = SyncRun.objects.get(pk=run_id)
        if run.status == status:
            return run
        threading.Event().wait(0.05)
    raise AssertionError(f"run {run_id} is {run.status}, expected {status}")


def dead_pid() -> int:
    """Return a process id that no running process has."""
    candidate = 999_999
    while True:
        try:
            os.kill(candidate, 0)
        except ProcessLookupError:
            return candidate
        except PermissionError:
            pass
        candidate -= 1
