"""deploy/docker-entrypoint.sh run against a temporary app folder.

`id`, `stat`, `usermod`, `groupmod`, `chown`, `gosu` and `python` are stub
scripts on PATH. The id/stat stubs read a fake user database and fake file
owners from a state folder, usermod/groupmod update it, and every stub that
changes something appends its command line to `calls`. `flock`, `mv` and the
shell are the real ones unless a test replaces them.
"""

import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.configfiles import EMPTY_DOCUMENT, load_overrides

ENTRYPOINT = Path(__file__).resolve().parents[2] / "deploy" / "docker-entrypoint.sh"

STUBS = {
    "id": """
case "$*" in
    -u) cat "$STUB_STATE/process_uid" ;;
    "-u lastfm") cat "$STUB_STATE/user_uid" ;;
    "-g lastfm") cat "$STUB_STATE/user_gid" ;;
    *) echo "id stub: unexpected arguments: $*" >&2; exit 64 ;;
esac
""",
    "stat": """
[ "$1" = -c ] || { echo "stat stub: unexpected arguments: $*" >&2; exit 64; }
line=$(awk -v path="$3" '$1 == path' "$STUB_STATE/owners" | tail -n 1)
uid=0
gid=0
if [ -n "$line" ]; then
    uid=$(echo "$line" | cut -d' ' -f2)
    gid=$(echo "$line" | cut -d' ' -f3)
fi
case "$2" in
    %u) echo "$uid" ;;
    %g) echo "$gid" ;;
    *) echo "stat stub: unexpected format $2" >&2; exit 64 ;;
esac
""",
    "usermod": """
echo "usermod $*" >>"$STUB_STATE/calls"
[ "$1 $2" = "--non-unique --uid" ] || exit 64
echo "$3" >"$STUB_STATE/user_uid"
""",
    "groupmod": """
echo "groupmod $*" >>"$STUB_STATE/calls"
[ "$1 $2" = "--non-unique --gid" ] || exit 64
echo "$3" >"$STUB_STATE/user_gid"
""",
    "chown": """
echo "chown $*" >>"$STUB_STATE/calls"
""",
    "gosu": """
echo "gosu $*" >>"$STUB_STATE/calls"
shift
exec "$@"
""",
    "python": """
echo "python $*" >>"$STUB_STATE/calls"
if [ -n "${STUB_MIGRATE_SECONDS:-}" ]; then
    echo "start $(date +%s.%N)" >>"$STUB_STATE/migrations"
    sleep "$STUB_MIGRATE_SECONDS"
    echo "end $(date +%s.%N)" >>"$STUB_STATE/migrations"
fi
[ -z "${STUB_MIGRATE_FAILS:-}" ] || { echo "migrate: no such table" >&2; exit 1; }
""",
    "serve": """
echo "serve $* YTMT_ENV_FILE=${YTMT_ENV_FILE:-}" >>"$STUB_STATE/calls"
""",
}

# A mount point cannot be renamed: mv fails with EBUSY inside a container.
MV_ON_MOUNT_POINT = """
case "$1" in
    */.env) echo "mv: cannot move '$1': Device or resource busy" >&2; exit 1 ;;
esac
exec /bin/mv "$@"
"""


@dataclass
class Result:
    returncode: int
    output: str
    calls: list[str]


@pytest.fixture
def container(tmp_path: Path):
    """Return (root, run) where run(uid=, user=, owners=) starts the script."""
    root = tmp_path / "app"
    root.mkdir()
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    state = tmp_path / "state"
    state.mkdir()
    for name, body in STUBS.items():
        write_stub(stubs / name, body)

    def run(
        process_uid: int = 0,
        user: tuple[int, int] = (1000, 1000),
        owners: dict[str, tuple[int, int]] | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> Result:
        (state / "process_uid").write_text(f"{process_uid}\n")
        (state / "user_uid").write_text(f"{user[0]}\n")
        (state / "user_gid").write_text(f"{user[1]}\n")
        lines = [
            f"{root / name} {uid} {gid}" for name, (uid, gid) in (owners or {}).items()
        ]
        (state / "owners").write_text("".join(line + "\n" for line in lines))
        (state / "calls").write_text("")
        completed = subprocess.run(
            ["sh", str(ENTRYPOINT), "serve", "--flag"],
            env=script_env(root, stubs, state, extra_env),
            capture_output=True,
            text=True,
            timeout=20,
        )
        calls = (state / "calls").read_text().splitlines()
        return Result(completed.returncode, completed.stdout + completed.stderr, calls)

    run.stubs = stubs  # type: ignore[attr-defined]
    run.state = state  # type: ignore[attr-defined]
    return root, run


def write_stub(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\nset -eu\n" + body.lstrip("\n"))
    path.chmod(0o755)


def script_env(
    root: Path, stubs: Path, state: Path, extra: dict[str, str] | None
) -> dict[str, str]:
    env = {
        "PATH": f"{stubs}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "APP_ROOT": str(root),
        "STUB_STATE": str(state),
        "LANG": "C",
    }
    env.update(extra or {})
    return env


def migrate_calls(root: Path, as_root: bool = True) -> list[str]:
    flock = (
        f"flock --wait 300 {root}/cache/migrate.lock "
        f"python {root}/manage.py migrate --noinput"
    )
    migrate = f"python {root}/manage.py migrate --noinput"
    return [f"gosu lastfm {flock}", migrate] if as_root else [migrate]


def test_it_prepares_fresh_volumes(container) -> None:
    root, run = container

    result = run()

    assert result.returncode == 0, result.output
    assert (root / "cache").is_dir()
    assert (root / "config").is_dir()
    overrides = root / "config" / "search_overrides.json"
    assert json.loads(overrides.read_text()) == EMPTY_DOCUMENT
    assert load_overrides(overrides).overrides == {}
    assert result.calls == [
        f"chown -R lastfm:lastfm {root}/cache {root}/config",
        *migrate_calls(root),
        "gosu lastfm serve --flag",
        "serve --flag YTMT_ENV_FILE=",
    ]
    assert "created config/search_overrides.json" in result.output
    assert "database migrations applied" in result.output


def test_it_keeps_default_ids_for_root_owned_config(container) -> None:
    root, run = container
    (root / "config").mkdir()

    result = run(owners={"config": (0, 0)})

    assert result.returncode == 0, result.output
    assert not [
        call for call in result.calls if call.startswith(("usermod", "groupmod"))
    ]
    assert (
        "warning: config/ is owned by root, so lastfm keeps uid 1000" in result.output
    )
    assert "sudo chown -R $(id -u):$(id -g) cache config" in result.output
    assert f"chown -R lastfm:lastfm {root}/cache {root}/config" in result.calls


def test_it_changes_nothing_for_uid_1000_config(container) -> None:
    root, run = container
    (root / "config").mkdir()

    result = run(owners={"config": (1000, 1000)})

    assert result.returncode == 0, result.output
    assert result.calls[0] == f"chown -R lastfm:lastfm {root}/cache {root}/config"
    assert not [
        call for call in result.calls if call.startswith(("usermod", "groupmod"))
    ]
    assert "uid of lastfm already matches config/ (1000)" in result.output
    assert "gid of lastfm already matches config/ (1000)" in result.output


def test_it_matches_user_to_config_owner(container) -> None:
    root, run = container
    (root / "config").mkdir()

    result = run(owners={"config": (1234, 2345)})

    assert result.returncode == 0, result.output
    assert result.calls[:3] == [
        "groupmod --non-unique --gid 2345 lastfm",
        "usermod --non-unique --uid 1234 lastfm",
        f"chown -R lastfm:lastfm {root}/cache {root}/config",
    ]
    assert "set uid of lastfm from 1000 to 1234" in result.output
    assert "set gid of lastfm from 1000 to 2345" in result.output
    assert "cache/ config/ belong to lastfm (1234:2345)" in result.output


def test_it_keeps_group_when_config_group_is_root(container) -> None:
    root, run = container
    (root / "config").mkdir()

    result = run(owners={"config": (1234, 0)})

    assert result.returncode == 0, result.output
    assert "usermod --non-unique --uid 1234 lastfm" in result.calls
    assert not [call for call in result.calls if call.startswith("groupmod")]
    assert "group of config/ is root, so lastfm keeps gid 1000" in result.output


def test_it_leaves_existing_overrides_untouched(container) -> None:
    root, run = container
    (root / "config").mkdir()
    overrides = root / "config" / "search_overrides.json"
    content = '{"_overrides": {"a|b": {"video_id": "dQw4w9WgXcQ"}}}  \n'
    overrides.write_text(content)

    result = run(owners={"config": (1000, 1000)})

    assert result.returncode == 0, result.output
    assert overrides.read_text() == content
    assert "config/search_overrides.json exists, left unchanged" in result.output


def test_it_moves_env_directory_aside(container) -> None:
    root, run = container
    (root / ".env").mkdir()
    (root / ".env" / "kept.txt").write_text("keep me")

    result = run()

    assert result.returncode == 0, result.output
    assert (root / ".env").is_file()
    assert (root / ".env").read_text() == ""
    assert oct((root / ".env").stat().st_mode & 0o777) == "0o600"
    moved = list(root.glob(".env.directory-*"))
    assert len(moved) == 1
    assert (moved[0] / "kept.txt").read_text() == "keep me"
    assert f"chown lastfm:lastfm {root}/.env" in result.calls
    assert ".env was a directory" in result.output
    assert "created an empty .env" in result.output


def test_it_keeps_settings_in_cache_when_env_is_mount(container) -> None:
    root, run = container
    (root / ".env").mkdir()
    write_stub(run.stubs / "mv", MV_ON_MOUNT_POINT)

    result = run()

    assert result.returncode == 0, result.output
    assert (root / ".env").is_dir()
    assert (root / "cache" / ".env").is_file()
    assert result.calls[-1] == f"serve --flag YTMT_ENV_FILE={root}/cache/.env"
    assert "settings are kept in cache/.env for now" in result.output


def test_it_removes_empty_browser_json_directory(container) -> None:
    root, run = container
    (root / "browser.json").mkdir()

    result = run()

    assert result.returncode == 0, result.output
    assert not (root / "browser.json").exists()
    assert "removed the empty browser.json directory" in result.output


def test_it_warns_when_browser_json_is_mounted_directory(container) -> None:
    root, run = container
    (root / "browser.json").mkdir()
    (root / "browser.json" / "placeholder").write_text("")

    result = run()

    assert result.returncode == 0, result.output
    assert (root / "browser.json").is_dir()
    assert "warning: browser.json is a directory mounted from the host" in result.output


def test_it_gives_existing_state_files_to_app_user(container) -> None:
    root, run = container
    (root / ".env").write_text("LIMIT=50\n")
    (root / "browser.json").write_text("{}")

    result = run()

    assert result.returncode == 0, result.output
    assert result.calls[:3] == [
        f"chown -R lastfm:lastfm {root}/cache {root}/config",
        f"chown lastfm:lastfm {root}/.env",
        f"chown lastfm:lastfm {root}/browser.json",
    ]
    assert (root / ".env").read_text() == "LIMIT=50\n"


def test_it_runs_command_directly_when_not_root(container) -> None:
    root, run = container

    result = run(process_uid=1000)

    assert result.returncode == 0, result.output
    assert result.calls == [
        *migrate_calls(root, as_root=False),
        "serve --flag YTMT_ENV_FILE=",
    ]
    assert "running as uid 1000, so the user and ownership steps are skipped" in (
        result.output
    )
    assert (root / "config" / "search_overrides.json").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to any folder")
def test_it_stops_when_non_root_cannot_write_cache(container) -> None:
    root, run = container
    (root / "cache").mkdir()
    (root / "cache").chmod(0o555)

    try:
        result = run(process_uid=os.geteuid())
    finally:
        (root / "cache").chmod(0o755)

    assert result.returncode == 1
    assert "error: cache/ is not writable by uid" in result.output
    assert result.calls == []


def test_it_stops_when_migrations_fail(container) -> None:
    root, run = container

    result = run(extra_env={"STUB_MIGRATE_FAILS": "1"})

    assert result.returncode == 1
    assert "error: database migrations failed" in result.output
    assert not [
        call for call in result.calls if call.startswith(("gosu lastfm serve", "serve"))
    ]


def test_it_serialises_migrations_of_two_containers(container) -> None:
    root, run = container
    results: list[Result] = []

    def start() -> None:
        results.append(run(extra_env={"STUB_MIGRATE_SECONDS": "0.3"}))

    (root / "cache").mkdir()
    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [result.returncode for result in results] == [0, 0]
    events = (run.state / "migrations").read_text().split()
    kinds = events[0::2]
    times = [float(value) for value in events[1::2]]
    assert kinds == ["start", "end", "start", "end"]
    assert times[2] >= times[1]


def test_entrypoint_is_posix_sh_and_executable() -> None:
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    assert os.access(ENTRYPOINT, os.X_OK)


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck not installed"
)
def test_entrypoint_passes_shellcheck() -> None:
    completed = subprocess.run(
        ["shellcheck", str(ENTRYPOINT)], capture_output=True, text=True, timeout=60
    )

    assert completed.stdout == ""
    assert completed.returncode == 0
