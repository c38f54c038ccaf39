"""The lifecycle of a sync run: lock, context, output, finish, notify.

Every way of starting a sync (the `runsync` command, the web console and the
scheduler) goes through `start_run()`, so they share one lock and one record.
"""

import ctypes
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from django.db import DatabaseError, close_old_connections
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format

from sync import locks
from sync.models import SyncRun, SyncRunLine

logger = logging.getLogger(__name__)

SYNC_LEASE = "sync"
# A crashed holder's lock lapses this long after its last heartbeat.
LEASE_TTL = timedelta(minutes=2)
HEARTBEAT_SECONDS = 20.0
CANCEL_POLL_SECONDS = 2.0
# After SYNC_TIMEOUT_MINUTES the run is asked to stop. If the engine has not
# reached a check this long after that, SyncCancelled is raised in its thread.
HARD_STOP_GRACE = timedelta(minutes=1)
# Output lines kept per run; later lines go to the log only.
MAX_STORED_LINES = 5000

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_BUSY = 3


class SyncAlreadyRunning(Exception):
    """Another sync holds the lock."""


class SyncCancelled(Exception):
    """The user stopped the run, or it passed SYNC_TIMEOUT_MINUTES."""


class SyncError(Exception):
    """A failure the user can act on; ``exit_code`` is 1 or 2."""

    exit_code = EXIT_FAILED


class ConfigurationProblem(SyncError):
    exit_code = EXIT_CONFIG


@dataclass
class RunContext:
    """Output, progress and stop signal of one running sync."""

    run: SyncRun
    holder: str
    stream: IO[str] | None = None
    verbosity: int = 1
    timeout: timedelta | None = None
    progress: Callable[[int, int, str], None] | None = None
    _seq: int = 0
    _stored: int = 0
    _cancelled: threading.Event = field(default_factory=threading.Event)
    _cancel_reason: str = "stopped by the user"

    def log(self, text: str, level: str = "INFO", verbosity: int = 1) -> None:
        """Record one output line; lines above the run's verbosity are skipped."""
        if verbosity > self.verbosity:
            return
        # With a stream (runsync in a terminal) the line is printed there, so
        # INFO lines go to the log at DEBUG instead of appearing twice.
        log_level = logging.getLevelName(level)
        if self.stream is not None and log_level <= logging.INFO:
            log_level = logging.DEBUG
        logger.log(log_level, "run %s: %s", self.run.pk, text)
        if self.stream is not None:
            try:
                self.stream.write(text + "\n")
                self.stream.flush()
            except (BrokenPipeError, ValueError):
                # The reader went away (`runsync | head`); the run goes on
                # and its lines are still stored.
                self.stream = None
        self._seq += 1
        if self._stored < MAX_STORED_LINES:
            SyncRunLine.objects.create(
                run=self.run, seq=self._seq, level=level, text=text[:2000]
            )
            self._stored += 1
        elif self._stored == MAX_STORED_LINES:
            SyncRunLine.objects.create(
                run=self.run,
                seq=self._seq,
                level="WARNING",
                text=f"Output longer than {MAX_STORED_LINES} lines; "
                "the rest is in the server log.",
            )
            self._stored += 1

    def request_cancel(self, reason: str = "stopped by the user") -> None:
        self._cancel_reason = reason
        self._cancelled.set()

    @property
    def cancel_reason(self) -> str:
        return self._cancel_reason

    def timeout_message(self) -> str:
        minutes = int(self.timeout.total_seconds() // 60) if self.timeout else 0
        return f"stopped after SYNC_TIMEOUT_MINUTES={minutes} minutes"

    def timed_out(self, now: datetime | None = None) -> bool:
        if not self.timeout:
            return False
        return (now or timezone.now()) - self.run.started_at > self.timeout

    def check_cancelled(self) -> None:
        """Raise SyncCancelled when a stop was requested or time ran out.

        Only in-memory state is read, so the engine may call it per track;
        the Watchdog thread renews the lock and polls the database for a
        stop request.
        """
        if self._cancelled.is_set():
            raise SyncCancelled(self._cancel_reason)
        if self.timed_out():
            raise SyncCancelled(self.timeout_message())


class Watchdog:
    """Keep a run's lock alive and enforce its stop, apart from the engine.

    One blocking call in the engine (a slow request with retries) can
    outlast the lock's TTL, so the lock is renewed from this thread rather
    than between steps. It also polls for a cancel request and, past the
    time-out plus HARD_STOP_GRACE, raises SyncCancelled in the engine's
    thread.
    """

    def __init__(self, context: RunContext, engine_thread: int) -> None:
        self.context = context
        self.engine_thread = engine_thread
        self._done = threading.Event()
        # Guards the hard stop, so it never lands after disarm() returned.
        self._armed = True
        self._arm_lock = threading.Lock()
        self._last_heartbeat = time.monotonic()
        self._db_failures = 0
        self._thread = threading.Thread(
            target=self._loop, name=f"sync-watchdog-{context.run.pk}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def disarm(self) -> None:
        """Prevent any later hard stop, once the engine has returned."""
        with self._arm_lock:
            self._armed = False

    def stop(self) -> None:
        self.disarm()
        self._done.set()
        if self._thread.is_alive():
            self._thread.join(timeout=HEARTBEAT_SECONDS)

    def _loop(self) -> None:
        try:
            while not self._done.wait(CANCEL_POLL_SECONDS or 0.05):
                self.check()
        finally:
            close_old_connections()

    def check(self) -> None:
        """Renew the lock, pick up a cancel request and enforce the time-out."""
        run_id = self.context.run.pk
        try:
            now = time.monotonic()
            if now - self._last_heartbeat >= HEARTBEAT_SECONDS:
                self._last_heartbeat = now
                locks.renew(SYNC_LEASE, self.context.holder, LEASE_TTL)
                SyncRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())
            if SyncRun.objects.filter(pk=run_id, cancel_requested=True).exists():
                self.context.request_cancel()
        except DatabaseError as error:
            # Log the first failure in full, then every 30th, so a locked
            # database does not flood the log every poll.
            self._db_failures += 1
            if self._db_failures % 30 == 1:
                logger.warning(
                    "run %s: watchdog could not reach the database (%d times): %s",
                    run_id,
                    self._db_failures,
                    error,
                )

        if not self.context.timed_out():
            return
        self.context.request_cancel(self.context.timeout_message())
        assert self.context.timeout is not None
        overdue = timezone.now() - self.context.run.started_at - self.context.timeout
        if overdue <= HARD_STOP_GRACE:
            return
        with self._arm_lock:
            if not self._armed:
                return
            self._armed = False
            logger.error(
                "run %s: no cancel check within %s after its time-out; raising "
                "SyncCancelled in its thread",
                run_id,
                HARD_STOP_GRACE,
            )
            raise_in_thread(self.engine_thread, SyncCancelled)


def raise_in_thread(thread_id: int, error: type[BaseException]) -> bool:
    """Raise ``error`` in another thread at its next Python instruction.

    A thread blocked inside a C call (a socket read) gets it once the call
    returns, so the network clients' timeouts bound the delay.
    """
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(error)
    )
    return changed == 1


@dataclass
class RunResult:
    run: SyncRun
    exit_code: int


def busy_message(info: dict[str, Any]) -> str:
    """Return "a sync is already running since HH:MM (started by web)"."""
    started = info.get("started_at")
    since = "?"
    if started:
        moment = timezone.localtime(timezone.datetime.fromisoformat(started))
        since = time_format(moment, "H:i")
    trigger = info.get("trigger", "?")
    return f"a sync is already running since {since} (started by {trigger})"


def mark_interrupted_runs(exclude: int | None = None) -> int:
    """Mark runs left "running" by a dead process as interrupted.

    Called while holding the sync lock, so any other running row is stale.
    """
    stale = SyncRun.objects.filter(status=SyncRun.Status.RUNNING)
    if exclude is not None:
        stale = stale.exclude(pk=exclude)
    count = stale.update(
        status=SyncRun.Status.INTERRUPTED,
        finished_at=F("heartbeat_at"),
        error="The process running this sync stopped before it finished.",
    )
    if count:
        logger.warning("Marked %d stale sync run(s) as interrupted", count)
    return count


def claim(
    trigger: str, *, kind: str = SyncRun.Kind.MAIN, dry_run: bool = False
) -> tuple[SyncRun, str]:
    """Take the sync lock and create the run row, or raise SyncAlreadyRunning."""
    holder = locks.make_holder_id(trigger)
    started = timezone.now()
    info = {"trigger": trigger, "started_at": started.isoformat()}
    if not locks.try_acquire(SYNC_LEASE, holder, LEASE_TTL, info):
        lease = locks.current(SYNC_LEASE)
        raise SyncAlreadyRunning(busy_message(lease.info if lease else {}))
    run = SyncRun.objects.create(
        trigger=trigger,
        kind=kind,
        dry_run=dry_run,
        started_at=started,
        heartbeat_at=started,
        holder=holder,
    )
    mark_interrupted_runs(exclude=run.pk)
    return run, holder


def execute(
    run: SyncRun,
    holder: str,
    *,
    stream: IO[str] | None = None,
    verbosity: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> RunResult:
    """Run the engine for a claimed run, record the outcome, release the lock."""
    from sync import engine, hints

    context = RunContext(
        run=run, holder=holder, stream=stream, verbosity=verbosity, progress=progress
    )
    watchdog = Watchdog(context, threading.get_ident())
    exit_code = EXIT_OK
    try:
        watchdog.start()
        try:
            outcome = engine.run_sync(context, dry_run=run.dry_run, kind=run.kind)
        finally:
            # A hard stop raised just before this lands here at the latest,
            # inside the outer try, so it is recorded like any cancel.
            watchdog.disarm()
        run.status = outcome.status
        run.counts = outcome.counts
        run.api_calls = outcome.api_calls
        run.report = outcome.report
        run.playlist_url = outcome.playlist_url
        if outcome.status == SyncRun.Status.FAILED:
            exit_code = EXIT_FAILED
    except SyncCancelled as error:
        run.status = SyncRun.Status.CANCELLED
        # A hard stop raises the bare class, so the reason comes from the context.
        run.error = str(error) or context.cancel_reason
        context.log(f"Sync stopped: {error}", "WARNING")
        exit_code = EXIT_FAILED
    except Exception as error:  # noqa: BLE001 - every failure is recorded
        run.status = SyncRun.Status.FAILED
        run.error = str(error)[:4000] or error.__class__.__name__
        run.hint = hints.hint_for(error)
        exit_code = getattr(error, "exit_code", EXIT_FAILED)
        if not isinstance(error, SyncError):
            logger.exception("run %s failed", run.pk)
        context.log(f"Sync failed: {run.error}", "ERROR")
        if run.hint:
            context.log(run.hint, "ERROR")
        partial = getattr(error, "partial_outcome", None)
        if partial is not None:
            run.counts, run.api_calls = partial.counts, partial.api_calls
            run.report = partial.report
    finally:
        watchdog.stop()
        run.finished_at = timezone.now()
        run.save()
        locks.release(SYNC_LEASE, holder)

    _notify(run)
    return RunResult(run=run, exit_code=exit_code)


def _notify(run: SyncRun) -> None:
    try:
        from sync import notifications

        notifications.notify_run_finished(run)
    except Exception:  # noqa: BLE001 - a notification never fails a sync
        logger.exception("run %s: sending notifications failed", run.pk)


def start_run(
    trigger: str,
    *,
    kind: str = SyncRun.Kind.MAIN,
    dry_run: bool = False,
    stream: IO[str] | None = None,
    verbosity: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> RunResult:
    """Run one sync to the end in this thread; raise SyncAlreadyRunning if busy."""
    run, holder = claim(trigger, kind=kind, dry_run=dry_run)
    return execute(run, holder, stream=stream, verbosity=verbosity, progress=progress)


def start_run_in_background(
    trigger: str, *, kind: str = SyncRun.Kind.MAIN, dry_run: bool = False
) -> SyncRun:
    """Claim the lock now, run the sync in a thread, return the run row.

    Used by the web console and the scheduler; the caller follows the run
    through its SyncRunLine rows.
    """
    run, holder = claim(trigger, kind=kind, dry_run=dry_run)

    def target() -> None:
        try:
            execute(run, holder)
        finally:
            close_old_connections()

    thread = threading.Thread(target=target, name=f"sync-run-{run.pk}", daemon=True)
    thread.start()
    return run


def request_cancel(run_id: int) -> bool:
    """Ask a running sync to stop at its next check; True when it is running."""
    changed = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.RUNNING).update(
        cancel_requested=True
    )
    return changed == 1
