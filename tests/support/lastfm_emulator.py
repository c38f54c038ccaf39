"""A Last.fm API server for tests: real HTTP on 127.0.0.1, scripted failures.

It serves the read methods ytmt calls in the JSON shapes of
ws.audioscrobbler.com/2.0/. Numbers are strings, paging is in `@attr`, a
single track is an object instead of a list, and the now-playing row comes
before the first page. Error bodies carry the HTTP status Last.fm uses.

    with LastfmEmulator(scrobbles, user="alice", api_key="a" * 32) as emu:
        client = LastfmClient(emu.url, "a" * 32)
        emu.fail("user.getRecentTracks", 29, times=2)
"""

import collections
import html
import json
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

from sync.tracks import Scrobble

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_PAGE = 1_000_000

# Messages as Last.fm sends them.
INVALID_API_KEY = "Invalid API key - You must be granted a valid key by last.fm"
USER_NOT_FOUND = "User not found"
ARTIST_NOT_FOUND = "The artist you supplied could not be found"
MISSING_USER = "Invalid parameters - Your request is missing the [user] parameter"
PAGE_OUT_OF_BOUNDS = "page param out of bounds (1-1000000)"
INVALID_METHOD = "Invalid Method - No method with that name in this package"
ERROR_MESSAGES = {
    8: "Operation failed - Most likely the backend service failed. Please try again.",
    11: "Service Offline - This service is temporarily offline. Try again later.",
    16: "There was a temporary error processing your request. Please try again",
    17: "Login: User required to be logged in",
    26: "Suspended API key - Access for your account has been suspended, "
    "please contact Last.fm",
    29: "Rate Limit Exceeded - Your IP has made too many requests in a short period",
}
# HTTP status that goes with each scripted error code; others use 200.
ERROR_STATUS = {6: 404, 10: 403, 11: 503, 17: 403, 26: 403, 29: 429}


@dataclass
class Failure:
    """A scripted failure: a Last.fm error code, an HTTP status or bad JSON."""

    code: int | None
    status: int
    invalid_json: bool = False
    retry_after: int | None = None


class LastfmEmulator:
    """Serve one user's scrobbles (newest first) like the Last.fm API.

    `requests` counts requests by method, failed ones included, and
    `queries` keeps each raw query string. All state is guarded by one lock,
    so tests may change it while the server threads respond.
    """

    def __init__(
        self,
        scrobbles: Iterable[Scrobble] = (),
        *,
        user: str = "alice",
        api_key: str = "a" * 32,
        escape_entities: bool = False,
        port: int = 0,
    ) -> None:
        self.user = user
        # 0 picks a free port; the demo passes a fixed one.
        self.port = port
        self.api_key = api_key
        self.escape_entities = escape_entities
        self.now_playing: Scrobble | None = None
        self.similar: dict[str, list[tuple[str, float]]] = {}
        self.tags: dict[str, list[tuple[str, int]]] = {}
        self.requests: collections.Counter[str] = collections.Counter()
        self.queries: list[str] = []
        # TCP connections accepted; fewer than requests means keep-alive works.
        self.connections = 0
        self._scrobbles = _newest_first(list(scrobbles))
        self._failures: dict[str, collections.deque[Failure]] = collections.defaultdict(
            collections.deque
        )
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def __enter__(self) -> "LastfmEmulator":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            # A short poll interval makes stop() return quickly.
            kwargs={"poll_interval": 0.05},
            name="lastfm-emulator",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running: use it in a with block")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/2.0/"

    # Test controls

    def append(self, scrobbles: Iterable[Scrobble]) -> None:
        """Add newer scrobbles, as if the user listened since the last run."""
        with self._lock:
            self._scrobbles = _newest_first([*scrobbles, *self._scrobbles])

    @property
    def scrobbles(self) -> list[Scrobble]:
        with self._lock:
            return list(self._scrobbles)

    def fail(
        self,
        method: str,
        code: int | str,
        times: int = 1,
        *,
        status: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Fail the next ``times`` requests of ``method`` with an error.

        ``code`` is a Last.fm error number (below 100), an HTTP status such
        as 500 or 503 (sent with an HTML body), or "invalid-json".
        """
        if code == "invalid-json":
            failure = Failure(None, status or 200, invalid_json=True)
        elif isinstance(code, int) and code >= 100:
            failure = Failure(None, code, retry_after=retry_after)
        elif isinstance(code, int):
            failure = Failure(
                code, status or ERROR_STATUS.get(code, 200), retry_after=retry_after
            )
        else:
            raise ValueError(f"code={code!r} is invalid: use an int or 'invalid-json'")
        with self._lock:
            self._failures[method].extend([failure] * times)

    def _next_failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        if queue:
            return queue.popleft()
        return None

    # Responses

    def respond(self, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        """Return (status, body, headers) for one request; body None is bad JSON."""
        method = query.get("method", "")
        with self._lock:
            self.requests[method] += 1
            failure = self._next_failure(method)
            if failure is not None:
                return _failure_response(failure)
            if query.get("api_key") != self.api_key:
                return 403, _error(10, INVALID_API_KEY), {}
            handler = self._methods().get(method.lower())
            if handler is None:
                return 400, _error(3, INVALID_METHOD), {}
            return handler(query)

    def _methods(self) -> dict[str, Any]:
        return {
            "user.getrecenttracks": self._recent_tracks,
            "user.getinfo": self._user_info,
            "artist.getsimilar": self._similar_artists,
            "artist.gettoptags": self._top_tags,
        }

    def _check_user(self, query: dict[str, str]) -> tuple[int, Any, dict] | None:
        user = query.get("user", "")
        if not user:
            return 200, _error(6, MISSING_USER), {}
        if user.lower() != self.user.lower():
            return 404, {"error": 6, "message": USER_NOT_FOUND}, {}
        return None

    def _recent_tracks(self, query: dict[str, str]) -> tuple[int, Any, dict]:
        problem = self._check_user(query)
        if problem is not None:
            return problem
        limit = _int_param(query, "limit", DEFAULT_LIMIT)
        page = _int_param(query, "page", 1)
        if page < 1 or page > MAX_PAGE:
            return 200, _error(6, PAGE_OUT_OF_BOUNDS), {}
        limit = min(max(limit, 1), MAX_LIMIT)
        selected = self._between(query.get("from"), query.get("to"))

        total = len(selected)
        rows = [self._track_row(s) for s in selected[(page - 1) * limit : page * limit]]
        if page == 1 and self.now_playing is not None:
            now_row = self._track_row(self.now_playing)
            del now_row["date"]
            now_row["@attr"] = {"nowplaying": "true"}
            rows.insert(0, now_row)
        body = {
            "recenttracks": {
                # Last.fm turns a one-element list into a bare object.
                "track": rows[0] if len(rows) == 1 else rows,
                "@attr": {
                    "user": self.user,
                    "page": str(page),
                    "perPage": str(limit),
                    "totalPages": str(math.ceil(total / limit)),
                    "total": str(total),
                },
            }
        }
        return 200, body, {}

    def _between(self, start: str | None, end: str | None) -> list[Scrobble]:
        if start is None and end is None:
            return self._scrobbles
        low = int(start) if start else 0
        high = int(end) if end else None
        selected = []
        for scrobble in self._scrobbles:
            uts = _uts(scrobble)
            if uts < low or (high is not None and uts > high):
                continue
            selected.append(scrobble)
        return selected

    def _track_row(self, scrobble: Scrobble) -> dict[str, Any]:
        uts = _uts(scrobble)
        moment = datetime.fromtimestamp(uts, tz=UTC)
        artist = self._text(scrobble.artist)
        title = self._text(scrobble.title)
        return {
            "artist": {"mbid": scrobble.artist_mbid, "#text": artist},
            "streamable": "0",
            "image": [
                {"size": size, "#text": ""}
                for size in ("small", "medium", "large", "extralarge")
            ],
            "mbid": scrobble.track_mbid,
            "album": {"mbid": "", "#text": self._text(scrobble.album)},
            "name": title,
            "url": "https://www.last.fm/music/"
            f"{quote_plus(scrobble.artist)}/_/{quote_plus(scrobble.title)}",
            "date": {"uts": str(uts), "#text": moment.strftime("%d %b %Y, %H:%M")},
        }

    def _text(self, value: str) -> str:
        return html.escape(value, quote=False) if self.escape_entities else value

    def _user_info(self, query: dict[str, str]) -> tuple[int, Any, dict]:
        problem = self._check_user(query)
        if problem is not None:
            return problem
        dated = [_uts(s) for s in self._scrobbles if s.played_at is not None]
        registered = min(dated) if dated else 0
        body = {
            "user": {
                "name": self.user,
                "realname": "",
                "url": f"https://www.last.fm/user/{self.user}",
                "country": "None",
                "age": "0",
                "gender": "n",
                "subscriber": "0",
                "playcount": str(len(self._scrobbles)),
                "playlists": "0",
                "bootstrap": "0",
                "registered": {"unixtime": str(registered), "#text": registered},
                "type": "user",
                "image": [],
            }
        }
        return 200, body, {}

    def _similar_artists(self, query: dict[str, str]) -> tuple[int, Any, dict]:
        artist = query.get("artist", "")
        if artist not in self.similar:
            return 200, _error(6, ARTIST_NOT_FOUND), {}
        limit = _int_param(query, "limit", 100)
        rows = [
            {"name": name, "mbid": "", "match": f"{match:g}", "url": "", "image": []}
            for name, match in self.similar[artist][:limit]
        ]
        body = {
            "similarartists": {
                "artist": rows[0] if len(rows) == 1 else rows,
                "@attr": {"artist": artist},
            }
        }
        return 200, body, {}

    def _top_tags(self, query: dict[str, str]) -> tuple[int, Any, dict]:
        artist = query.get("artist", "")
        if artist not in self.tags:
            return 200, _error(6, ARTIST_NOT_FOUND), {}
        rows = [
            {"name": name, "count": count, "url": f"https://www.last.fm/tag/{name}"}
            for name, count in self.tags[artist]
        ]
        body = {
            "toptags": {
                "tag": rows[0] if len(rows) == 1 else rows,
                "@attr": {"artist": artist},
            }
        }
        return 200, body, {}


class _Handler(BaseHTTPRequestHandler):
    emulator: LastfmEmulator
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY each
    # keep-alive response would wait for the client's delayed ACK.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        with self.emulator._lock:
            self.emulator.connections += 1

    def do_GET(self) -> None:  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
        parts = urlsplit(self.path)
        if parts.path.rstrip("/") != "/2.0":
            self._send(404, b"not found", "text/plain", {})
            return
        with self.emulator._lock:
            self.emulator.queries.append(parts.query)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if query.get("format") != "json":
            self._send(400, b"this emulator only serves format=json", "text/plain", {})
            return
        status, body, headers = self.emulator.respond(query)
        if isinstance(body, bytes):
            self._send(status, body, "text/html", headers)
        elif body is None:
            self._send(status, b'{"recenttracks": {"track": [', "application/json", {})
        else:
            payload = json.dumps(body).replace("/", "\\/").encode()
            self._send(status, payload, "application/json", headers)

    def _send(
        self, status: int, payload: bytes, content_type: str, headers: dict[str, str]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep test output quiet; `emulator.requests` records the traffic."""


def _failure_response(failure: Failure) -> tuple[int, Any, dict[str, str]]:
    headers = {}
    if failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    if failure.invalid_json:
        return failure.status, None, headers
    if failure.code is None:
        page = f"<html><body><h1>{failure.status}</h1></body></html>".encode()
        return failure.status, page, headers
    message = ERROR_MESSAGES.get(failure.code, "Invalid parameters")
    return failure.status, _error(failure.code, message), headers


def _error(code: int, message: str) -> dict[str, Any]:
    return {"error": code, "message": message, "links": []}


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name) or default)
    except ValueError:
        return default


def _uts(scrobble: Scrobble) -> int:
    return int(scrobble.played_at.timestamp()) if scrobble.played_at else 0


def _newest_first(scrobbles: list[Scrobble]) -> list[Scrobble]:
    """Sort newest first with undated scrobbles last, as Last.fm pages them."""
    return sorted(scrobbles, key=lambda s: (s.played_at is None, -_uts(s)))
