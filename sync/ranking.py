"""Rank scrobbled tracks for the main playlist.

With USE_RECENCY_WEIGHTING on (the default) each unique song gets

    score = w * play_score + (1 - w) * 0.5 ** (age_hours / half_life)

where w is RECENCY_PLAY_WEIGHT, age_hours is the time since the song's last
dated play and play_score is its play count scaled to 0..1 (linear, log or
rank, per RECENCY_NORMALIZATION). RECENCY_VELOCITY_WEIGHT blends into
play_score the share of plays made within the last half-life, and
RECENCY_SESSION_WEIGHTING raises the score of songs played during the
listening hours. Songs with fewer than RECENCY_MIN_PLAYS plays are dropped.

With weighting off, the list is the most recent scrobbles, newest first: one
entry per song when DEDUPLICATE is on, and one per scrobble (repeats kept, as
lastfm-to-ytm does) when it is off.

Scrobbles of one song spelled differently (case, album edition, a "feat."
credit) are merged into one track and the other spellings are kept in
`RankedTrack.merged_keys`. Version qualifiers such as "(Live)" or
"(Remix)" stay part of the title, so a live recording is its own track.
The functions return every candidate; the caller cuts the list to LIMIT.
"""

import math
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sync.conf import SyncSettings
from sync.tracks import RankedTrack, Scrobble, track_key

# Multiplier for a song whose plays all fall in the listening hours; a song
# never played in them keeps its score.
SESSION_BOOST = 0.25

FEAT_IN_BRACKETS = re.compile(
    r"\s*[(\[]\s*(?:feat\.?|ft\.?|featuring)\s[^)\]]*[)\]]", re.IGNORECASE
)
FEAT_TRAILING = re.compile(r"\s+(?:feat\.?|ft\.?|featuring)\s.*$", re.IGNORECASE)


def merge_key(artist: str, title: str) -> str:
    """Return the key under which spellings of one song are merged.

    It is `track_key` with "feat." credits removed from the artist and the
    title; the album never takes part.
    """
    bare_artist = FEAT_TRAILING.sub("", artist).strip() or artist
    bare_title = FEAT_IN_BRACKETS.sub("", title)
    bare_title = FEAT_TRAILING.sub("", bare_title).strip() or title
    return track_key(bare_artist, bare_title)


@dataclass
class _Song:
    """All scrobbles of one song, the most recent first."""

    scrobbles: list[Scrobble] = field(default_factory=list)

    @property
    def dated(self) -> list[datetime]:
        return [s.played_at for s in self.scrobbles if s.played_at is not None]

    def to_track(self) -> RankedTrack:
        spelling = self._main_spelling()
        dated = self.dated
        albums = [s.album for s in self.scrobbles if s.album]
        keys = sorted({s.key for s in self.scrobbles} - {spelling.key})
        return RankedTrack(
            artist=spelling.artist,
            title=spelling.title,
            album=albums[0] if albums else "",
            plays=len(self.scrobbles),
            first_played=min(dated) if dated else None,
            last_played=max(dated) if dated else None,
            merged_keys=keys,
        )

    def _main_spelling(self) -> Scrobble:
        """Pick the exact spelling with most plays; ties go to the most recent."""
        counts = Counter((s.artist, s.title) for s in self.scrobbles)
        best = max(counts.values())
        for scrobble in self.scrobbles:
            if counts[(scrobble.artist, scrobble.title)] == best:
                return scrobble
        raise AssertionError("a song always has a scrobble")


def rank_tracks(
    scrobbles: list[Scrobble], settings: SyncSettings, now: datetime
) -> list[RankedTrack]:
    """Return the candidate tracks, best first, per the ranking settings.

    Ties are broken by the most recent play, then by more plays, then by
    key, so the same input always gives the same order.
    """
    now = _aware(now)
    if not settings.use_recency_weighting:
        return most_recent_tracks(
            scrobbles, deduplicate=settings.deduplicate, now=now, settings=settings
        )

    songs = [
        song
        for song in group_songs(scrobbles).values()
        if len(song.scrobbles) >= settings.recency_min_plays
    ]
    if not songs:
        return []
    tracks = [song.to_track() for song in songs]

    play_scores = normalise_plays(
        [track.plays for track in tracks], settings.recency_normalization
    )
    velocity = settings.recency_velocity_weight
    if velocity > 0:
        velocity_scores = recent_play_shares(
            songs, now, settings.recency_half_life_hours
        )
        play_scores = [
            (1 - velocity) * play + velocity * recent
            for play, recent in zip(play_scores, velocity_scores, strict=True)
        ]

    weight = settings.recency_play_weight
    for index, track in enumerate(tracks):
        recency = recency_score(track.last_played, now, settings)
        track.score = weight * play_scores[index] + (1 - weight) * recency
        if settings.recency_session_weighting:
            share = session_share(
                songs[index].dated,
                settings.recency_session_hours,
                settings.session_timezone,
            )
            track.score *= 1 + SESSION_BOOST * share

    tracks.sort(key=_order_key)
    return tracks


def most_recent_tracks(
    scrobbles: list[Scrobble],
    *,
    deduplicate: bool,
    now: datetime,
    settings: SyncSettings,
) -> list[RankedTrack]:
    """Return tracks by their latest play, newest first.

    Scrobbles without a date come last, in input order. Without
    ``deduplicate`` every scrobble is its own entry with one play.
    """
    ordered = sorted(scrobbles, key=_newest_first)
    if not deduplicate:
        return [
            RankedTrack(
                artist=s.artist,
                title=s.title,
                album=s.album,
                plays=1,
                first_played=s.played_at,
                last_played=s.played_at,
                score=recency_score(s.played_at, _aware(now), settings),
            )
            for s in ordered
        ]
    tracks = [song.to_track() for song in group_songs(ordered).values()]
    for track in tracks:
        track.score = recency_score(track.last_played, _aware(now), settings)
    return tracks


def group_songs(scrobbles: list[Scrobble]) -> dict[str, _Song]:
    """Group scrobbles by `merge_key`, keeping the order of first appearance.

    Within a song, dated scrobbles come newest first, then undated ones.
    """
    songs: dict[str, _Song] = {}
    for scrobble in sorted(scrobbles, key=_newest_first):
        key = merge_key(scrobble.artist, scrobble.title)
        songs.setdefault(key, _Song()).scrobbles.append(scrobble)
    return songs


def normalise_plays(plays: list[int], method: str) -> list[float]:
    """Scale play counts to 0..1, the highest count scoring 1.

    "rank" gives the song in place r (ties share the best place) of n songs
    1 - (r - 1) / n, so only the order of counts matters.
    """
    if not plays:
        return []
    highest = max(plays)
    if method == "linear":
        return [count / highest for count in plays]
    if method == "log":
        return [math.log1p(count) / math.log1p(highest) for count in plays]
    if method == "rank":
        total = len(plays)
        place: dict[int, int] = {}
        for index, count in enumerate(sorted(plays, reverse=True)):
            place.setdefault(count, index)
        return [1 - place[count] / total for count in plays]
    raise ValueError(
        f"RECENCY_NORMALIZATION={method!r} is invalid: use linear, log or rank"
    )


def recency_score(
    last_played: datetime | None, now: datetime, settings: SyncSettings
) -> float:
    """Return 0.5 ** (age / half-life); 0 for a song without a dated play."""
    if last_played is None:
        return 0.0
    age_hours = max(0.0, (now - last_played).total_seconds() / 3600)
    return 0.5 ** (age_hours / settings.recency_half_life_hours)


def recent_play_shares(
    songs: list[_Song], now: datetime, window_hours: float
) -> list[float]:
    """Return each song's plays within the window, scaled so the top is 1."""
    since = now - timedelta(hours=window_hours)
    counts = [sum(1 for played in song.dated if played >= since) for song in songs]
    highest = max(counts, default=0)
    if highest == 0:
        return [0.0] * len(songs)
    return [count / highest for count in counts]


def in_session(hour: int, hours: tuple[int, int]) -> bool:
    """Tell whether ``hour`` falls in START-END, where END is exclusive.

    A range such as 22-4 wraps midnight. START equal to END covers all day.
    """
    start, end = hours
    if start == end % 24:
        return True
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def session_share(
    played: list[datetime], hours: tuple[int, int], timezone: str
) -> float:
    """Return the share of plays made in the listening hours (local time)."""
    if not played:
        return 0.0
    zone = zoneinfo.ZoneInfo(timezone)
    inside = sum(
        1 for moment in played if in_session(moment.astimezone(zone).hour, hours)
    )
    return inside / len(played)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _newest_first(scrobble: Scrobble) -> tuple[int, float]:
    if scrobble.played_at is None:
        return (1, 0.0)
    return (0, -scrobble.played_at.timestamp())


def _order_key(track: RankedTrack) -> tuple[float, float, int, str]:
    last = track.last_played.timestamp() if track.last_played else float("-inf")
    return (-track.score, -last, -track.plays, track.key)
