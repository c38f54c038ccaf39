"""Read and update `.env` files without losing comments or unknown keys."""

import errno
import os
import re
import tempfile
from pathlib import Path

LINE_PATTERN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def _unquote(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        if value[0] == '"':
            inner = inner.replace('\\"', '"').replace("\\n", "\n")
        return inner
    # An unquoted value ends at " #", as in docker compose and python-dotenv.
    comment = re.search(r"\s#", value)
    if comment:
        value = value[: comment.start()]
    return value.strip()


def parse_env_text(text: str) -> dict[str, str]:
    """Parse KEY=VALUE lines; later lines win, as in a shell."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = LINE_PATTERN.match(line)
        if match:
            values[match.group(1)] = _unquote(match.group(2))
    return values


def read_env_file(path: Path) -> dict[str, str]:
    """Return the file's values, or an empty dict when it does not exist."""
    if not path.is_file():
        return {}
    return parse_env_text(path.read_text(encoding="utf-8-sig"))


def _quote(value: str) -> str:
    if value == "" or re.fullmatch(r"[A-Za-z0-9_./:@,+\-]*", value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def render_updates(text: str, updates: dict[str, str | None]) -> str:
    """Return ``text`` with keys set (or removed when None), comments kept.

    A key that is already present is rewritten on its own line; new keys are
    appended at the end in the order given.
    """
    remaining = dict(updates)
    lines_out: list[str] = []
    for line in text.splitlines():
        match = LINE_PATTERN.match(line)
        if match and match.group(1) in remaining:
            key = match.group(1)
            value = remaining.pop(key)
            if value is not None:
                lines_out.append(f"{key}={_quote(value)}")
            continue
        lines_out.append(line)
    additions = [(k, v) for k, v in remaining.items() if v is not None]
    if additions and lines_out and lines_out[-1].strip():
        lines_out.append("")
    lines_out.extend(f"{key}={_quote(value)}" for key, value in additions)
    return "\n".join(lines_out) + "\n"


def write_atomic(path: Path, content: str, mode: int = 0o600) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it.

    Readers see the old file or the new one, never half of either, except
    when the file is bind-mounted and must be overwritten in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except PermissionError:
        # In the container the app folder is read-only to the app user, but a
        # bind-mounted .env or browser.json in it is writable.
        if not path.is_file():
            raise
        _write_in_place(path, content, mode)
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        # A file bind-mounted by Docker cannot be replaced by rename (EBUSY).
        if error.errno not in (errno.EBUSY, errno.EXDEV) or not path.is_file():
            raise
        _write_in_place(path, content, mode)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _write_in_place(path: Path, content: str, mode: int) -> None:
    """Overwrite ``path`` through its own inode. Not atomic, so only a fallback."""
    with path.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def update_env_file(path: Path, updates: dict[str, str | None]) -> None:
    """Apply ``updates`` to the .env file with mode 0600 through write_atomic."""
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    write_atomic(path, render_updates(text, updates), mode=0o600)
