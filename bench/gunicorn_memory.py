"""Print the idle memory of gunicorn started with deploy/gunicorn.conf.py.

Each variant migrates a temporary YTMT_HOME, as the container entrypoint
does, and starts gunicorn on a free 127.0.0.1 port. After a few requests to
/healthz and a short wait, it prints the resident set size (VmRSS from /proc)
of the master and its worker. The variants are the low-resource settings
(no preload, 2 threads) and preload on. Target: worker under 150 MB idle.
Linux only.

    .venv/bin/python bench/gunicorn_memory.py
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_MB = 150
SETTLE_SECONDS = 3.0
VARIANTS = {
    "low-resource (preload off, 2 threads)": {
        "GUNICORN_PRELOAD": "false",
        "GUNICORN_THREADS": "2",
    },
    "preload on, 6 threads": {"GUNICORN_PRELOAD": "true", "GUNICORN_THREADS": "6"},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(home: Path, port: int, overrides: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GUNICORN_") and key != "SECRET_KEY"
    }
    env.update(
        YTMT_HOME=str(home),
        YTMT_ENV_FILE=str(home / ".env"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="ytmt.settings",
        **overrides,
    )
    return env


def wait_for_health(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/healthz"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as error:
            if time.monotonic() > deadline:
                message = f"{url} did not return 200 within {timeout:.0f} s"
                raise TimeoutError(message) from error
            time.sleep(0.2)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS for pid {pid}")


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def measure(name: str, overrides: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory(prefix="ytmt-bench-") as folder:
        home = Path(folder)
        port = free_port()
        env = server_env(home, port, overrides)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=REPO,
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
            + ["ytmt.wsgi:application"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_health(port)
            for _ in range(20):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").close()
            time.sleep(SETTLE_SECONDS)
            workers = worker_pids(server.pid)
            worker_rss = max(rss_mb(pid) for pid in workers)
            print(
                f"{name}: master {rss_mb(server.pid):.1f} MB, "
                f"worker {worker_rss:.1f} MB ({len(workers)} worker)"
            )
            return worker_rss
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def main() -> int:
    print(f"gunicorn idle memory, VmRSS; target: worker under {TARGET_MB} MB")
    results = {name: measure(name, env) for name, env in VARIANTS.items()}
    worst = max(results.values())
    verdict = "within" if worst < TARGET_MB else "OVER"
    print(f"largest worker: {worst:.1f} MB, {verdict} the {TARGET_MB} MB target")
    return 0 if worst < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
