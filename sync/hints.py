"""Map a sync failure to what the user should do next.

The hint is stored on the run (`SyncRun.hint`) and shown in the dashboard
banner. Errors from the Last.fm and YouTube Music clients are matched by
type when their modules import, and by class name otherwise, so a hint
still appears while a client module is missing or being rewritten.
"""

import errno
import importlib
import socket
from collections.abc import Iterator

from django.conf import settings

YTMUSIC_NOT_SET_UP = (
    'YouTube Music is not set up yet. On the Settings page, follow "Paste '
    'new YouTube Music request headers" and paste the request headers of '
    "music.youtube.com."
)
YTMUSIC_AUTH = (
    "YouTube Music rejected the saved browser credentials; the cookies have "
    "probably expired. Open Setup, copy the request headers of a signed-in "
    "music.youtube.com tab again, paste them, and run the sync again."
)
LASTFM_API_KEY = (
    "Last.fm rejected LASTFM_API_KEY (error {code}). Check the key in "
    "Settings, or create a new one at https://www.last.fm/api/account/create."
)
LASTFM_USER = (
    "Last.fm has no user named in LASTFM_USER (error 6). Check the spelling "
    "of the user name in Settings."
)
LASTFM_PRIVATE = (
    "Last.fm refused to show this user's listening history (error 17). Turn "
    'off "Hide recent listening information" in the Last.fm privacy settings.'
)
LASTFM_RATE_LIMIT = (
    "Last.fm is rate-limiting this API key (error 29). Wait a few minutes "
    "before the next sync; if it keeps happening, make sure no other app uses "
    "the same LASTFM_API_KEY."
)
LASTFM_UNAVAILABLE = (
    "Last.fm is temporarily unavailable. The sync can be run again later; "
    "nothing was changed on YouTube Music."
)
NETWORK = (
    "The server could not reach the internet ({detail}). Check the network "
    "connection, DNS and proxy settings of this machine or container."
)
DISK_FULL = (
    "The disk that holds {home} is full. Free some space (the search cache "
    "and old logs are safe to trim), then run the sync again."
)
CONFIG_FILE = (
    "{where} is malformed: {problem}. Fix the file (or restore a backup) "
    "and run the sync again."
)
CONFIG_VALUE = "Change {key} on the Settings page or in .env ({allowed})."

LASTFM_KEY_CODES = {10, 26}
NETWORK_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.ECONNREFUSED,
    errno.ETIMEDOUT,
}
# urllib3 errors that reach us when a client does not wrap them.
URLLIB3_NAMES = {"NewConnectionError", "NameResolutionError", "MaxRetryError"}


def hint_for(error: BaseException) -> str:
    """Return advice for ``error`` or its causes, or "" when there is none."""
    for link in _chain(error):
        hint = _match(link)
        if hint:
            return hint
    own = getattr(error, "hint", "")
    return own if isinstance(own, str) else ""


def _chain(error: BaseException) -> Iterator[BaseException]:
    """Yield ``error`` and the exceptions it was raised from."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _match(error: BaseException) -> str:
    for matcher in (_ytmusic, _lastfm, _config, _disk, _network):
        hint = matcher(error)
        if hint:
            return hint
    return ""


def _class_names(error: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(error).__mro__}


def _is(error: BaseException, module: str, name: str) -> bool:
    """Return whether ``error`` is a ``module.name`` or has that class name."""
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return name in _class_names(error)
    return isinstance(error, cls)


def _ytmusic(error: BaseException) -> str:
    if _is(error, "sync.ytmusic.errors", "YTMusicNotConfiguredError"):
        return YTMUSIC_NOT_SET_UP
    if _is(error, "sync.ytmusic.errors", "YTMusicAuthError"):
        return YTMUSIC_AUTH
    return ""


def _lastfm(error: BaseException) -> str:
    code = getattr(error, "code", None)
    if _is(error, "sync.lastfm.errors", "LastfmUserError"):
        if code in LASTFM_KEY_CODES:
            return LASTFM_API_KEY.format(code=code)
        if code == 6:
            return LASTFM_USER
        if code == 17:
            return LASTFM_PRIVATE
        return ""
    if _is(error, "sync.lastfm.errors", "LastfmTransientError"):
        return LASTFM_RATE_LIMIT if code == 29 else LASTFM_UNAVAILABLE
    if code == 29 and "LastfmError" in _class_names(error):
        return LASTFM_RATE_LIMIT
    return ""


def _config(error: BaseException) -> str:
    if _is(error, "sync.configfiles", "ConfigFileError"):
        path = getattr(error, "path", "the config file")
        line = getattr(error, "line", None)
        where = f"{path}, line {line}" if line else str(path)
        problem = getattr(error, "problem", "") or str(error)
        return CONFIG_FILE.format(where=where, problem=problem)
    if _is(error, "sync.conf", "ConfigError"):
        return CONFIG_VALUE.format(
            key=getattr(error, "key", "?"), allowed=getattr(error, "allowed", "")
        )
    return ""


def _disk(error: BaseException) -> str:
    full = isinstance(error, OSError) and error.errno == errno.ENOSPC
    if not full and "OperationalError" in _class_names(error):
        full = "database or disk is full" in str(error).lower()
    if full:
        return DISK_FULL.format(home=settings.YTMT_HOME)
    return ""


def _network(error: BaseException) -> str:
    if isinstance(error, socket.gaierror):
        detail = "a host name could not be resolved"
    elif _is(error, "requests", "ConnectionError"):
        detail = "the connection failed"
    elif isinstance(error, OSError) and error.errno in NETWORK_ERRNOS:
        detail = error.strerror or errno.errorcode[error.errno]
    elif isinstance(error, ConnectionError) or _class_names(error) & URLLIB3_NAMES:
        detail = "the connection failed"
    else:
        return ""
    return NETWORK.format(detail=detail)
