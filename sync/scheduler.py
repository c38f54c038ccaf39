"""Scheduled syncs: one APScheduler per process, one acting per database.

Jobs live in django-apscheduler's `DjangoJobStore`, so the schedule and the
next run time survive restarts. Every process that calls
`start_in_process()` (the gunicorn worker, `manage.py runscheduler`) starts
a scheduler in the paused state and competes for the "scheduler" lease. The
holder resumes its scheduler and renews the lease every heartbeat. The others
stay paused and try to acquire the lease at each heartbeat, so one of them
takes over once a crashed holder's lease expires.

A schedule changed by another process (the Settings page when the scheduler
runs in a separate container, or a hand-edited `.env`) reaches the holder at
its next heartbeat, which re-reads the settings and wakes the scheduler.
"""

import logging
import os
import threading
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.db import close_old_connections
from django.utils import timezone
from django_apscheduler.jobstores import DjangoJobStore
from django_apscheduler.models import DjangoJob, DjangoJobExecution

from sync import locks
from sync.conf import ConfigError, SyncSettings, load_sync_settings
from sync.crontab import crontab_trigger
from sync.models import StateValue

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
# A crashed holder's lease lapses this long after its last renewal.
LEASE_TTL = timedelta(seconds=90)
HEARTBEAT_SECONDS = 15.0
HEARTBEAT_LOG_EVERY = 40

SYNC_JOB_ID = "ytmt-auto-sync"
PRUNE_JOB_ID = "ytmt-prune-job-executions"
EXECUTION_MAX_AGE = timedelta(days=30)
JOB_OPTIONS: dict[str, Any] = {
    "coalesce": True,
    "max_instances": 1,
    "misfire_grace_time": 3600,
}

# StateValue keys.
SCHEDULE_KEY = "scheduler.schedule"
CUSTOM_COUNTER_KEY = "scheduler.main_syncs_since_custom"


# Triggers and next run times


def schedule_fingerprint(settings: SyncSettings) -> dict[str, Any]:
    """Return the settings that define the sync job, as JSON values."""
    start = settings.auto_sync_start_time
    return {
        "enabled": settings.auto_sync_enabled,
        "type": settings.auto_sync_type,
        "interval_hours": settings.auto_sync_interval_hours,
        "start_time": start.strftime("%H:%M") if start else "",
        "cron": settings.auto_sync_cron,
        "timezone": settings.timezone,
    }


def build_trigger(
    settings: SyncSettings, now: datetime | None = None
) -> BaseTrigger | None:
    """Return the trigger for the sync job, or None when scheduling is off.

    Raises ConfigError when AUTO_SYNC_TYPE is cron and AUTO_SYNC_CRON is empty.
    """
    if not settings.auto_sync_enabled:
        return None
    zone = ZoneInfo(settings.timezone)
    if settings.auto_sync_type == "cron":
        if not settings.auto_sync_cron:
            raise ConfigError(
                "AUTO_SYNC_CRON",
                "",
                "set a cron expression such as 0 */6 * * * or use "
                "AUTO_SYNC_TYPE=interval",
            )
        return crontab_trigger(settings.auto_sync_cron, zone)
    return _interval_trigger(settings, zone, now or timezone.now())


def _interval_trigger(
    settings: SyncSettings, zone: ZoneInfo, now: datetime
) -> BaseTrigger:
    step = timedelta(hours=settings.auto_sync_interval_hours)
    anchor = settings.auto_sync_start_time
    if anchor is None:
        # Without an anchor the first run comes one interval from now.
        return IntervalTrigger(
            seconds=step.total_seconds(), start_date=now + step, timezone=zone
        )

    step_minutes = round(step.total_seconds() / 60)
    if step_minutes and (24 * 60) % step_minutes == 0:
        # Intervals that divide a day become times of day, so the runs stay
        # on the anchor's wall-clock times across daylight saving changes.
        return _times_of_day_trigger(
            anchor.hour * 60 + anchor.minute, step_minutes, zone
        )

    local_now = now.astimezone(zone)
    start = datetime.combine(local_now.date() - timedelta(days=1), anchor, zone)
    # NOTE: longer intervals count real hours, so their runs move by an hour
    # at daylight saving changes.
    return IntervalTrigger(
        seconds=step.total_seconds(), start_date=start, timezone=zone
    )


def _times_of_day_trigger(
    anchor_minute: int, step_minutes: int, zone: ZoneInfo
) -> BaseTrigger:
    hours_by_minute: dict[int, set[int]] = {}
    for index in range((24 * 60) // step_minutes):
        minute_of_day = (anchor_minute + index * step_minutes) % (24 * 60)
        hour, minute = divmod(minute_of_day, 60)
        hours_by_minute.setdefault(minute, set()).add(hour)

    triggers = [
        CronTrigger(
            hour=",".join(str(hour) for hour in sorted(hours)),
            minute=str(minute),
            timezone=zone,
        )
        for minute, hours in sorted(hours_by_minute.items())
    ]
    return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)


def next_run_times(
    settings: SyncSettings, count: int = 3, now: datetime | None = None
) -> list[datetime]:
    """Return the next ``count`` run times in the user's TIMEZONE.

    Computed from the settings alone, so the Settings page can preview a
    schedule before it is saved. Returns [] when scheduling is off.
    """
    now = now or timezone.now()
    trigger = build_trigger(settings, now)
    if trigger is None:
        return []
    zone = ZoneInfo(settings.timezone)
    times: list[datetime] = []
    previous: datetime | None = None
    moment = now
    while len(times) < count:
        upcoming = trigger.get_next_fire_time(previous, moment)
        if upcoming is None:
            break
        times.append(upcoming.astimezone(zone))
        previous = moment = upcoming
    return times


def describe(settings: SyncSettings) -> str:
    """Return the schedule in a few words, such as "every 6 h from 03:30"."""
    if not settings.auto_sync_enabled:
        return "off"
    if settings.auto_sync_type == "cron":
        return f"cron {settings.auto_sync_cron}"
    text = f"every {settings.auto_sync_interval_hours:g} h"
    if settings.auto_sync_start_time:
        text += f" from {settings.auto_sync_start_time.strftime('%H:%M')}"
    return text


# Jobs


def run_scheduled_sync() -> None:
    """Run the scheduled main sync, then custom playlists when they are due."""
    from sync import runs

    close_old_connections()
    try:
        if not _this_process_holds_lease():
            logger.info("Scheduled sync skipped: another process has the lease")
            return
        try:
            result = runs.start_run("scheduled", kind="main")
        except runs.SyncAlreadyRunning as busy:
            logger.info("Scheduled sync skipped: %s", busy)
            return
        logger.info(
            "Scheduled sync run %s finished: %s", result.run.pk, result.run.status
        )
        _run_custom_if_due()
    finally:
        close_old_connections()


def _run_custom_if_due() -> None:
    from sync import runs

    try:
        settings = load_sync_settings()
    except ConfigError as error:
        logger.warning("Custom playlist sync not checked: %s", error)
        return
    if not settings.auto_tag_sync_enabled:
        return

    count = increment_state(CUSTOM_COUNTER_KEY)
    if count < settings.auto_tag_sync_frequency:
        return
    if "custom" not in supported_kinds():
        logger.info(
            "Custom playlist sync is due (%d main syncs) but the sync engine "
            "does not support custom playlists yet",
            count,
        )
        return

    set_state(CUSTOM_COUNTER_KEY, 0)
    try:
        result = runs.start_run("scheduled", kind="custom")
    except runs.SyncAlreadyRunning as busy:
        logger.info("Scheduled custom playlist sync skipped: %s", busy)
        return
    logger.info(
        "Scheduled custom playlist sync run %s finished: %s",
        result.run.pk,
        result.run.status,
    )


def supported_kinds() -> tuple[str, ...]:
    """Return the run kinds the sync engine accepts."""
    try:
        from sync import engine
    except ImportError:
        return ("main",)
    return tuple(getattr(engine, "SUPPORTED_KINDS", ("main",)))


def prune_job_executions() -> None:
    """Delete scheduler job execution records older than 30 days."""
    close_old_connections()
    try:
        # Same filter as delete_old_job_executions(), which returns no count.
        cutoff = timezone.now() - EXECUTION_MAX_AGE
        deleted, _ = DjangoJobExecution.objects.filter(run_time__lte=cutoff).delete()
        logger.info("Deleted %d job execution record(s) older than 30 days", deleted)
    finally:
        close_old_connections()


def _this_process_holds_lease() -> bool:
    lease = locks.current(LEASE_NAME)
    if lease is None:
        return False
    parts = lease.holder.split(":")
    return (
        len(parts) > 1 and parts[0] == locks.HOSTNAME and parts[1] == str(os.getpid())
    )


# Small persistent values


def get_state(key: str, default: Any = None) -> Any:
    row = StateValue.objects.filter(key=key).first()
    return default if row is None else row.value


def set_state(key: str, value: Any) -> None:
    StateValue.objects.update_or_create(key=key, defaults={"value": value})


def increment_state(key: str) -> int:
    """Add one to a counter; only the lease holder's job calls this."""
    value = get_state(key, 0)
    count = (value if isinstance(value, int) else 0) + 1
    set_state(key, count)
    return count


# Applying the settings to a scheduler


def apply_schedule(
    scheduler: BackgroundScheduler, settings: SyncSettings, *, force: bool = False
) -> str:
    """Add, replace or remove the sync job to match ``settings``.

    An unchanged schedule keeps its stored next run time, so a restart or a
    save of unrelated settings does not move it. Returns "added",
    "replaced", "removed" or "unchanged".
    """
    expected = schedule_fingerprint(settings)
    job = scheduler.get_job(SYNC_JOB_ID)
    trigger = build_trigger(settings)

    if trigger is None:
        set_state(SCHEDULE_KEY, expected)
        if job is None:
            return "unchanged"
        scheduler.remove_job(SYNC_JOB_ID)
        logger.info("Automatic sync turned off; job %s removed", SYNC_JOB_ID)
        return "removed"

    if job is not None and not force and get_state(SCHEDULE_KEY) == expected:
        return "unchanged"

    scheduler.add_job(
        run_scheduled_sync,
        trigger=trigger,
        id=SYNC_JOB_ID,
        name="Scheduled sync",
        replace_existing=True,
        **JOB_OPTIONS,
    )
    set_state(SCHEDULE_KEY, expected)
    action = "added" if job is None else "replaced"
    logger.info(
        "Sync job %s %s: %s (%s)",
        SYNC_JOB_ID,
        action,
        describe(settings),
        settings.timezone,
    )
    return action


def ensure_prune_job(scheduler: BackgroundScheduler, zone: str) -> None:
    if scheduler.get_job(PRUNE_JOB_ID) is not None:
        return
    scheduler.add_job(
        prune_job_executions,
        trigger=CronTrigger(hour=4, minute=10, timezone=ZoneInfo(zone)),
        id=PRUNE_JOB_ID,
        name="Prune job executions",
        replace_existing=True,
        **JOB_OPTIONS,
    )


class LeaseScheduler(BackgroundScheduler):
    """A BackgroundScheduler that only processes jobs while running.

    APScheduler 3.11 skips job processing while paused but not once shutdown
    has begun. A paused scheduler that shuts down would then submit the due
    jobs to its stopped executor, log an error, and advance their next run
    time in the shared store, so the lease holder would miss them.
    """

    def _process_jobs(self) -> float | None:
        if self.state != STATE_RUNNING:
            return None
        return super()._process_jobs()


def _new_scheduler(zone: str) -> BackgroundScheduler:
    scheduler = LeaseScheduler(timezone=ZoneInfo(zone))
    scheduler.add_jobstore(DjangoJobStore(), "default")
    return scheduler


def _log_job_error(event: JobExecutionEvent) -> None:
    logger.error("Scheduled job %s failed: %r", event.job_id, event.exception)


class SchedulerService:
    """One process's scheduler and its claim on the "scheduler" lease."""

    def __init__(
        self,
        *,
        lease_ttl: timedelta = LEASE_TTL,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        holder: str | None = None,
    ) -> None:
        if heartbeat_seconds * 2 > lease_ttl.total_seconds():
            raise ValueError(
                f"heartbeat_seconds={heartbeat_seconds} must be at most half "
                f"the lease TTL ({lease_ttl.total_seconds():g} s)"
            )
        self.lease_ttl = lease_ttl
        self.heartbeat_seconds = heartbeat_seconds
        self.holder = holder or locks.make_holder_id("scheduler")
        self.is_leader = False
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._tick_lock = threading.Lock()
        self._last_config_error = ""

    @property
    def running(self) -> bool:
        return self.scheduler is not None and self.scheduler.running

    def start(self) -> None:
        """Start the paused scheduler and the heartbeat thread."""
        zone = self._timezone()
        self.scheduler = _new_scheduler(zone)
        self.scheduler.add_listener(_log_job_error, EVENT_JOB_ERROR)
        self.scheduler.start(paused=True)
        try:
            self.tick()
        except Exception:
            # Such as a database without tables: leave no thread behind.
            self.scheduler.shutdown(wait=False)
            raise
        self._thread = threading.Thread(
            target=self._loop, name="ytmt-scheduler-lease", daemon=True
        )
        self._thread.start()
        logger.info("Scheduler %s started (leader: %s)", self.holder, self.is_leader)

    def tick(self) -> bool:
        """Renew the lease, or try to acquire it, and return whether this leads."""
        with self._tick_lock:
            if self.is_leader:
                if locks.renew(LEASE_NAME, self.holder, self.lease_ttl):
                    self._reconcile()
                    return True
                self._step_down()
            if locks.try_acquire(LEASE_NAME, self.holder, self.lease_ttl, self._info()):
                self._take_over()
            return self.is_leader

    def stop(self) -> None:
        """Stop the scheduler and hand the lease back for another process."""
        self._halt()
        if self.is_leader:
            locks.release(LEASE_NAME, self.holder)
            self.is_leader = False
        logger.info("Scheduler %s stopped", self.holder)

    def abandon(self) -> None:
        """Stop without releasing the lease, as a crashed process would."""
        self._halt()

    def apply(self, settings: SyncSettings, *, force: bool = False) -> str:
        assert self.scheduler is not None, "start() the service first"
        result = apply_schedule(self.scheduler, settings, force=force)
        self.scheduler.wakeup()
        return result

    def _halt(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.heartbeat_seconds + 5)
        if self.scheduler is not None and self.scheduler.running:
            # A sync still running in an executor thread is not waited for.
            # If the process then exits, the next run marks it interrupted.
            self.scheduler.shutdown(wait=False)

    def _loop(self) -> None:
        failures = 0
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the heartbeat must keep going
                failures += 1
                # While the database is down, log the first failure and then
                # one in HEARTBEAT_LOG_EVERY, not one every heartbeat.
                if failures % HEARTBEAT_LOG_EVERY == 1:
                    logger.exception(
                        "Scheduler %s heartbeat failed (%d in a row)",
                        self.holder,
                        failures,
                    )
            else:
                if failures:
                    logger.info(
                        "Scheduler %s heartbeat recovered after %d failure(s)",
                        self.holder,
                        failures,
                    )
                failures = 0
            finally:
                close_old_connections()

    def _take_over(self) -> None:
        assert self.scheduler is not None
        self.is_leader = True
        ensure_prune_job(self.scheduler, self._timezone())
        self._reconcile()
        self.scheduler.resume()
        logger.info("Scheduler %s holds the lease and runs jobs", self.holder)

    def _step_down(self) -> None:
        assert self.scheduler is not None
        self.is_leader = False
        self.scheduler.pause()
        logger.warning(
            "Scheduler %s lost the lease to another process; pausing", self.holder
        )

    def _reconcile(self) -> None:
        """Apply the current settings and pick up jobs changed elsewhere."""
        assert self.scheduler is not None
        try:
            apply_schedule(self.scheduler, load_sync_settings())
            self._last_config_error = ""
        except ConfigError as error:
            # Logged once per distinct error, not at every heartbeat.
            if str(error) != self._last_config_error:
                logger.error("Schedule not updated: %s", error)
                self._last_config_error = str(error)
        self.scheduler.wakeup()

    def _info(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "since": timezone.now().isoformat()}

    @staticmethod
    def _timezone() -> str:
        try:
            return load_sync_settings().timezone
        except ConfigError:
            return "UTC"


_service: SchedulerService | None = None
_service_lock = threading.Lock()


def start_in_process(
    *, lease_ttl: timedelta = LEASE_TTL, heartbeat_seconds: float = HEARTBEAT_SECONDS
) -> SchedulerService:
    """Start this process's scheduler once; later calls return the same one."""
    global _service
    with _service_lock:
        if _service is None or not _service.running:
            service = SchedulerService(
                lease_ttl=lease_ttl, heartbeat_seconds=heartbeat_seconds
            )
            service.start()
            _service = service
        return _service


def stop_in_process() -> None:
    """Stop this process's scheduler, releasing the lease if it holds it."""
    global _service
    with _service_lock:
        if _service is not None:
            _service.stop()
            _service = None


def reschedule(*, force: bool = False) -> str:
    """Re-read the settings and update the sync job at once.

    This also works in a process without a running scheduler, such as the web
    app when the scheduler runs in another container. The job is written to
    the database, and the lease holder picks it up at its next heartbeat.
    """
    settings = load_sync_settings()
    service = _service
    if service is not None and service.running:
        return service.apply(settings, force=force)

    scheduler = _new_scheduler(settings.timezone)
    scheduler.start(paused=True)
    try:
        return apply_schedule(scheduler, settings, force=force)
    finally:
        scheduler.shutdown(wait=False)


def status(settings: SyncSettings | None = None) -> dict[str, Any]:
    """Return what the page header shows about scheduling.

    Keys: enabled, description, timezone, next_run_time (aware, in the
    user's time zone, or None), scheduler_active (a live lease exists),
    holder, heartbeat_at and error (a settings problem, or "").
    """
    result: dict[str, Any] = {
        "enabled": False,
        "description": "off",
        "timezone": "UTC",
        "next_run_time": None,
        "scheduler_active": False,
        "holder": "",
        "heartbeat_at": None,
        "error": "",
    }
    if settings is None:
        try:
            settings = load_sync_settings()
        except ConfigError as error:
            result["error"] = str(error)
            return result

    zone = ZoneInfo(settings.timezone)
    result.update(
        enabled=settings.auto_sync_enabled,
        description=describe(settings),
        timezone=settings.timezone,
    )
    lease = locks.current(LEASE_NAME)
    if lease is not None:
        result.update(
            scheduler_active=True, holder=lease.holder, heartbeat_at=lease.heartbeat_at
        )
    if not settings.auto_sync_enabled:
        return result

    stored = (
        DjangoJob.objects.filter(id=SYNC_JOB_ID)
        .values_list("next_run_time", flat=True)
        .first()
    )
    if stored is not None and get_state(SCHEDULE_KEY) == schedule_fingerprint(settings):
        result["next_run_time"] = stored.astimezone(zone)
        return result
    # No job stored yet, or the settings changed since: show the preview.
    try:
        upcoming = next_run_times(settings, count=1)
    except ConfigError as error:
        result["error"] = str(error)
        return result
    result["next_run_time"] = upcoming[0] if upcoming else None
    return result
