"""Gunicorn settings for the container and `make run`, sized to the host.

Run with `gunicorn --config deploy/gunicorn.conf.py ytmt.wsgi:application`.
The CPU count and memory come from the cgroup limits when present (what
`docker run --cpus/--memory` and compose `deploy.resources` set), else from
the OS. GUNICORN_BIND, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_LOG_LEVEL
and GUNICORN_PRELOAD override the computed values; an invalid value stops
start-up with a message that names the variable.
"""

import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GIB = 1024**3
# cgroup v1 reports "no limit" as a huge page-aligned number, not "max".
UNLIMITED_BYTES = 2**62
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class GunicornConfigError(ValueError):
    """An environment variable has a value gunicorn cannot use."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"{name}={value!r} is invalid: {expected}.")


@dataclass(frozen=True)
class Resources:
    """CPUs (fractional under a CPU quota) and memory of the server."""

    cpus: float
    memory_bytes: int | None

    @property
    def is_low(self) -> bool:
        """True on 1 CPU or less, or under 1 GiB of memory."""
        low_memory = self.memory_bytes is not None and self.memory_bytes < GIB
        return self.cpus <= 1 or low_memory


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def cgroup_cpus(root: Path) -> float | None:
    """Return the CPU quota in CPUs from cgroup v2 or v1, or None if unset."""
    cpu_max = _read(root / "sys/fs/cgroup/cpu.max")
    if cpu_max is not None:
        quota, _, period = cpu_max.partition(" ")
        if quota == "max" or not period:
            return None
        return int(quota) / int(period)

    for folder in ("cpu", "cpu,cpuacct"):
        base = root / "sys/fs/cgroup" / folder
        quota_text = _read(base / "cpu.cfs_quota_us")
        period_text = _read(base / "cpu.cfs_period_us")
        if quota_text is None or period_text is None:
            continue
        quota, period = int(quota_text), int(period_text)
        if quota <= 0 or period <= 0:
            return None
        return quota / period
    return None


def cgroup_memory(root: Path) -> int | None:
    """Return the cgroup v2 or v1 memory limit in bytes, or None if unset."""
    for relative in (
        "sys/fs/cgroup/memory.max",
        "sys/fs/cgroup/memory/memory.limit_in_bytes",
    ):
        text = _read(root / relative)
        if text is None:
            continue
        if text == "max" or int(text) >= UNLIMITED_BYTES:
            return None
        return int(text)
    return None


def os_cpus() -> int:
    """Return the CPUs this process may run on (affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def os_memory(root: Path) -> int | None:
    """Return MemTotal from /proc/meminfo, else the sysconf page count."""
    meminfo = _read(root / "proc/meminfo") or ""
    match = re.search(r"^MemTotal:\s+(\d+)\s*kB", meminfo, flags=re.MULTILINE)
    if match:
        return int(match.group(1)) * 1024
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def detect_resources(root: Path = Path("/"), cpu_count: int | None = None) -> Resources:
    """Combine the cgroup limits with the OS values; the smaller one wins."""
    cpus: float = cpu_count if cpu_count is not None else os_cpus()
    quota = cgroup_cpus(root)
    if quota is not None:
        cpus = min(cpus, quota)

    memory = os_memory(root)
    limit = cgroup_memory(root)
    if limit is not None:
        memory = limit if memory is None else min(memory, limit)
    return Resources(cpus=cpus, memory_bytes=memory)


def _int_from_env(
    environ: Mapping[str, str], name: str, default: int, low: int, high: int
) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise GunicornConfigError(
            name, raw, f"use a whole number from {low} to {high}"
        ) from None
    if not low <= value <= high:
        raise GunicornConfigError(name, raw, f"use a whole number from {low} to {high}")
    return value


def _bool_from_env(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise GunicornConfigError(name, raw, "use true or false")


def _bind_from_env(environ: Mapping[str, str]) -> list[str]:
    raw = environ.get("GUNICORN_BIND", "").strip() or "0.0.0.0:2002"
    addresses = [part for part in re.split(r"[\s,]+", raw) if part]
    for address in addresses:
        if address.startswith(("unix:", "fd://")):
            continue
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise GunicornConfigError(
                "GUNICORN_BIND",
                raw,
                "use HOST:PORT such as 127.0.0.1:2002, or unix:PATH",
            )
    return addresses


def build_settings(environ: Mapping[str, str], resources: Resources) -> dict[str, Any]:
    """Return the gunicorn settings for these resources and overrides."""
    default_threads = 2 if resources.is_low else min(math.floor(resources.cpus), 4) + 2
    raw_level = environ.get("GUNICORN_LOG_LEVEL", "").strip()
    log_level = raw_level.lower() or "info"
    if log_level not in LOG_LEVELS:
        raise GunicornConfigError(
            "GUNICORN_LOG_LEVEL", raw_level, "use one of " + ", ".join(LOG_LEVELS)
        )
    return {
        "bind": _bind_from_env(environ),
        "threads": _int_from_env(environ, "GUNICORN_THREADS", default_threads, 1, 64),
        "timeout": _int_from_env(environ, "GUNICORN_TIMEOUT", 120, 1, 3600),
        "loglevel": log_level,
        # With preload the master keeps its own loaded copy of the app, about
        # 20 MB more (bench/gunicorn_memory.py), which small hosts lack.
        "preload_app": _bool_from_env(
            environ, "GUNICORN_PRELOAD", not resources.is_low
        ),
    }


try:
    _settings = build_settings(os.environ, detect_resources())
except GunicornConfigError as error:
    # SystemExit prints only the message, without a traceback.
    raise SystemExit(f"gunicorn config: {error}") from None

bind = _settings["bind"]
# One worker: the scheduler runs inside it (see post_fork) and a second
# worker would start a second scheduler. Threads serve the requests.
workers = 1
worker_class = "gthread"
threads = _settings["threads"]
timeout = _settings["timeout"]
graceful_timeout = 30
loglevel = _settings["loglevel"]
preload_app = _settings["preload_app"]
# Restart the worker now and then to return memory that Python keeps.
max_requests = 1000
max_requests_jitter = 50
errorlog = "-"
# gunicornc's socket goes under $HOME, which `docker run --user` may leave
# unwritable, and nothing here uses it.
control_socket_disable = True
# The heartbeat file on tmpfs: a container's overlay disk can stall it.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"


def post_fork(server: Any, worker: Any) -> None:
    """Start the sync scheduler in the freshly forked worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ytmt.settings")
    try:
        import django
        from django.apps import apps

        # Without preload the app is not loaded yet at this point.
        if not apps.ready:
            django.setup()
        from django.db import connections

        # With preload the master may have opened a database connection, and
        # the worker must not share it.
        connections.close_all()
        from sync.scheduler import start_in_process

        start_in_process()
    except Exception:
        # The web app still serves pages, so log and carry on.
        logging.getLogger("gunicorn.error").exception(
            "scheduler did not start in worker pid=%s; scheduled syncs will "
            "not run until the server restarts",
            worker.pid,
        )
