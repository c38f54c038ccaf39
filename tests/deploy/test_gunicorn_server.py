"""Gunicorn started with deploy/gunicorn.conf.py, as the container runs it."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sync.conf import FIELDS

REPO = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
APP = "ytmt.wsgi:application"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(home: Path, **extra: str) -> dict[str, str]:
    removed = {spec.key for spec in FIELDS} | {"SECRET_KEY", "SECRET_KEY_FILE"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in removed and not key.startswith("GUNICORN_")
    }
    env.update(
        YTMT_HOME=str(home),
        YTMT_ENV_FILE=str(home / ".env"),
        DJANGO_SETTINGS_MODULE="ytmt.settings",
        **extra,
    )
    return env


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.mark.slow
@pytest.mark.parametrize("preload", ["false", "true"])
def test_it_answers_healthz_on_loopback(tmp_path: Path, preload: str) -> None:
    port = free_port()
    env = server_env(
        tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_PRELOAD=preload
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
        timeout=120,
    )
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*GUNICORN, APP], cwd=REPO, env=env, stdout=log, stderr=log
        )
        try:
            status, body = wait_for_health(port, server)
        finally:
            server.send_signal(signal.SIGTERM)
            returncode = server.wait(timeout=30)

    output = log_path.read_text()
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert returncode == 0
    assert f"Listening at: http://127.0.0.1:{port}" in output
    assert "Using worker: gthread" in output
    assert output.count("Booting worker with pid") == 1
    assert "scheduler did not start" not in output


def wait_for_health(port: int, server: subprocess.Popen) -> tuple[int, bytes]:
    deadline = time.monotonic() + 60
    while True:
        try:
            return get(f"http://127.0.0.1:{port}/healthz")
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not return /healthz within 60 s")
            time.sleep(0.2)


def test_it_rejects_invalid_variable_at_start(tmp_path: Path) -> None:
    env = server_env(tmp_path, GUNICORN_TIMEOUT="2min")

    completed = subprocess.run(
        [*GUNICORN, "--check-config", APP],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert completed.returncode == 1
    assert (
        "gunicorn config: GUNICORN_TIMEOUT='2min' is invalid: "
        "use a whole number from 1 to 3600." in completed.stderr
    )
