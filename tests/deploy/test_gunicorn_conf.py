"""Resource detection and overrides of deploy/gunicorn.conf.py.

The config file is loaded as a module. Its detection functions take the
file system root, so each test builds fake cgroup and /proc files under
tmp_path.
"""

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

CONF_PATH = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
GIB = 1024**3
OVERRIDES = (
    "GUNICORN_BIND",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_LOG_LEVEL",
    "GUNICORN_PRELOAD",
)


def load_conf(name: str = "gunicorn_conf_under_test") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, CONF_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def conf(monkeypatch) -> ModuleType:
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    return load_conf()


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def meminfo(root: Path, kib: int) -> None:
    write(root, "proc/meminfo", f"MemTotal:       {kib} kB\nMemFree:  1000 kB\n")


def test_one_cgroup_cpu_is_low_resource(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu.max", "100000 100000\n")
    write(tmp_path, "sys/fs/cgroup/memory.max", "max\n")
    meminfo(tmp_path, 16 * 1024 * 1024)

    resources = conf.detect_resources(tmp_path, cpu_count=8)
    settings = conf.build_settings({}, resources)

    assert resources.cpus == 1.0
    assert resources.memory_bytes == 16 * GIB
    assert resources.is_low is True
    assert settings["threads"] == 2
    assert settings["preload_app"] is False


def test_512_mb_cgroup_limit_is_low_resource(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu.max", "max 100000\n")
    write(tmp_path, "sys/fs/cgroup/memory.max", f"{512 * 1024 * 1024}\n")
    meminfo(tmp_path, 16 * 1024 * 1024)

    resources = conf.detect_resources(tmp_path, cpu_count=8)
    settings = conf.build_settings({}, resources)

    assert resources.cpus == 8
    assert resources.memory_bytes == 512 * 1024 * 1024
    assert resources.is_low is True
    assert settings["threads"] == 2
    assert settings["preload_app"] is False


def test_eight_cpus_with_16_gb(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu.max", "max 100000\n")
    write(tmp_path, "sys/fs/cgroup/memory.max", "max\n")
    meminfo(tmp_path, 16 * 1024 * 1024)

    resources = conf.detect_resources(tmp_path, cpu_count=8)
    settings = conf.build_settings({}, resources)

    assert resources.is_low is False
    assert settings["threads"] == 6
    assert settings["preload_app"] is True
    assert settings["timeout"] == 120
    assert settings["bind"] == ["0.0.0.0:2002"]
    assert settings["loglevel"] == "info"


def test_two_cpus_get_four_threads(conf: ModuleType, tmp_path: Path) -> None:
    meminfo(tmp_path, 4 * 1024 * 1024)

    settings = conf.build_settings({}, conf.detect_resources(tmp_path, cpu_count=2))

    assert settings["threads"] == 4


def test_fractional_quota_rounds_cpus_down(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu.max", "250000 100000\n")
    meminfo(tmp_path, 4 * 1024 * 1024)

    resources = conf.detect_resources(tmp_path, cpu_count=8)

    assert resources.cpus == 2.5
    assert conf.build_settings({}, resources)["threads"] == 4


def test_no_cgroup_files_uses_os_values(conf: ModuleType, tmp_path: Path) -> None:
    meminfo(tmp_path, 2 * 1024 * 1024)

    resources = conf.detect_resources(tmp_path, cpu_count=3)

    assert resources.cpus == 3
    assert resources.memory_bytes == 2 * GIB
    assert conf.build_settings({}, resources)["threads"] == 5


def test_no_meminfo_falls_back_to_sysconf(conf: ModuleType, tmp_path: Path) -> None:
    expected = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")

    assert conf.os_memory(tmp_path) == expected


def test_os_cpus_uses_affinity(conf: ModuleType) -> None:
    assert conf.os_cpus() == len(os.sched_getaffinity(0))


def test_cgroup_v1_limits(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu/cpu.cfs_quota_us", "50000\n")
    write(tmp_path, "sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n")
    write(tmp_path, "sys/fs/cgroup/memory/memory.limit_in_bytes", f"{768 * 1024**2}\n")

    assert conf.cgroup_cpus(tmp_path) == 0.5
    assert conf.cgroup_memory(tmp_path) == 768 * 1024**2


def test_cgroup_v1_without_limits(conf: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n")
    write(tmp_path, "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    write(
        tmp_path,
        "sys/fs/cgroup/memory/memory.limit_in_bytes",
        "9223372036854771712\n",
    )

    assert conf.cgroup_cpus(tmp_path) is None
    assert conf.cgroup_memory(tmp_path) is None


def test_memory_limit_above_host_memory_is_ignored(
    conf: ModuleType, tmp_path: Path
) -> None:
    write(tmp_path, "sys/fs/cgroup/memory.max", f"{64 * GIB}\n")
    meminfo(tmp_path, 8 * 1024 * 1024)

    assert conf.detect_resources(tmp_path, cpu_count=4).memory_bytes == 8 * GIB


@pytest.mark.parametrize(
    ("name", "value", "setting", "expected"),
    [
        ("GUNICORN_BIND", "127.0.0.1:8000", "bind", ["127.0.0.1:8000"]),
        ("GUNICORN_BIND", "[::]:2002", "bind", ["[::]:2002"]),
        ("GUNICORN_BIND", "unix:/run/ytmt.sock", "bind", ["unix:/run/ytmt.sock"]),
        (
            "GUNICORN_BIND",
            "127.0.0.1:1, 127.0.0.1:2",
            "bind",
            ["127.0.0.1:1", "127.0.0.1:2"],
        ),
        ("GUNICORN_THREADS", "12", "threads", 12),
        ("GUNICORN_TIMEOUT", "300", "timeout", 300),
        ("GUNICORN_LOG_LEVEL", "DEBUG", "loglevel", "debug"),
        ("GUNICORN_PRELOAD", "true", "preload_app", True),
        ("GUNICORN_PRELOAD", "off", "preload_app", False),
    ],
)
def test_variable_overrides(
    conf: ModuleType, name: str, value: str, setting: str, expected: object
) -> None:
    low = conf.Resources(cpus=1, memory_bytes=GIB // 2)
    high = conf.Resources(cpus=8, memory_bytes=16 * GIB)

    for resources in (low, high):
        assert conf.build_settings({name: value}, resources)[setting] == expected


def test_empty_variables_keep_defaults(conf: ModuleType) -> None:
    environ = {name: " " for name in OVERRIDES}
    resources = conf.Resources(cpus=8, memory_bytes=16 * GIB)

    assert conf.build_settings(environ, resources) == conf.build_settings({}, resources)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "GUNICORN_THREADS",
            "four",
            "GUNICORN_THREADS='four' is invalid: use a whole number from 1 to 64.",
        ),
        (
            "GUNICORN_THREADS",
            "0",
            "GUNICORN_THREADS='0' is invalid: use a whole number from 1 to 64.",
        ),
        (
            "GUNICORN_TIMEOUT",
            "-5",
            "GUNICORN_TIMEOUT='-5' is invalid: use a whole number from 1 to 3600.",
        ),
        (
            "GUNICORN_LOG_LEVEL",
            "loud",
            "GUNICORN_LOG_LEVEL='loud' is invalid: use one of debug, info, "
            "warning, error, critical.",
        ),
        (
            "GUNICORN_PRELOAD",
            "maybe",
            "GUNICORN_PRELOAD='maybe' is invalid: use true or false.",
        ),
        (
            "GUNICORN_BIND",
            "localhost",
            "GUNICORN_BIND='localhost' is invalid: use HOST:PORT such as "
            "127.0.0.1:2002, or unix:PATH.",
        ),
        (
            "GUNICORN_BIND",
            "127.0.0.1:99999",
            "GUNICORN_BIND='127.0.0.1:99999' is invalid: use HOST:PORT such as "
            "127.0.0.1:2002, or unix:PATH.",
        ),
    ],
)
def test_invalid_values_name_the_variable(
    conf: ModuleType, name: str, value: str, message: str
) -> None:
    resources = conf.Resources(cpus=8, memory_bytes=16 * GIB)

    with pytest.raises(conf.GunicornConfigError) as raised:
        conf.build_settings({name: value}, resources)

    assert str(raised.value) == message


def test_invalid_value_stops_loading_config(monkeypatch) -> None:
    monkeypatch.setenv("GUNICORN_THREADS", "lots")

    with pytest.raises(SystemExit) as raised:
        load_conf("gunicorn_conf_invalid")

    assert str(raised.value) == (
        "gunicorn config: GUNICORN_THREADS='lots' is invalid: "
        "use a whole number from 1 to 64."
    )


def test_fixed_settings(conf: ModuleType) -> None:
    assert conf.workers == 1
    assert conf.worker_class == "gthread"
    assert conf.max_requests == 1000
    assert conf.max_requests_jitter == 50
    assert conf.timeout == 120


def test_post_fork_starts_scheduler(conf: ModuleType, monkeypatch) -> None:
    calls: list[str] = []
    fake = ModuleType("sync.scheduler")
    fake.start_in_process = lambda: calls.append("started")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sync.scheduler", fake)

    conf.post_fork(server=None, worker=type("Worker", (), {"pid": 42})())

    assert calls == ["started"]


def test_post_fork_logs_scheduler_failure(
    conf: ModuleType, monkeypatch, caplog
) -> None:
    def fail() -> None:
        raise RuntimeError("lease table missing")

    fake = ModuleType("sync.scheduler")
    fake.start_in_process = fail  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sync.scheduler", fake)

    conf.post_fork(server=None, worker=type("Worker", (), {"pid": 42})())

    assert caplog.records[-1].getMessage() == (
        "scheduler did not start in worker pid=42; scheduled syncs will not "
        "run until the server restarts"
    )
    assert caplog.records[-1].exc_info is not None
    assert str(caplog.records[-1].exc_info[1]) == "lease table missing"
