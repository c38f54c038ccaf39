"""HTTP client for the Last.fm 2.0 API: one session, retries, error mapping.

Every request goes through `LastfmClient.call`, which requests JSON, retries
HTTP 5xx, timeouts, unreadable bodies and Last.fm errors 8, 11, 16 and 29
with exponential backoff, and turns every other error body into a
`LastfmError` subclass. Last.fm also sends error bodies with HTTP 200, so the
body decides, not the status.
"""

import collections
import logging
import random
import re
import time
from collections.abc import Callable
from typing import Any

import requests

from sync.conf import SyncSettings
from sync.lastfm.errors import (
    API_ACCOUNT_URL,
    RATE_LIMIT_EXCEEDED,
    RETRYABLE_CODES,
    LastfmError,
    LastfmNotFoundError,
    LastfmRateLimitedError,
    LastfmTransientError,
    LastfmUserError,
    error_from_code,
)
from sync.lastfm.parsing import (
    RecentTracksPage,
    SimilarArtist,
    Tag,
    UserInfo,
    parse_recent_tracks,
    parse_similar_artists,
    parse_top_tags,
    parse_user_info,
)
from sync.lastfm.ratelimit import RateLimiter, limiter_for

logger = logging.getLogger(__name__)

USER_AGENT = "ytmt/0.1 (+self-hosted Last.fm to YouTube Music sync)"
# Last.fm serves at most 200 scrobbles per user.getRecentTracks page.
MAX_PAGE_SIZE = 200
API_KEY_IN_URL = re.compile(r"(api_key=)[^&\s'\"]+")


class _RetryableFailure(Exception):
    """One failed attempt that a later attempt may get past."""

    def __init__(
        self,
        description: str,
        *,
        code: int | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.status = status
        self.retry_after = retry_after


class LastfmClient:
    """Read-only Last.fm API client; `calls` counts requests by method."""

    def __init__(
        self,
        api_url: str,
        api_key: str,
        *,
        max_retries: int = 5,
        timeout: float = 20.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        backoff_base: float = 2.0,
        max_delay: float = 60.0,
        rng: random.Random | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.api_url = api_url
        self.api_key = api_key
        self.max_retries = max_retries
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.sleep = sleep
        self.backoff_base = backoff_base
        self.max_delay = max_delay
        self.rng = rng or random.Random()
        self.rate_limiter = rate_limiter or limiter_for(api_key)
        self.calls: collections.Counter[str] = collections.Counter()

    @classmethod
    def from_settings(cls, settings: SyncSettings) -> "LastfmClient":
        """Build a client from LASTFM_API_URL, LASTFM_API_KEY and retries.

        Raises LastfmUserError before any request when the key is missing.
        """
        if not settings.lastfm_api_key.strip():
            raise LastfmUserError(
                "LASTFM_API_KEY is missing: create a key at "
                f"{API_ACCOUNT_URL} and set LASTFM_API_KEY in .env",
                hint=f"Create an API key at {API_ACCOUNT_URL}.",
            )
        return cls(
            settings.lastfm_api_url,
            settings.lastfm_api_key.strip(),
            max_retries=settings.lastfm_max_retries,
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "LastfmClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Requests

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one API request and return its decoded JSON body.

        Parameters whose value is None are left out. Raises LastfmUserError
        or LastfmError for error bodies that retrying cannot fix, and
        LastfmTransientError once `max_retries` retries have failed.
        """
        shown_params = {
            key: str(value) for key, value in params.items() if value is not None
        }
        query = {
            "method": method,
            **shown_params,
            "api_key": self.api_key,
            "format": "json",
        }
        attempt = 0
        while True:
            self.calls[method] += 1
            self.rate_limiter.acquire()
            try:
                return self._request_once(method, query, shown_params)
            except _RetryableFailure as failure:
                if attempt >= self.max_retries:
                    raise self._final_error(method, failure, attempt + 1) from None
                delay = self._backoff_delay(attempt, failure.retry_after)
                attempt += 1
                logger.warning(
                    "Last.fm %s %s failed (%s); retry %d of %d in %.1f s",
                    method,
                    shown_params,
                    failure.description,
                    attempt,
                    self.max_retries,
                    delay,
                )
                self.sleep(delay)

    def _request_once(
        self, method: str, query: dict[str, str], shown_params: dict[str, str]
    ) -> dict[str, Any]:
        try:
            response = self.session.get(
                self.api_url, params=query, timeout=self.timeout
            )
        except requests.Timeout:
            raise _RetryableFailure(f"timed out after {self.timeout:g} s") from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
        ) as error:
            reason = self.redact(str(error))
            raise LastfmUserError(
                f"LASTFM_API_URL={self.api_url!r} is invalid ({reason}): "
                "use an http:// or https:// URL such as "
                "https://ws.audioscrobbler.com/2.0/",
                method=method,
            ) from None
        except requests.RequestException as error:
            raise _RetryableFailure(self.redact(str(error))) from None

        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None

        if isinstance(body, dict) and "error" in body:
            code = _int_or_none(body.get("error"))
            message = str(body.get("message") or "").strip()
            if code in RETRYABLE_CODES:
                raise _RetryableFailure(
                    f"HTTP {status}, error {code} {message}",
                    code=code,
                    status=status,
                    retry_after=_retry_after(response),
                )
            raise error_from_code(
                code if code is not None else 0,
                message,
                method=method,
                params=shown_params,
                status=status,
            )
        if status == 429 or status >= 500:
            raise _RetryableFailure(
                f"HTTP {status}", status=status, retry_after=_retry_after(response)
            )
        if status >= 400:
            raise LastfmError(
                f"Last.fm {method} failed with HTTP {status} and no error body: "
                "check LASTFM_API_URL in .env",
                method=method,
                status=status,
            )
        if not isinstance(body, dict):
            raise _RetryableFailure(f"HTTP {status} with a body that is not JSON")
        return body

    def _backoff_delay(self, attempt: int, retry_after: float | None) -> float:
        """Return the wait before retry ``attempt + 1``: doubling, plus jitter.

        The jitter adds up to a quarter of the base delay, so retry n waits at
        least `backoff_base` * 2**(n-1) seconds. A Retry-After header can
        raise the delay. No delay exceeds `max_delay`.
        """
        base = min(self.max_delay, self.backoff_base * 2**attempt)
        delay = base + self.rng.uniform(0, base / 4)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.max_delay)

    def _final_error(
        self, method: str, failure: _RetryableFailure, attempts: int
    ) -> LastfmTransientError:
        message = (
            f"Last.fm {method} failed after {attempts} attempts ({failure.description})"
        )
        if failure.code == RATE_LIMIT_EXCEEDED:
            return LastfmRateLimitedError(
                message,
                code=failure.code,
                hint="Last.fm limits requests per API key. Wait a few minutes and "
                "run the sync again, or raise LASTFM_MAX_RETRIES.",
                method=method,
                status=failure.status,
            )
        return LastfmTransientError(
            message,
            code=failure.code,
            hint="Last.fm is unreachable or failing. Run the sync again later; "
            "check LASTFM_API_URL if this persists.",
            method=method,
            status=failure.status,
        )

    def redact(self, text: str) -> str:
        """Return ``text`` with the API key masked, for logs and messages."""
        masked = API_KEY_IN_URL.sub(r"\1***", text)
        if self.api_key:
            masked = masked.replace(self.api_key, "***")
        return masked

    # Methods

    def recent_tracks_page(
        self,
        user: str,
        page: int,
        *,
        limit: int = MAX_PAGE_SIZE,
        from_ts: int | None = None,
        to_ts: int | None = None,
    ) -> RecentTracksPage:
        """Fetch one page of the user's scrobbles, newest first (page 1)."""
        if not user.strip():
            raise LastfmUserError(
                "LASTFM_USER is empty: set it to your Last.fm user name in .env",
                hint="Set LASTFM_USER to your Last.fm user name.",
            )
        if page < 1:
            raise ValueError(f"page={page} is invalid: Last.fm pages start at 1")
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit={limit} is invalid: use 1 to {MAX_PAGE_SIZE}")
        params = {"from": from_ts, "to": to_ts}
        body = self.call(
            "user.getRecentTracks",
            user=user.strip(),
            page=page,
            limit=limit,
            **params,
        )
        return parse_recent_tracks(body)

    def user_info(self, user: str) -> dict[str, Any]:
        """Return the `user` object of `user.getInfo`, as the wizard shows it."""
        body = self.call("user.getInfo", user=user.strip())
        return parse_user_info(body).raw

    def user_summary(self, user: str) -> UserInfo:
        return parse_user_info(self.call("user.getInfo", user=user.strip()))

    def similar_artists(self, artist: str, limit: int = 50) -> list[SimilarArtist]:
        """Return artists similar to ``artist``, best match first.

        Raises LastfmNotFoundError when Last.fm has no such artist or no
        similar artist for it, so a caller never mistakes an empty or
        failed lookup for data about another seed.
        """
        if not artist.strip():
            raise ValueError("artist is empty: give the name of a seed artist")
        body = self.call("artist.getSimilar", artist=artist, limit=limit, autocorrect=1)
        artists = parse_similar_artists(body)
        if not artists:
            raise LastfmNotFoundError(
                f"Last.fm has no similar artists for {artist!r}: pick another "
                "seed artist",
                method="artist.getSimilar",
            )
        return artists

    def top_tags(self, artist: str, title: str | None = None) -> list[Tag]:
        """Return the top tags of an artist, or of a track when ``title`` is set."""
        if title is None:
            body = self.call("artist.getTopTags", artist=artist, autocorrect=1)
        else:
            body = self.call(
                "track.getTopTags", artist=artist, track=title, autocorrect=1
            )
        return parse_top_tags(body)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _retry_after(response: requests.Response) -> float | None:
    """Read a Retry-After header given in seconds; dates are ignored."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
