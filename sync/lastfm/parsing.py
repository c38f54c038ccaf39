"""Turn Last.fm JSON bodies into plain Python values.

Last.fm's JSON is a mechanical translation of its XML. One element comes as
an object instead of a one-element list, and numbers come as strings. Text
nodes sit under "#text", missing ids are empty strings, and some names keep
HTML entities such as "&amp;". Callers read fields through these helpers,
so they get lists, ints and clean text.
"""

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.lastfm.errors import LastfmTransientError
from sync.tracks import Scrobble


@dataclass
class RecentTracksPage:
    """One page of `user.getRecentTracks`, without the now-playing row."""

    scrobbles: list[Scrobble]
    page: int
    total_pages: int
    total: int
    per_page: int
    now_playing: Scrobble | None = None


@dataclass(frozen=True)
class SimilarArtist:
    name: str
    match: float
    mbid: str = ""


@dataclass(frozen=True)
class Tag:
    name: str
    count: int


@dataclass
class UserInfo:
    """The fields of `user.getInfo` that the setup wizard shows."""

    name: str
    playcount: int
    registered: datetime | None
    url: str = ""
    country: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


def as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list: None is empty and one object is wrapped."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def text_of(value: Any) -> str:
    """Return the text of a field that may be a string or a {"#text": ...} node.

    Extended responses put the artist under "name" instead of "#text", and
    `track.getInfo` puts the album title under "title", so those are read too.
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("#text", "name", "title"):
            if key in value and value[key] is not None:
                return text_of(value[key])
        return ""
    return html.unescape(str(value)).strip()


def int_of(value: Any, default: int = 0) -> int:
    """Read an int that Last.fm may send as a number, a string or nothing."""
    if value is None or value == "":
        return default
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def float_of(value: Any, default: float = 0.0) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def mbid_of(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("mbid") or "")
    return ""


def timestamp_to_datetime(uts: int) -> datetime | None:
    """Convert Unix seconds to an aware UTC datetime; 0 means "no date"."""
    if uts <= 0:
        return None
    return datetime.fromtimestamp(uts, tz=UTC)


def is_now_playing(row: dict[str, Any]) -> bool:
    attributes = row.get("@attr")
    if not isinstance(attributes, dict):
        return False
    return str(attributes.get("nowplaying", "")).lower() == "true"


def parse_scrobble(row: dict[str, Any]) -> Scrobble:
    """Build a Scrobble from one track row; a missing or zero date is None."""
    date = row.get("date")
    uts = int_of(date.get("uts")) if isinstance(date, dict) else 0
    return Scrobble(
        artist=text_of(row.get("artist")),
        title=text_of(row.get("name")),
        album=text_of(row.get("album")),
        played_at=timestamp_to_datetime(uts),
        track_mbid=str(row.get("mbid") or ""),
        artist_mbid=mbid_of(row.get("artist")),
    )


def parse_recent_tracks(body: dict[str, Any]) -> RecentTracksPage:
    """Parse a `user.getRecentTracks` body into scrobbles, newest first.

    The now-playing row is returned apart, because it has no date yet and
    Last.fm sends it in addition to the requested page size. Rows without an
    artist or a title are dropped. Raises LastfmTransientError when the body
    is not a recent-tracks response at all.
    """
    container = body.get("recenttracks")
    if not isinstance(container, dict):
        raise LastfmTransientError(
            "Last.fm returned an unexpected user.getRecentTracks response "
            f"without 'recenttracks' (keys: {sorted(body)})",
            method="user.getRecentTracks",
        )
    # Old responses for an empty history put the paging attributes directly
    # on "recenttracks" instead of under "@attr".
    attributes = container.get("@attr") or container
    scrobbles: list[Scrobble] = []
    now_playing = None
    for row in as_list(container.get("track")):
        if not isinstance(row, dict):
            continue
        scrobble = parse_scrobble(row)
        if not scrobble.artist or not scrobble.title:
            continue
        if is_now_playing(row):
            now_playing = scrobble
            continue
        scrobbles.append(scrobble)
    return RecentTracksPage(
        scrobbles=scrobbles,
        page=int_of(attributes.get("page")),
        total_pages=int_of(attributes.get("totalPages")),
        total=int_of(attributes.get("total")),
        per_page=int_of(attributes.get("perPage")),
        now_playing=now_playing,
    )


def parse_user_info(body: dict[str, Any]) -> UserInfo:
    user = body.get("user")
    if not isinstance(user, dict):
        raise LastfmTransientError(
            "Last.fm returned an unexpected user.getInfo response without 'user'",
            method="user.getInfo",
        )
    registered = user.get("registered")
    unixtime = int_of(registered.get("unixtime")) if isinstance(registered, dict) else 0
    return UserInfo(
        name=text_of(user.get("name")),
        playcount=int_of(user.get("playcount")),
        registered=timestamp_to_datetime(unixtime),
        url=text_of(user.get("url")),
        country=text_of(user.get("country")),
        raw=user,
    )


def parse_similar_artists(body: dict[str, Any]) -> list[SimilarArtist]:
    container = body.get("similarartists")
    if not isinstance(container, dict):
        raise LastfmTransientError(
            "Last.fm returned an unexpected artist.getSimilar response "
            "without 'similarartists'",
            method="artist.getSimilar",
        )
    artists = []
    for row in as_list(container.get("artist")):
        if isinstance(row, dict) and text_of(row.get("name")):
            artists.append(
                SimilarArtist(
                    name=text_of(row.get("name")),
                    match=float_of(row.get("match")),
                    mbid=str(row.get("mbid") or ""),
                )
            )
    return artists


def parse_top_tags(body: dict[str, Any]) -> list[Tag]:
    container = body.get("toptags")
    if not isinstance(container, dict):
        raise LastfmTransientError(
            "Last.fm returned an unexpected getTopTags response without 'toptags'",
            method="getTopTags",
        )
    return [
        Tag(name=text_of(row.get("name")), count=int_of(row.get("count")))
        for row in as_list(container.get("tag"))
        if isinstance(row, dict) and text_of(row.get("name"))
    ]
