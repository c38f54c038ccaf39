"""Read and write `config/search_overrides.json` in lastfm-to-ytm's format.

The file has three sections keyed by lower-case ``"artist|title"`` (or
artist) strings::

    {"_overrides": {"artist|title": {"artist": ..., "title": ...,
                                     "video_id": ..., "reason": ...}},
     "_blacklist": {"artist|title": {"artist": ..., "title": ...}},
     "_blacklist_artists": {"artist": {"artist": ..., "reason": ...}}}

Older files use a bare video id as an override value and lists of keys for
the blacklists; both read the same. Writes keep every other key of the file.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync.envfile import write_atomic
from sync.tracks import clean_text, track_key

VIDEO_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{11}$")
SECTIONS = ("_overrides", "_blacklist", "_blacklist_artists")
EMPTY_DOCUMENT: dict[str, Any] = {
    "_overrides": {},
    "_blacklist": {},
    "_blacklist_artists": {},
}

# One lock for every writer in this process (web requests and the engine).
_write_lock = threading.Lock()


class ConfigFileError(ValueError):
    """A config file cannot be used; the message names file, line and fix."""

    def __init__(self, path: Path, problem: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass
class Override:
    artist: str
    title: str
    video_id: str
    reason: str = ""


@dataclass
class SearchOverrides:
    """The parsed overrides file: what the resolver consults first."""

    overrides: dict[str, Override] = field(default_factory=dict)
    blacklist: dict[str, dict[str, str]] = field(default_factory=dict)
    blacklist_artists: dict[str, dict[str, str]] = field(default_factory=dict)

    def is_blacklisted(self, artist: str, title: str) -> bool:
        return track_key(artist, title) in self.blacklist

    def is_artist_blacklisted(self, artist: str) -> bool:
        return artist_key(artist) in self.blacklist_artists

    def override_for(self, artist: str, title: str) -> Override | None:
        return self.overrides.get(track_key(artist, title))


def artist_key(artist: str) -> str:
    return clean_text(artist).lower()


def _normalise_key(key: str) -> str:
    if "|" not in key:
        return artist_key(key)
    artist, _, title = key.partition("|")
    return track_key(artist, title)


def read_document(path: Path) -> dict[str, Any]:
    """Return the file's JSON object; a missing or empty file is empty."""
    if not path.is_file():
        return json.loads(json.dumps(EMPTY_DOCUMENT))
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        return json.loads(json.dumps(EMPTY_DOCUMENT))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigFileError(
            path, f"invalid JSON: {error.msg} (column {error.colno})", error.lineno
        ) from None
    if not isinstance(document, dict):
        raise ConfigFileError(path, "the top level must be a JSON object {...}", 1)
    return document


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


def _entries(path: Path, document: dict[str, Any], section: str) -> dict[str, Any]:
    value = document.get(section, {})
    if value is None:
        return {}
    if isinstance(value, list):
        return {str(item): {} for item in value}
    if not isinstance(value, dict):
        raise ConfigFileError(
            path,
            f'{section} must be an object keyed by "artist|title"',
            _line_of(path, f'"{section}"'),
        )
    return value


def load_overrides(path: Path) -> SearchOverrides:
    """Parse the overrides file, or raise ConfigFileError naming the line."""
    document = read_document(path)
    result = SearchOverrides()

    for key, value in _entries(path, document, "_overrides").items():
        if isinstance(value, str):
            value = {"video_id": value}
        if not isinstance(value, dict):
            raise ConfigFileError(
                path,
                f'override "{key}" must be an object with artist, title and video_id',
                _line_of(path, f'"{key}"'),
            )
        video_id = parse_video_id(str(value.get("video_id", "")))
        if video_id is None:
            raise ConfigFileError(
                path,
                f'override "{key}" has an invalid video_id '
                f"{value.get('video_id')!r}: use the 11-character id after v= "
                "in a YouTube Music URL",
                _line_of(path, f'"{key}"'),
            )
        artist, _, title = key.partition("|")
        result.overrides[_normalise_key(key)] = Override(
            artist=str(value.get("artist") or artist),
            title=str(value.get("title") or title),
            video_id=video_id,
            reason=str(value.get("reason") or ""),
        )

    for key, value in _entries(path, document, "_blacklist").items():
        result.blacklist[_normalise_key(key)] = value if isinstance(value, dict) else {}
    for key, value in _entries(path, document, "_blacklist_artists").items():
        result.blacklist_artists[artist_key(key)] = (
            value if isinstance(value, dict) else {}
        )
    return result


URL_ID_PATTERNS = (
    re.compile(r"[?&]v=([A-Za-z0-9_-]{11})(?:[&#]|$)"),
    re.compile(r"youtu\.be/([A-Za-z0-9_-]{11})(?:[?&#/]|$)"),
    re.compile(r"youtube\.com/(?:shorts|embed|live)/([A-Za-z0-9_-]{11})(?:[?&#/]|$)"),
)


def parse_video_id(text: str) -> str | None:
    """Return the video id in a URL or bare id, or None when there is none.

    Accepts music.youtube.com and youtube.com watch URLs, youtu.be short
    links and bare 11-character ids.
    """
    candidate = text.strip()
    if VIDEO_ID_PATTERN.match(candidate):
        return candidate
    if not re.match(
        r"^(https?://)?([a-z0-9-]+\.)*(youtube\.com|youtu\.be)/", candidate, re.I
    ):
        return None
    for pattern in URL_ID_PATTERNS:
        match = pattern.search(candidate)
        if match:
            return match.group(1)
    return None


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def update_document(path: Path, change: Any) -> dict[str, Any]:
    """Apply ``change(document)`` and write the file atomically.

    The document is re-read under the lock so concurrent edits do not lose
    each other's entries; keys the app does not know are kept.
    """
    with _write_lock:
        document = read_document(path)
        for section in SECTIONS:
            if isinstance(document.get(section), list):
                # Older files list bare keys; store them in today's form.
                normalise = (
                    artist_key if section == "_blacklist_artists" else _normalise_key
                )
                document[section] = {normalise(str(k)): {} for k in document[section]}
            document.setdefault(section, {})
        change(document)
        write_atomic(
            path, json.dumps(document, indent=2, ensure_ascii=False) + "\n", mode=0o644
        )
        return document


def set_override(
    path: Path, artist: str, title: str, video_id: str, reason: str = ""
) -> None:
    entry = {
        "artist": artist,
        "title": title,
        "video_id": video_id,
        "reason": reason,
        "timestamp": _now_text(),
    }
    update_document(
        path, lambda doc: doc["_overrides"].__setitem__(track_key(artist, title), entry)
    )


def remove_override(path: Path, key: str) -> None:
    update_document(path, lambda doc: doc["_overrides"].pop(key, None))


def add_blacklisted_track(
    path: Path, artist: str, title: str, reason: str = ""
) -> None:
    entry = {
        "artist": artist,
        "title": title,
        "reason": reason,
        "timestamp": _now_text(),
    }
    update_document(
        path, lambda doc: doc["_blacklist"].__setitem__(track_key(artist, title), entry)
    )


def add_blacklisted_artist(path: Path, artist: str, reason: str = "") -> None:
    entry = {"artist": artist, "reason": reason, "timestamp": _now_text()}
    update_document(
        path,
        lambda doc: doc["_blacklist_artists"].__setitem__(artist_key(artist), entry),
    )


def remove_blacklisted(path: Path, section: str, key: str) -> None:
    if section not in ("_blacklist", "_blacklist_artists"):
        raise ValueError(f"unknown blacklist section {section!r}")
    update_document(path, lambda doc: doc[section].pop(key, None))
