"""The one seam between ytmt and YouTube Music.

`YTMusicGateway` wraps any object with ytmusicapi 1.12's `YTMusic` methods
(the real client, or a fake named by YTMUSIC_CLIENT_FACTORY). It retries
transient failures with exponential backoff and jitter, maps ytmusicapi's
exceptions to `sync.ytmusic.errors`, checks that writes report
``STATUS_SUCCEEDED`` and counts calls by method.
"""

import collections
import importlib
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from sync.conf import ConfigError, SyncSettings
from sync.ytmusic.errors import (
    YTMusicAuthError,
    YTMusicBadRequestError,
    YTMusicConflictError,
    YTMusicError,
    YTMusicNotConfiguredError,
    YTMusicNotFoundError,
    YTMusicTransientError,
    YTMusicWriteFailed,
)
from sync.ytmusic.ids import canonical_playlist_id, is_playlist_id

logger = logging.getLogger(__name__)

# First retry delay in seconds; each later one doubles, plus up to 50% jitter.
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
SUCCEEDED = "STATUS_SUCCEEDED"

# ytmusicapi 1.12 formats server errors as
# "Server returned HTTP 409: Conflict.\n<message from the body>".
HTTP_STATUS = re.compile(r"HTTP (\d{3})")
RATE_LIMIT_WORDS = ("rate", "quota", "too many")

# Tests replace this with a fake clock; the real one sleeps.
DEFAULT_SLEEP: Callable[[float], None] = time.sleep


def load_factory(dotted_path: str) -> Callable[..., Any]:
    """Import the YTMusic-compatible class or factory named by a dotted path.

    Raises ConfigError for YTMUSIC_CLIENT_FACTORY when the path is unusable.
    """
    key = "YTMUSIC_CLIENT_FACTORY"
    module_name, _, attribute = dotted_path.rpartition(".")
    if not module_name:
        raise ConfigError(
            key, dotted_path, "use a dotted path such as ytmusicapi.YTMusic"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ConfigError(
            key,
            dotted_path,
            f"module {module_name!r} could not be imported ({error}); check the "
            "spelling or install the package",
        ) from None
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise ConfigError(
            key,
            dotted_path,
            f"{module_name} has no callable {attribute!r}; name a class or "
            "function such as ytmusicapi.YTMusic",
        )
    return factory


def map_exception(error: Exception) -> YTMusicError:
    """Translate an exception raised by a YTMusic client to our classes."""
    if isinstance(error, YTMusicError):
        return error
    if isinstance(error, json.JSONDecodeError):
        return YTMusicTransientError(f"YouTube Music sent invalid JSON ({error})")
    if isinstance(error, requests.Timeout | requests.ConnectionError):
        return YTMusicTransientError(f"YouTube Music could not be reached ({error})")

    from ytmusicapi.exceptions import YTMusicServerError, YTMusicUserError

    message = str(error).strip()
    if isinstance(error, YTMusicServerError):
        return _map_server_error(message)
    if isinstance(error, YTMusicUserError):
        lowered = message.lower()
        # ytmusicapi takes a browser.json without a SAPISIDHASH authorization
        # header for OAuth and complains about oauth_credentials.
        if any(word in lowered for word in ("authentication", "cookie", "oauth")):
            return YTMusicAuthError(message)
        return YTMusicError(message)
    raise error


def _map_server_error(message: str) -> YTMusicError:
    match = HTTP_STATUS.search(message)
    status = int(match.group(1)) if match else None
    lowered = message.lower()
    if status == 401:
        return YTMusicAuthError(message.splitlines()[0], status=status)
    if status == 403 and any(word in lowered for word in RATE_LIMIT_WORDS):
        return YTMusicTransientError(message, status=status)
    if status == 409 or (status == 400 and "precondition" in lowered):
        return YTMusicConflictError(message, status=status)
    if status == 400:
        return YTMusicBadRequestError(message, status=status)
    if status == 404:
        return YTMusicNotFoundError(message, status=status)
    if status == 429 or (status is not None and status >= 500):
        return YTMusicTransientError(message, status=status)
    return YTMusicError(message, status=status)


def is_success(response: object) -> bool:
    """Return whether a write returned ``STATUS_SUCCEEDED`` (a string or a dict)."""
    if isinstance(response, str):
        return response == SUCCEEDED
    if isinstance(response, dict):
        return response.get("status") == SUCCEEDED
    return False


class YTMusicGateway:
    """Wraps a YTMusic-compatible client: retries, error mapping, call counts.

    Methods keep ytmusicapi 1.12's names and arguments. Writes raise
    `YTMusicWriteFailed` unless the response reports ``STATUS_SUCCEEDED``.
    `create_playlist` is never retried, because a lost response may still
    have created the playlist; the caller reconciles instead.
    """

    def __init__(
        self,
        client: Any,
        *,
        max_retries: int = 3,
        sleep: Callable[[float], None] | None = None,
        label: str = "account",
    ) -> None:
        self.client = client
        self.max_retries = max_retries
        self.sleep = sleep if sleep is not None else DEFAULT_SLEEP
        self.label = label
        self.calls: collections.Counter[str] = collections.Counter()
        # Search workers share one gateway, so counting takes a lock.
        self._calls_lock = threading.Lock()

    # Reads

    def search(
        self,
        query: str,
        filter: str | None = None,
        scope: str | None = None,
        limit: int = 20,
        ignore_spelling: bool = False,
    ) -> list[dict[str, Any]]:
        return self._call(
            "search",
            query,
            filter=filter,
            scope=scope,
            limit=limit,
            ignore_spelling=ignore_spelling,
        )

    def get_playlist(
        self,
        playlistId: str,
        limit: int | None = 100,
        related: bool = False,
        suggestions_limit: int = 0,
    ) -> dict[str, Any]:
        return self._call(
            "get_playlist",
            playlistId,
            limit=limit,
            related=related,
            suggestions_limit=suggestions_limit,
        )

    def get_library_playlists(self, limit: int | None = 25) -> list[dict[str, Any]]:
        return self._call("get_library_playlists", limit=limit)

    def get_song(self, videoId: str, signatureTimestamp: int | None = None) -> dict:
        return self._call("get_song", videoId, signatureTimestamp=signatureTimestamp)

    # Writes

    def create_playlist(
        self,
        title: str,
        description: str,
        privacy_status: str = "PRIVATE",
        video_ids: list[str] | None = None,
        source_playlist: str | None = None,
    ) -> str:
        """Create a playlist and return its canonical id (without "VL")."""
        response = self._call(
            "create_playlist",
            title,
            description,
            privacy_status=privacy_status,
            video_ids=video_ids,
            source_playlist=source_playlist,
            retry=False,
        )
        if not isinstance(response, str) or not is_playlist_id(response):
            shown = sorted(response) if isinstance(response, dict) else type(response)
            raise YTMusicError(
                f"create_playlist for {title!r} returned no playlist id "
                f"(response keys: {shown}); the playlist was not recorded"
            )
        return canonical_playlist_id(response)

    def add_playlist_items(
        self,
        playlistId: str,
        videoIds: list[str] | None = None,
        source_playlist: str | None = None,
        duplicates: bool = False,
    ) -> dict[str, Any]:
        response = self._call(
            "add_playlist_items",
            playlistId,
            videoIds=videoIds,
            source_playlist=source_playlist,
            duplicates=duplicates,
        )
        self._check_write("add_playlist_items", response, len(videoIds or []))
        return response

    def remove_playlist_items(self, playlistId: str, videos: list[dict]) -> Any:
        response = self._call("remove_playlist_items", playlistId, videos)
        self._check_write("remove_playlist_items", response, len(videos))
        return response

    def edit_playlist(self, playlistId: str, **changes: Any) -> Any:
        response = self._call("edit_playlist", playlistId, **changes)
        self._check_write("edit_playlist", response, 1)
        return response

    def delete_playlist(self, playlistId: str) -> Any:
        response = self._call("delete_playlist", playlistId)
        self._check_write("delete_playlist", response, 1)
        return response

    # Plumbing

    def _check_write(self, method: str, response: object, size: int) -> None:
        if not is_success(response):
            logger.warning(
                "%s on %s returned %.80s for %s item(s)",
                method,
                self.label,
                response,
                size,
            )
            raise YTMusicWriteFailed(method, response, size)

    def _call(self, method: str, *args: Any, retry: bool = True, **kwargs: Any) -> Any:
        attempt = 0
        while True:
            with self._calls_lock:
                self.calls[method] += 1
            try:
                return getattr(self.client, method)(*args, **kwargs)
            except Exception as raw_error:  # noqa: BLE001 - mapped below
                error = map_exception(raw_error)
            if isinstance(error, YTMusicAuthError):
                logger.error("%s on %s: %s", method, self.label, error.detail)
                raise error
            if not isinstance(error, YTMusicTransientError):
                raise error
            if not retry or attempt >= self.max_retries:
                logger.warning(
                    "%s on %s failed after %s attempt(s): %s",
                    method,
                    self.label,
                    attempt + 1,
                    error,
                )
                raise error
            delay = backoff_delay(attempt)
            logger.info(
                "%s on %s failed (%s); retry %s of %s in %.1fs",
                method,
                self.label,
                error,
                attempt + 1,
                self.max_retries,
                delay,
            )
            self.sleep(delay)
            attempt += 1


def backoff_delay(attempt: int, base: float = BACKOFF_BASE_SECONDS) -> float:
    """Return the delay before retry ``attempt + 1``: base·2^attempt + jitter."""
    delay = min(base * 2**attempt, BACKOFF_MAX_SECONDS)
    return delay + random.uniform(0, delay / 2)


def check_auth_file(path: Path) -> None:
    """Raise YTMusicAuthError unless ``path`` contains usable credentials.

    Browser credentials need a cookie with ``__Secure-3PAPISID``, which
    ytmusicapi 1.12 signs requests with. OAuth files need an access token.
    """
    if not path.is_file():
        raise YTMusicNotConfiguredError(str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise YTMusicAuthError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise YTMusicAuthError(f"{path} does not contain a JSON object")
    if data.get("access_token"):
        return
    headers = {str(key).lower(): value for key, value in data.items()}
    cookie = str(headers.get("cookie") or "")
    if "__Secure-3PAPISID" not in cookie:
        raise YTMusicAuthError(f"{path} has no cookie with __Secure-3PAPISID")


def build_gateways(
    settings: SyncSettings, *, sleep: Callable[[float], None] | None = None
) -> tuple[YTMusicGateway, YTMusicGateway]:
    """Build the account gateway and the search gateway for one run.

    The search gateway is an anonymous client when USE_ANON_SEARCH is on, so
    searches do not shape the account's recommendations; otherwise it is the
    account gateway itself. Raises YTMusicAuthError before any call when the
    credentials file is missing or has no cookie.
    """
    factory = load_factory(settings.ytmusic_client_factory)
    auth_path = settings.auth_path
    check_auth_file(auth_path)
    account = YTMusicGateway(
        _construct(factory, auth=str(auth_path)),
        max_retries=settings.api_max_retries,
        sleep=sleep,
        label="account",
    )
    if not settings.use_anon_search:
        return account, account
    search = YTMusicGateway(
        _construct(factory),
        max_retries=settings.api_max_retries,
        sleep=sleep,
        label="anonymous",
    )
    return account, search


def _construct(factory: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return factory(**kwargs)
    except Exception as raw_error:  # noqa: BLE001 - mapped below
        raise map_exception(raw_error) from raw_error
