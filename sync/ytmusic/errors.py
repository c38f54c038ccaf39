"""Errors of the YouTube Music layer, mapped from what ytmusicapi raises.

The gateway turns ytmusicapi's `YTMusicServerError` ("Server returned HTTP
409: Conflict. ...") and `YTMusicUserError` into these classes, so the
playlist code decides on a type instead of parsing messages.
"""

AUTH_MESSAGE = (
    "YouTube Music rejected the saved credentials; paste fresh browser headers"
)


class YTMusicError(Exception):
    """A YouTube Music call failed and retrying it will not help."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class YTMusicAuthError(YTMusicError):
    """The credentials are missing, incomplete or expired (HTTP 401)."""

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        message = f"{AUTH_MESSAGE} ({detail})" if detail else AUTH_MESSAGE
        super().__init__(message, status=status)
        self.detail = detail


class YTMusicNotConfiguredError(YTMusicAuthError):
    """No credentials file exists yet: YouTube Music was never set up."""

    def __init__(self, path: str) -> None:
        YTMusicError.__init__(
            self,
            f"YouTube Music is not set up: {path} not found. Paste the request "
            "headers of music.youtube.com on the setup page "
            '(Settings, "Paste new YouTube Music request headers").',
        )
        self.detail = f"{path} not found"


class YTMusicTransientError(YTMusicError):
    """HTTP 5xx, 429, a rate-limit 403, invalid JSON or a lost connection."""


class YTMusicConflictError(YTMusicError):
    """HTTP 409, or 400 "Precondition check failed": the playlist changed.

    The caller re-reads the playlist before it writes again. YouTube Music
    also answers this way for a few seconds after a playlist is created.
    """


class YTMusicBadRequestError(YTMusicError):
    """HTTP 400 other than a failed precondition, e.g. an invalid video id."""


class YTMusicNotFoundError(YTMusicError):
    """HTTP 404: the playlist or video does not exist (any more)."""


class YTMusicWriteFailed(YTMusicError):
    """A write returned HTTP 200 without ``STATUS_SUCCEEDED`` in its body."""

    def __init__(self, method: str, response: object, size: int = 0) -> None:
        status = response.get("status") if isinstance(response, dict) else response
        super().__init__(
            f"{method} did not succeed: YouTube Music answered {status!s:.80} "
            f"for a request of {size} item(s)"
        )
        self.method = method
        self.response = response
        self.size = size
