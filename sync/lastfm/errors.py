"""Errors raised by the Last.fm client, split by what the caller should do.

`LastfmUserError` means the user must change something (the API key, the
user name, a privacy setting) and retrying cannot help. `LastfmTransientError`
means Last.fm or the network failed for a while and the retries ran out, so a
later run may succeed. Every error carries a `hint` that `sync.hints.hint_for`
shows next to the message.
"""

API_ACCOUNT_URL = "https://www.last.fm/api/account/create"

# Last.fm error codes, from the API documentation's list of error codes.
INVALID_PARAMETERS = 6
OPERATION_FAILED = 8
INVALID_API_KEY = 10
SERVICE_OFFLINE = 11
TEMPORARY_ERROR = 16
LOGIN_REQUIRED = 17
SUSPENDED_API_KEY = 26
RATE_LIMIT_EXCEEDED = 29

RETRYABLE_CODES = frozenset(
    {OPERATION_FAILED, SERVICE_OFFLINE, TEMPORARY_ERROR, RATE_LIMIT_EXCEEDED}
)


class LastfmError(Exception):
    """A Last.fm request failed; `code` is Last.fm's error number if any."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        hint: str = "",
        method: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint
        self.method = method
        self.status = status


class LastfmUserError(LastfmError):
    """Last.fm rejected the request for a reason only the user can fix."""


class LastfmNotFoundError(LastfmUserError):
    """The user, artist or track named in the request is not on Last.fm."""


class LastfmTransientError(LastfmError):
    """Last.fm or the network kept failing until the retries ran out."""


class LastfmRateLimitedError(LastfmTransientError):
    """Last.fm kept returning error 29 (rate limit exceeded)."""


def error_from_code(
    code: int,
    message: str,
    *,
    method: str,
    params: dict[str, str],
    status: int | None = None,
) -> LastfmError:
    """Build the error for a Last.fm error body that retrying cannot fix.

    The message names the setting or value at fault and the hint gives the
    fix. Error 6 means "invalid parameters" in general; it becomes a
    not-found error when the request named a user, artist or track.
    """
    detail = f"error {code} {message}".strip()
    if code == INVALID_API_KEY:
        return LastfmUserError(
            f"Last.fm rejected LASTFM_API_KEY ({detail}): create a key at "
            f"{API_ACCOUNT_URL} and set LASTFM_API_KEY in .env",
            code=code,
            hint=f"Create an API key at {API_ACCOUNT_URL} and paste it into "
            "LASTFM_API_KEY.",
            method=method,
            status=status,
        )
    if code == SUSPENDED_API_KEY:
        return LastfmUserError(
            f"Last.fm suspended LASTFM_API_KEY ({detail}): create a new key at "
            f"{API_ACCOUNT_URL} and set LASTFM_API_KEY in .env",
            code=code,
            hint=f"Create a new API key at {API_ACCOUNT_URL}.",
            method=method,
            status=status,
        )
    if code == LOGIN_REQUIRED:
        user = params.get("user", "")
        return LastfmUserError(
            f"Last.fm user {user!r} hides their listening history ({detail}): "
            "turn off 'Hide recent listening information' in the Last.fm "
            "privacy settings, or set LASTFM_USER to a public profile",
            code=code,
            hint="Make your recent listening public in the Last.fm privacy settings.",
            method=method,
            status=status,
        )
    if code == INVALID_PARAMETERS:
        return _invalid_parameters_error(
            detail, message, method=method, params=params, status=status
        )
    return LastfmError(
        f"Last.fm {method} failed ({detail})", code=code, method=method, status=status
    )


def _invalid_parameters_error(
    detail: str,
    message: str,
    *,
    method: str,
    params: dict[str, str],
    status: int | None,
) -> LastfmError:
    lowered = message.lower()
    if method.startswith("user.") and ("user" in lowered or status == 404):
        user = params.get("user", "")
        return LastfmNotFoundError(
            f"Last.fm user {user!r} not found ({detail}): check LASTFM_USER in .env",
            code=INVALID_PARAMETERS,
            hint="Set LASTFM_USER to your Last.fm user name, as in "
            "https://www.last.fm/user/<name>.",
            method=method,
            status=status,
        )
    if "artist" in params and "found" in lowered:
        subject = params.get("artist", "")
        if params.get("track"):
            subject = f"{subject} - {params['track']}"
        return LastfmNotFoundError(
            f"Last.fm has no data for {subject!r} ({detail}): check the spelling "
            "of the name",
            code=INVALID_PARAMETERS,
            method=method,
            status=status,
        )
    parameter_text = ", ".join(
        f"{key}={value!r}" for key, value in sorted(params.items())
    )
    return LastfmUserError(
        f"Last.fm rejected the parameters of {method} ({detail}): {parameter_text}",
        code=INVALID_PARAMETERS,
        method=method,
        status=status,
    )
