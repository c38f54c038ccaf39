"""Turn request headers pasted from a browser into YouTube Music's browser.json.

ytmusicapi's own `setup_browser` parses the paste, so both layouts it parses
work: Chrome's "name on one line, value on the next" copy and Firefox's raw
HTTP request. This module adds the checks ytmusicapi leaves to the first API
call, so a bad paste fails at once and names what is missing, and it writes
the file atomically with mode 0600 instead of ytmusicapi's plain `open()`.
"""

import json
import logging
import re
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ytmusicapi.exceptions import YTMusicError, YTMusicUserError
from ytmusicapi.helpers import get_authorization
from ytmusicapi.setup import setup_browser

from sync.envfile import write_atomic

logger = logging.getLogger(__name__)

# ytmusicapi signs every request with this cookie (helpers.sapisid_from_cookie).
SAPISID_COOKIE = "__Secure-3PAPISID"
DEFAULT_ORIGIN = "https://music.youtube.com"


class BrowserAuthError(ValueError):
    """The pasted headers cannot become a working browser.json."""


def _normalise(headers_raw: str) -> str:
    # Browsers post textarea content with CRLF line ends; ytmusicapi splits on
    # "\n" only and would keep a "\r" at the end of every value.
    text = headers_raw.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _cookie_names(raw_cookie: str) -> set[str]:
    cookie = SimpleCookie()
    try:
        cookie.load(raw_cookie.replace('"', ""))
    except CookieError:
        return set()
    return set(cookie)


def build_browser_headers(headers_raw: str) -> dict[str, str]:
    """Parse a header paste and return the headers browser.json should hold.

    Raises BrowserAuthError naming the missing header or cookie.
    """
    text = _normalise(headers_raw)
    if not text:
        raise BrowserAuthError(
            _(
                "The paste is empty. Copy the request headers of a music.youtube.com "
                "request (such as /browse) from the browser's network tab."
            )
        )
    try:
        headers = json.loads(setup_browser(filepath=None, headers_raw=text))
    except YTMusicUserError as error:
        # ytmusicapi lists the missing names after a colon, comma separated.
        match = re.search(r"missing in your headers: ([\w\-, ]+)\.", str(error))
        if match is None:
            raise BrowserAuthError(str(error)) from None
        missing = sorted(name.strip() for name in match.group(1).split(","))
        raise BrowserAuthError(
            ngettext(
                "The paste has no %(names)s header. Copy the headers of a request "
                "to music.youtube.com/youtubei/v1/browse made while signed in.",
                "The paste has none of the headers %(names)s. Copy the headers of "
                "a request to music.youtube.com/youtubei/v1/browse made while "
                "signed in.",
                len(missing),
            )
            % {"names": ", ".join(missing)}
        ) from None
    except YTMusicError as error:
        raise BrowserAuthError(
            _("The headers could not be read: %(error)s") % {"error": error}
        ) from None

    # Chrome's multi-line x-client-data value ends in a "Decoded:" block,
    # which the parser reads as a header of its own; no real header has
    # that name.
    headers = {key: value for key, value in headers.items() if key.lower() != "decoded"}

    # Chrome's layout keeps the names as pasted; look them up case-blind.
    lowered = {key.lower(): value for key, value in headers.items()}
    cookie = lowered.get("cookie", "")
    if SAPISID_COOKIE not in _cookie_names(cookie):
        raise BrowserAuthError(
            _(
                "The cookie header has no %(name)s cookie. Copy the headers of a "
                "request made while signed in to music.youtube.com."
            )
            % {"name": SAPISID_COOKIE}
        )

    # ytmusicapi recognises browser credentials by a SAPISIDHASH authorization
    # header and recomputes it for every request, so a paste without one (or
    # with a redacted one) gets a fresh value derived from the cookie.
    authorization = lowered.get("authorization", "")
    if "SAPISIDHASH" not in authorization:
        for key in [key for key in headers if key.lower() == "authorization"]:
            del headers[key]
        origin = lowered.get("origin") or lowered.get("x-origin") or DEFAULT_ORIGIN
        sapisid = SimpleCookie(cookie.replace('"', ""))[SAPISID_COOKIE].value
        headers["authorization"] = get_authorization(f"{sapisid} {origin}")
    return headers


def save_browser_auth(path: Path, headers_raw: str) -> dict[str, str]:
    """Write browser.json for a header paste; return the saved headers."""
    headers = build_browser_headers(headers_raw)
    content = json.dumps(headers, ensure_ascii=True, indent=4, sort_keys=True)
    write_atomic(path, content + "\n", mode=0o600)
    logger.info("Saved YouTube Music browser credentials to %s", path)
    return headers
