"""Writing .env and browser.json when Docker bind-mounts them one by one.

Inside the container the app folder is read-only to the app user and a
bind-mounted file cannot be replaced by rename (EBUSY), so write_atomic
falls back to overwriting the file in place.
"""

import errno
import os
from pathlib import Path

import pytest

from sync import envfile


def busy(source: str, destination: Path) -> None:
    raise OSError(errno.EBUSY, "Device or resource busy", str(destination))


def test_it_writes_in_place_when_rename_is_busy(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "mount" / ".env"
    target.parent.mkdir()
    target.write_text("LIMIT=10\n")
    inode = target.stat().st_ino

    monkeypatch.setattr(envfile.os, "replace", busy)

    envfile.update_env_file(target, {"LIMIT": "50"})

    assert target.read_text() == "LIMIT=50\n"
    assert target.stat().st_ino == inode
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert [path.name for path in target.parent.iterdir()] == [".env"]


def test_it_writes_in_place_when_folder_is_read_only(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "browser.json"
    target.write_text('{"old": true}\n')

    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(envfile.tempfile, "mkstemp", denied)

    envfile.write_atomic(target, '{"new": true}\n')

    assert target.read_text() == '{"new": true}\n'


def test_it_shortens_file_written_in_place(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / ".env"
    target.write_text("A=" + "x" * 100 + "\n")
    monkeypatch.setattr(
        envfile.os,
        "replace",
        lambda source, destination: (_ for _ in ()).throw(OSError(errno.EBUSY, "busy")),
    )

    envfile.write_atomic(target, "A=1\n")

    assert target.read_text() == "A=1\n"


def test_it_still_raises_when_file_is_missing(tmp_path: Path, monkeypatch) -> None:
    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(envfile.tempfile, "mkstemp", denied)

    with pytest.raises(PermissionError):
        envfile.write_atomic(tmp_path / ".env", "A=1\n")


def test_it_raises_other_rename_errors(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "mount" / ".env"
    target.parent.mkdir()
    target.write_text("A=0\n")

    def no_space(source: str, destination: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(envfile.os, "replace", no_space)

    with pytest.raises(OSError) as raised:
        envfile.write_atomic(target, "A=1\n")

    assert raised.value.errno == errno.ENOSPC
    assert target.read_text() == "A=0\n"
    assert [path.name for path in target.parent.iterdir()] == [".env"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to any folder")
def test_it_writes_in_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    target = folder / ".env"
    target.write_text("A=0\n")
    folder.chmod(0o555)
    try:
        envfile.write_atomic(target, "A=1\n")
    finally:
        folder.chmod(0o755)

    assert target.read_text() == "A=1\n"
