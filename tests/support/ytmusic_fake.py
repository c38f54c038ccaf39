"""An in-memory stand-in for `ytmusicapi.YTMusic` 1.12, with failure injection.

Plugged in the way a user configures a client: YTMUSIC_CLIENT_FACTORY=
``tests.support.ytmusic_fake.factory``, called as ``factory(auth=path)`` or
``factory()``. Every client shares the module-level `SERVER`, so a test
seeds the catalogue, runs the code under test and inspects playlists and
call counts. Method names, arguments, return shapes and raised exceptions
follow ytmusicapi 1.12.3 (`mixins/playlists.py`, `ytmusic.py`); playlist
tracks have the keys of its parsed `get_playlist` output.

Failures are injected with `FakeServer.fail_next(method, *outcomes)`: an
exception instance is raised, a callable is called with the arguments, any
other value is returned as the response, without touching the state.
`PASS` responds normally, and `AfterWrite(error)` performs the write and
then raises ``error``, as when a response is lost after the server acted.
"""

import collections
import json
import string
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from ytmusicapi.exceptions import YTMusicServerError, YTMusicUserError

FACTORY_PATH = "tests.support.ytmusic_fake.factory"
SUCCEEDED = "STATUS_SUCCEEDED"
# Cookie of a browser.json the fake accepts (ytmusicapi needs __Secure-3PAPISID).
TEST_COOKIE = "SAPISID=abc/def; __Secure-3PAPISID=abc/def; HSID=x"


def server_error(status: int, reason: str, message: str) -> YTMusicServerError:
    """Build the exception ytmusicapi raises for an HTTP error response."""
    return YTMusicServerError(f"Server returned HTTP {status}: {reason}.\n{message}")


def unauthorized() -> YTMusicServerError:
    return server_error(
        401,
        "Unauthorized",
        "Request had invalid authentication credentials. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential.",
    )


def precondition_failed() -> YTMusicServerError:
    return server_error(400, "Bad Request", "Precondition check failed.")


def conflict() -> YTMusicServerError:
    return server_error(409, "Conflict", "The operation was aborted.")


def invalid_argument() -> YTMusicServerError:
    return server_error(400, "Bad Request", "Request contains an invalid argument.")


def not_found() -> YTMusicServerError:
    # ytmusicapi 1.12 raises this for get_playlist of a deleted playlist.
    return server_error(404, "Not Found", "Requested entity was not found.")


def server_unavailable() -> YTMusicServerError:
    return server_error(
        503, "Service Unavailable", "The service is currently unavailable."
    )


def too_many_requests() -> YTMusicServerError:
    return server_error(429, "Too Many Requests", "Resource has been exhausted.")


def rate_limited_forbidden() -> YTMusicServerError:
    return server_error(403, "Forbidden", "Rate limit exceeded for this user.")


def invalid_json() -> json.JSONDecodeError:
    return json.JSONDecodeError("Expecting value", "<html>", 0)


PASS = object()
NOT_SCRIPTED = object()


@dataclass
class AfterWrite:
    """Outcome for `fail_next`: perform the write, then raise ``error``."""

    error: BaseException


STATUS_FAILED = {"status": "STATUS_FAILED", "responseContext": {"visitorData": "x"}}


class FakeClock:
    """Seconds since the test started; `sleep` advances it instantly."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class FakeSong:
    """One upload in the catalogue."""

    video_id: str
    title: str
    artists: list[str]
    album: str | None = None
    duration_seconds: int = 200
    video_type: str = "MUSIC_VIDEO_TYPE_ATV"
    available: bool = True
    views: str = "1.2M"

    @property
    def is_song(self) -> bool:
        return self.video_type == "MUSIC_VIDEO_TYPE_ATV"

    def artist_refs(self) -> list[dict[str, str]]:
        return [
            {"name": name, "id": _stable_id("UC", name, 22)} for name in self.artists
        ]

    def album_ref(self) -> dict[str, str] | None:
        if self.album is None:
            return None
        return {"name": self.album, "id": _stable_id("MPREb_", self.album, 11)}

    @property
    def duration(self) -> str:
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"


@dataclass
class FakePlaylist:
    """A playlist on the fake server; ``items`` are parsed track dicts."""

    playlist_id: str
    title: str
    description: str = ""
    privacy: str = "PRIVATE"
    items: list[dict[str, Any]] = field(default_factory=list)
    created_at: float = 0.0
    owned: bool = True
    add_to_top: bool = False

    @property
    def video_ids(self) -> list[str]:
        return [
            item.get("videoId") for item in self.items if item.get("isAvailable", True)
        ]

    @property
    def set_video_ids(self) -> list[str]:
        return [item.get("setVideoId") for item in self.items]


class FakeServer:
    """State shared by every FakeYTMusic client of a test."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.songs: dict[str, FakeSong] = {}
        self.playlists: dict[str, FakePlaylist] = {}
        self.calls: collections.Counter[str] = collections.Counter()
        self.call_log: list[tuple[str, tuple, dict]] = []
        self.auth_valid = True
        self.clients: list[FakeYTMusic] = []
        # Sent video id -> the upload the server stores instead.
        self.substitutions: dict[str, str] = {}
        # "append" keeps the order sent; "reversed" appends them backwards.
        self.add_order = "append"
        # Seconds after a create during which edits fail with HTTP 400
        # "Precondition check failed".
        self.edit_lock_seconds = 0.0
        # How an add with an invalid id fails: "http400" or "status".
        self.invalid_add_mode = "http400"
        # Id form returned by create_playlist: "PL" (plain) or "VL" (prefixed).
        self.create_id_form = "PL"
        self.short_ids = False
        # Lose the response of the next create (ReadTimeout after creating).
        self.lose_create_response = False
        # Seconds before a new playlist shows in get_library_playlists.
        self.library_delay_seconds = 0.0
        self.scripted: dict[str, list[Any]] = collections.defaultdict(list)
        # The engine searches from several threads at once.
        self.lock = threading.RLock()
        # Scripted search results: by (query, filter), else by filter alone.
        self.search_results: dict[tuple[str, str | None], list[dict]] = {}
        self.search_by_filter: dict[str | None, list[dict]] = {}
        self._counter = 0

    # Seeding

    def add_song(
        self,
        video_id: str,
        title: str,
        artists: str | list[str],
        *,
        album: str | None = None,
        duration_seconds: int = 200,
        video_type: str = "MUSIC_VIDEO_TYPE_ATV",
        available: bool = True,
        views: str = "1.2M",
    ) -> FakeSong:
        names = [artists] if isinstance(artists, str) else list(artists)
        song = FakeSong(
            video_id,
            title,
            names,
            album,
            duration_seconds,
            video_type,
            available,
            views,
        )
        self.songs[video_id] = song
        return song

    def add_songs(self, count: int, prefix: str = "v") -> list[str]:
        """Add ``count`` songs with 11-character ids; return the ids."""
        digits = 11 - len(prefix)
        if digits < 4 or count > 10**digits:
            raise ValueError(f"prefix {prefix!r} is too long for {count} ids")
        ids = []
        for number in range(count):
            video_id = f"{prefix}{number:0{digits}d}"
            self.add_song(video_id, f"Song {prefix}{number}", f"Artist {number % 7}")
            ids.append(video_id)
        return ids

    def add_playlist(
        self,
        title: str,
        video_ids: list[str] = (),
        *,
        description: str = "",
        privacy: str = "PRIVATE",
        playlist_id: str | None = None,
    ) -> FakePlaylist:
        """Create a playlist directly, as if the user had made it."""
        playlist = FakePlaylist(
            playlist_id=playlist_id or self._new_playlist_id(),
            title=title,
            description=description,
            privacy=privacy,
            created_at=self.clock.now - 3600,
        )
        playlist.items = [self._item(video_id) for video_id in video_ids]
        self.playlists[playlist.playlist_id] = playlist
        return playlist

    def load_parsed_playlist(self, path: Path) -> FakePlaylist:
        """Seed a playlist with the tracks of a parsed `get_playlist` file."""
        data = json.loads(path.read_text(encoding="utf-8"))
        playlist = FakePlaylist(
            playlist_id=data["id"],
            title=data.get("title") or "",
            description=data.get("description") or "",
            privacy=data.get("privacy") or "PRIVATE",
            created_at=self.clock.now - 3600,
        )
        for track in data["tracks"]:
            if track.get("videoId"):
                self.add_song(
                    track["videoId"],
                    track.get("title") or "",
                    [artist["name"] for artist in track.get("artists") or []],
                    album=(track.get("album") or {}).get("name"),
                    duration_seconds=track.get("duration_seconds") or 0,
                    video_type=track.get("videoType") or "MUSIC_VIDEO_TYPE_ATV",
                    available=track.get("isAvailable", True),
                )
            playlist.items.append(dict(track))
        self.playlists[playlist.playlist_id] = playlist
        return playlist

    def load_search_case(self, case: dict[str, Any]) -> None:
        """Return a matching-corpus case's result lists from every search.

        ``case["results"]`` holds the ``songs``, ``videos`` and ``all`` lists
        of one query; each filter gets its list whatever the query text, and
        every listed upload joins the catalogue so it can be added.
        """
        results = case["results"]
        self.search_by_filter = {
            "songs": results["songs"],
            "videos": results["videos"],
            None: results["all"],
        }
        for row in results["songs"] + results["videos"] + results["all"]:
            if row["videoId"] in self.songs:
                continue
            self.add_song(
                row["videoId"],
                row["title"],
                [artist["name"] for artist in row.get("artists") or []],
                album=(row.get("album") or {}).get("name"),
                duration_seconds=row.get("duration_seconds") or 0,
                video_type=row.get("videoType") or "MUSIC_VIDEO_TYPE_ATV",
            )

    def fail_next(self, method: str, *outcomes: Any) -> None:
        """Script the next outcomes of ``method`` (exceptions, responses, callables)."""
        self.scripted[method].extend(outcomes)

    # Inspection

    def playlist(self, playlist_id: str) -> FakePlaylist:
        return self.playlists[_canonical(playlist_id)]

    def playlists_named(self, title: str) -> list[FakePlaylist]:
        return [item for item in self.playlists.values() if item.title == title]

    def reset_counts(self) -> None:
        """Forget the calls made so far (the state stays)."""
        self.calls.clear()
        self.call_log.clear()
        self.clock.sleeps.clear()

    def writes(self) -> int:
        return sum(self.calls[name] for name in WRITE_METHODS)

    def calls_of(self, method: str) -> list[tuple[tuple, dict]]:
        return [
            (args, kwargs) for name, args, kwargs in self.call_log if name == method
        ]

    # Helpers used by the client

    def _new_playlist_id(self) -> str:
        self._counter += 1
        body = _stable_id("", f"playlist{self._counter}", 11 if self.short_ids else 32)
        return "PL" + body

    def _new_set_video_id(self) -> str:
        self._counter += 1
        return f"{self._counter * 2654435761 % 16**16:016X}"

    def _item(self, video_id: str) -> dict[str, Any]:
        song = self.songs.get(video_id)
        if song is None:
            song = self.add_song(video_id, f"Unknown {video_id}", ["Unknown"])
        return {
            "videoId": song.video_id,
            "title": song.title,
            "artists": song.artist_refs(),
            "album": song.album_ref(),
            "likeStatus": "INDIFFERENT",
            "inLibrary": False,
            "pinnedToListenAgain": False,
            "thumbnails": [],
            "isAvailable": song.available,
            "isExplicit": False,
            "videoType": song.video_type,
            "views": None,
            "duration": song.duration,
            "duration_seconds": song.duration_seconds,
            "setVideoId": self._new_set_video_id(),
        }


WRITE_METHODS = (
    "create_playlist",
    "add_playlist_items",
    "remove_playlist_items",
    "edit_playlist",
    "delete_playlist",
)
ACCOUNT_METHODS = set(WRITE_METHODS) | {"get_library_playlists"}

SERVER = FakeServer()


def reset() -> FakeServer:
    """Replace the shared server with an empty one and return it."""
    global SERVER
    SERVER = FakeServer()
    return SERVER


def factory(auth: str | None = None, **kwargs: Any) -> "FakeYTMusic":
    """Build a client the way `ytmusicapi.YTMusic(auth=...)` is called."""
    return FakeYTMusic(auth=auth, **kwargs)


class FakeYTMusic:
    """A YTMusic-compatible client backed by the shared `SERVER`."""

    def __init__(self, auth: str | None = None, **kwargs: Any) -> None:
        self.server = SERVER
        self.auth = auth
        self._raise_after: BaseException | None = None
        if auth is not None:
            self._check_browser_file(auth)
        self.server.clients.append(self)

    @staticmethod
    def _check_browser_file(auth: str) -> None:
        """Accept credentials as ytmusicapi 1.12's constructor does.

        Browser credentials are recognised by a SAPISIDHASH authorization
        header; anything else is taken for OAuth, which needs
        ``oauth_credentials`` that ytmt does not pass.
        """
        path = Path(auth)
        text = path.read_text(encoding="utf-8") if path.is_file() else auth
        headers = {key.lower(): value for key, value in json.loads(text).items()}
        if "SAPISIDHASH" not in str(headers.get("authorization", "")):
            raise YTMusicUserError(
                "oauth JSON provided via auth argument, but oauth_credentials not "
                "provided.Please provide oauth_credentials as specified in the "
                "OAuth setup documentation."
            )
        if "__Secure-3PAPISID" not in str(headers.get("cookie", "")):
            raise YTMusicUserError(
                "Your cookie is missing the required value __Secure-3PAPISID"
            )

    def _enter(self, method: str, args: tuple, kwargs: dict) -> tuple[bool, Any]:
        server = self.server
        with server.lock:
            server.calls[method] += 1
            server.call_log.append((method, args, kwargs))
        if method in ACCOUNT_METHODS or (method == "get_playlist" and self.auth):
            if self.auth is None:
                raise YTMusicUserError(
                    "Please provide authentication before using this function"
                )
            if not server.auth_valid:
                raise unauthorized()
        with server.lock:
            queue = server.scripted.get(method)
            outcome = queue.pop(0) if queue else NOT_SCRIPTED
        if outcome is not NOT_SCRIPTED:
            if outcome is PASS:
                return False, None
            if isinstance(outcome, AfterWrite):
                self._raise_after = outcome.error
                return False, None
            if isinstance(outcome, BaseException):
                raise outcome
            if callable(outcome):
                return True, outcome(*args, **kwargs)
            return True, outcome
        return False, None

    def _finish(self, response: Any) -> Any:
        error, self._raise_after = self._raise_after, None
        if error is not None:
            raise error
        return response

    def _playlist(self, playlist_id: str) -> FakePlaylist:
        playlist = self.server.playlists.get(_canonical(playlist_id))
        if playlist is None:
            raise not_found()
        return playlist

    def _check_edit_lock(self, playlist: FakePlaylist) -> None:
        if self.server.clock.now - playlist.created_at < self.server.edit_lock_seconds:
            raise precondition_failed()

    # Reads

    def search(
        self,
        query: str,
        filter: str | None = None,
        scope: str | None = None,
        limit: int = 20,
        ignore_spelling: bool = False,
    ) -> list[dict[str, Any]]:
        scripted, response = self._enter(
            "search", (query,), {"filter": filter, "scope": scope, "limit": limit}
        )
        if scripted:
            return response
        if (query, filter) in self.server.search_results:
            return list(self.server.search_results[(query, filter)])
        if filter in self.server.search_by_filter:
            return list(self.server.search_by_filter[filter])[:limit]
        return _search_catalogue(self.server, query, filter, limit)

    def get_playlist(
        self,
        playlistId: str,
        limit: int | None = 100,
        related: bool = False,
        suggestions_limit: int = 0,
    ) -> dict[str, Any]:
        scripted, response = self._enter(
            "get_playlist", (playlistId,), {"limit": limit}
        )
        if scripted:
            return response
        playlist = self._playlist(playlistId)
        tracks = [dict(item) for item in playlist.items]
        if limit is not None:
            tracks = tracks[: max(limit, 0)]
        seconds = sum(item.get("duration_seconds") or 0 for item in playlist.items)
        return {
            "owned": playlist.owned,
            "id": playlist.playlist_id,
            "privacy": playlist.privacy,
            "description": playlist.description,
            "views": None,
            "duration": f"{seconds // 60} minutes",
            "trackCount": len(playlist.items),
            "title": playlist.title,
            "thumbnails": [],
            "year": "2026",
            "related": [],
            "tracks": tracks,
            "duration_seconds": seconds,
        }

    def get_library_playlists(self, limit: int | None = 25) -> list[dict[str, Any]]:
        scripted, response = self._enter("get_library_playlists", (), {"limit": limit})
        if scripted:
            return response
        rows = [
            {
                "title": playlist.title,
                "playlistId": playlist.playlist_id,
                "thumbnails": [],
                "owned": playlist.owned,
                "description": f"Playlist • You • {len(playlist.items)} songs",
                "count": str(len(playlist.items)),
                "author": [{"name": "You", "id": None}],
            }
            for playlist in self.server.playlists.values()
            if self.server.clock.now - playlist.created_at
            >= self.server.library_delay_seconds
        ]
        return rows if limit is None else rows[:limit]

    def get_song(self, videoId: str, signatureTimestamp: int | None = None) -> dict:
        scripted, response = self._enter("get_song", (videoId,), {})
        if scripted:
            return response
        song = self.server.songs.get(videoId)
        if song is None:
            return {
                "playabilityStatus": {"status": "ERROR", "reason": "Video unavailable"}
            }
        if not song.available:
            return {
                "playabilityStatus": {
                    "status": "UNPLAYABLE",
                    "reason": "This video is not available",
                },
                "videoDetails": {"videoId": videoId, "title": song.title},
            }
        return {
            "playabilityStatus": {"status": "OK", "playableInEmbed": True},
            "videoDetails": {
                "videoId": videoId,
                "title": song.title,
                "lengthSeconds": str(song.duration_seconds),
                "author": ", ".join(song.artists),
                "musicVideoType": song.video_type,
            },
        }

    # Writes

    def create_playlist(
        self,
        title: str,
        description: str,
        privacy_status: str = "PRIVATE",
        video_ids: list[str] | None = None,
        source_playlist: str | None = None,
    ) -> str | dict:
        scripted, response = self._enter(
            "create_playlist",
            (title, description),
            {"privacy_status": privacy_status, "video_ids": video_ids},
        )
        if scripted:
            return response
        invalid = [char for char in ("<", ">") if char in title]
        if invalid:
            raise YTMusicUserError(
                f"{title} contains invalid characters: {', '.join(invalid)}"
            )
        playlist = FakePlaylist(
            playlist_id=self.server._new_playlist_id(),
            title=title,
            description=description,
            privacy=privacy_status,
            created_at=self.server.clock.now,
        )
        playlist.items = [self.server._item(video_id) for video_id in video_ids or []]
        self.server.playlists[playlist.playlist_id] = playlist
        if self.server.lose_create_response:
            self.server.lose_create_response = False
            raise requests.exceptions.ReadTimeout("Read timed out. (read timeout=30)")
        if self.server.create_id_form == "VL":
            return "VL" + playlist.playlist_id
        return playlist.playlist_id

    def add_playlist_items(
        self,
        playlistId: str,
        videoIds: list[str] | None = None,
        source_playlist: str | None = None,
        duplicates: bool = False,
    ) -> str | dict:
        scripted, response = self._enter(
            "add_playlist_items",
            (playlistId,),
            {"videoIds": list(videoIds or []), "duplicates": duplicates},
        )
        if scripted:
            return response
        if not videoIds and not source_playlist:
            raise YTMusicUserError(
                "You must provide either videoIds or a source_playlist to add to "
                "the playlist"
            )
        playlist = self._playlist(playlistId)
        self._check_edit_lock(playlist)
        server = self.server
        invalid = [
            video_id
            for video_id in videoIds
            if video_id not in server.songs or not server.songs[video_id].available
        ]
        if invalid:
            if server.invalid_add_mode == "status":
                return dict(STATUS_FAILED)
            raise invalid_argument()
        stored = [server.substitutions.get(video_id, video_id) for video_id in videoIds]
        present = set(playlist.video_ids)
        if not duplicates and any(video_id in present for video_id in stored):
            return dict(STATUS_FAILED)
        items = [server._item(video_id) for video_id in stored]
        if server.add_order == "reversed":
            items.reverse()
        if playlist.add_to_top:
            playlist.items[:0] = items
        else:
            playlist.items.extend(items)
        results = [
            {"videoId": item["videoId"], "setVideoId": item["setVideoId"]}
            for item in sorted(items, key=lambda item: stored.index(item["videoId"]))
        ]
        return self._finish({"status": SUCCEEDED, "playlistEditResults": results})

    def remove_playlist_items(self, playlistId: str, videos: list[dict]) -> str | dict:
        scripted, response = self._enter(
            "remove_playlist_items", (playlistId, [dict(video) for video in videos]), {}
        )
        if scripted:
            return response
        videos = [
            video for video in videos if "videoId" in video and "setVideoId" in video
        ]
        if not videos:
            raise YTMusicUserError(
                "Cannot remove songs, because setVideoId is missing. Do you own "
                "this playlist?"
            )
        if any(not video["videoId"] or not video["setVideoId"] for video in videos):
            raise invalid_argument()
        playlist = self._playlist(playlistId)
        self._check_edit_lock(playlist)
        gone = {(video["videoId"], video["setVideoId"]) for video in videos}
        playlist.items = [
            item
            for item in playlist.items
            if (item.get("videoId"), item.get("setVideoId")) not in gone
        ]
        return self._finish(SUCCEEDED)

    def edit_playlist(
        self,
        playlistId: str,
        title: str | None = None,
        description: str | None = None,
        privacyStatus: str | None = None,
        collaboration: bool | None = None,
        moveItem: str | tuple[str, str] | None = None,
        addPlaylistId: str | None = None,
        sortOrder: Any = None,
        addToTop: bool | None = None,
        voteOption: Any = None,
    ) -> str | dict:
        changes = {
            "title": title,
            "description": description,
            "privacyStatus": privacyStatus,
            "moveItem": moveItem,
            "addToTop": addToTop,
        }
        scripted, response = self._enter(
            "edit_playlist",
            (playlistId,),
            {key: value for key, value in changes.items() if value is not None},
        )
        if scripted:
            return response
        playlist = self._playlist(playlistId)
        self._check_edit_lock(playlist)
        if moveItem:
            _move(playlist, moveItem)
        if title:
            playlist.title = title
        if description:
            playlist.description = description
        if privacyStatus:
            playlist.privacy = privacyStatus
        if addToTop is not None:
            playlist.add_to_top = addToTop
        return self._finish(SUCCEEDED)

    def delete_playlist(self, playlistId: str) -> str | dict:
        scripted, response = self._enter("delete_playlist", (playlistId,), {})
        if scripted:
            return response
        playlist = self._playlist(playlistId)
        del self.server.playlists[playlist.playlist_id]
        return SUCCEEDED


def _move(playlist: FakePlaylist, move_item: str | tuple[str, str]) -> None:
    """Move an item before its successor, or to the end without one."""
    if isinstance(move_item, str):
        item_id, successor = move_item, None
    else:
        item_id, successor = (
            move_item[0],
            (move_item[1] if len(move_item) > 1 else None),
        )
    index = {item.get("setVideoId"): n for n, item in enumerate(playlist.items)}
    if item_id not in index or (successor is not None and successor not in index):
        raise invalid_argument()
    item = playlist.items.pop(index[item_id])
    if successor is None:
        playlist.items.append(item)
        return
    position = next(
        n
        for n, other in enumerate(playlist.items)
        if other.get("setVideoId") == successor
    )
    playlist.items.insert(position, item)


def _search_catalogue(
    server: FakeServer, query: str, filter: str | None, limit: int
) -> list[dict[str, Any]]:
    words = _words(query)
    scored = []
    for song in server.songs.values():
        if not song.available:
            continue
        text = _words(" ".join([song.title, *song.artists]))
        hits = sum(1 for word in words if word in text)
        if words and hits / len(words) >= 0.5:
            scored.append((hits, song))
    scored.sort(key=lambda pair: -pair[0])
    songs = [song for _, song in scored if song.is_song]
    videos = [song for _, song in scored if not song.is_song]
    if filter == "songs":
        return [_song_row(song) for song in songs[:limit]]
    if filter == "videos":
        return [_video_row(song) for song in videos[:limit]]
    rows = [_song_row(song) if song.is_song else _video_row(song) for _, song in scored]
    if rows:
        rows[0] = _top_result(rows[0])
    return rows[:limit]


def _song_row(song: FakeSong) -> dict[str, Any]:
    return {
        "category": "Songs",
        "resultType": "song",
        "title": song.title,
        "album": song.album_ref(),
        "inLibrary": False,
        "feedbackTokens": {"add": None, "remove": None},
        "pinnedToListenAgain": False,
        "listenAgainFeedbackTokens": None,
        "videoId": song.video_id,
        "videoType": song.video_type,
        "isAvailable": True,
        "duration": song.duration,
        "year": None,
        "artists": song.artist_refs(),
        "duration_seconds": song.duration_seconds,
        "views": song.views,
        "isExplicit": False,
        "thumbnails": [],
    }


def _video_row(song: FakeSong) -> dict[str, Any]:
    return {
        "category": "Videos",
        "resultType": "video",
        "title": song.title,
        "videoId": song.video_id,
        "videoType": song.video_type,
        "isAvailable": True,
        "duration": song.duration,
        "year": None,
        "artists": song.artist_refs(),
        "views": song.views,
        "duration_seconds": song.duration_seconds,
        "thumbnails": [],
    }


def _top_result(row: dict[str, Any]) -> dict[str, Any]:
    top = {
        "category": "Top result",
        "resultType": row["resultType"],
        "videoId": row["videoId"],
        "videoType": row["videoType"],
        "title": row["title"],
        "artists": row["artists"],
    }
    if row["resultType"] == "song":
        top["album"] = row["album"]
    else:
        top["views"] = row["views"]
    top.update(
        duration=row["duration"],
        duration_seconds=row["duration_seconds"],
        thumbnails=[],
    )
    return top


def _words(text: str) -> set[str]:
    cleaned = "".join(char if char.isalnum() else " " for char in text.casefold())
    return set(cleaned.split())


def _canonical(playlist_id: str) -> str:
    return playlist_id[2:] if playlist_id.startswith("VL") else playlist_id


def _stable_id(prefix: str, seed: str, length: int) -> str:
    alphabet = string.ascii_letters + string.digits + "_-"
    number = _fnv(seed)
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
        if number == 0:
            number = _fnv(seed + str(len(chars)))
    return prefix + "".join(chars)


def _fnv(text: str) -> int:
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) % 2**64
    return value


def write_browser_json(path: Path, cookie: str = TEST_COOKIE) -> Path:
    """Write a browser.json the way `ytmusicapi browser` saves pasted headers."""
    headers = {
        "accept": "*/*",
        "authorization": "SAPISIDHASH 1700000000_0123456789abcdef",
        "content-type": "application/json",
        "cookie": cookie,
        "x-goog-authuser": "0",
        "x-origin": "https://music.youtube.com",
        "user-agent": "Mozilla/5.0",
    }
    path.write_text(json.dumps(headers), encoding="utf-8")
    return path
