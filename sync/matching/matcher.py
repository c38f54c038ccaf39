"""Pick the YouTube Music upload a scrobble means, or none.

`Matcher.match()` sends sequential searches for one track and scores every
row it has seen after each one. The engine runs several `match()` calls in
parallel threads. A call keeps all its state in local variables, so one
`Matcher` can serve them all.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.conf import SyncSettings
from sync.matching.artists import (
    is_placeholder_artist,
    learn_aliases,
    row_artist_names,
)
from sync.matching.queries import (
    PRIMARY_FILTERS,
    Query,
    primary_queries,
    query_key,
    variant_queries,
)
from sync.matching.scoring import (
    Evidence,
    MatchTarget,
    Scored,
    learn_title_aliases,
    row_album_name,
    score_row,
)

logger = logging.getLogger(__name__)

SearchFunction = Callable[[str, str | None], list[dict]]

# Candidates longer than this are rejected when the scrobble's own length is
# unknown. 20 minutes is an estimate: longer than nearly all songs, shorter
# than multi-hour ambient or full-album uploads.
DEFAULT_MAX_DURATION_SECONDS = 20 * 60


@dataclass(frozen=True)
class Candidate:
    """One search row as the matcher judged it."""

    video_id: str
    title: str
    artists: tuple[str, ...]
    album: str | None
    video_type: str
    result_type: str
    duration_seconds: int | None
    score: float
    reason: str  # why it lost or was rejected, "" for the winner


@dataclass
class MatchResult:
    """The outcome for one track.

    `video_id` is None when nothing qualified; `score` is then 0.0 and
    `best_rejected` is the closest rejected row, for the dashboard.
    """

    video_id: str | None
    title: str
    artists: tuple[str, ...]
    album: str | None
    score: float  # confidence in [0, 1]
    best_rejected: Candidate | None
    searches: int
    queries: list[tuple[str, str | None]] = field(default_factory=list)
    video_type: str = ""
    reason: str = ""

    @property
    def found(self) -> bool:
        """Whether an upload was chosen."""
        return self.video_id is not None


class Matcher:
    """Run the search plan for a track and choose the best qualifying row."""

    def __init__(
        self,
        search: SearchFunction,
        *,
        early_termination_score: float = 0.9,
        max_queries: int = 8,
        sleep_between: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        max_duration_seconds: int = DEFAULT_MAX_DURATION_SECONDS,
    ) -> None:
        if max_queries < 1:
            raise ValueError(f"max_queries={max_queries} is invalid: use 1 or more")
        if not 0 <= early_termination_score <= 1:
            raise ValueError(
                f"early_termination_score={early_termination_score} is invalid: "
                "use a number from 0 to 1"
            )
        self.search = search
        self.early_termination_score = early_termination_score
        self.max_queries = max_queries
        self.sleep_between = sleep_between
        self.sleep = sleep
        self.max_duration_seconds = max_duration_seconds

    @classmethod
    def from_settings(cls, search: SearchFunction, settings: SyncSettings) -> "Matcher":
        """Build a matcher from the search keys of the loaded settings."""
        return cls(
            search,
            early_termination_score=settings.early_termination_score,
            max_queries=settings.search_max_queries,
            sleep_between=settings.sleep_between_searches,
        )

    def match(
        self,
        artist: str,
        title: str,
        album: str | None = None,
        *,
        duration_seconds: int | None = None,
    ) -> MatchResult:
        """Search for one scrobble and return the chosen upload, if any."""
        if not artist.strip() or not title.strip():
            raise ValueError(
                f"cannot match artist={artist!r} title={title!r}: "
                "both must be non-empty"
            )
        if is_placeholder_artist(artist):
            return not_found(
                [], [], f"placeholder artist {artist!r} identifies no recording"
            )
        scrobble = MatchTarget(artist, title, album or None, duration_seconds)
        rows: list[dict] = []
        sent: list[Query] = []
        scored: list[Scored] = []
        for query in self.plan(artist, title):
            if len(sent) >= self.max_queries:
                break
            if sent and self.sleep_between > 0:
                self.sleep(self.sleep_between)
            rows.extend(self.run_query(query))
            sent.append(query)
            scored = self.score_all(scrobble, rows)
            best = best_accepted(scored)
            if best and best.score >= self.early_termination_score:
                break
            if best and len(sent) >= len(PRIMARY_FILTERS):
                # Fallback variants only run while nothing qualifies.
                break
        return self.result(scored, sent)

    def plan(self, artist: str, title: str) -> list[Query]:
        """Return the distinct searches for a track, in the order to send them."""
        seen: set[tuple[str, str | None]] = set()
        plan: list[Query] = []
        for query in [*primary_queries(artist, title), *variant_queries(artist, title)]:
            key = query_key(query)
            if key in seen:
                continue
            seen.add(key)
            plan.append(query)
        return plan

    def run_query(self, query: Query) -> list[dict]:
        """Send one search; the caller counts it even when it returns nothing."""
        rows = self.search(query[0], query[1])
        if not isinstance(rows, list):
            raise TypeError(
                f"search({query[0]!r}, {query[1]!r}) returned "
                f"{type(rows).__name__}, expected a list of result rows"
            )
        return [row for row in rows if isinstance(row, dict) and row.get("videoId")]

    def score_all(self, scrobble: MatchTarget, rows: list[dict]) -> list[Scored]:
        """Score every distinct upload seen so far, first sighting first."""
        evidence = Evidence(
            artist_aliases=learn_aliases(scrobble.artist, rows),
            title_aliases=learn_title_aliases(scrobble, rows),
        )
        unique: dict[str, dict] = {}
        for row in rows:
            unique.setdefault(row["videoId"], row)
        return [
            score_row(scrobble, row, order, evidence, self.max_duration_seconds)
            for order, row in enumerate(unique.values())
        ]

    def result(self, scored: list[Scored], sent: list[Query]) -> MatchResult:
        """Build the result from the rows scored after the last search."""
        best = best_accepted(scored)
        if best is None:
            logger.debug("no match after %s searches: %s", len(sent), sent)
            return not_found(
                scored, sent, "no candidate with matching artist and title"
            )
        row = best.row
        logger.debug("matched %s with score %s", row["videoId"], best.score)
        rejected = [item for item in scored if item is not best]
        return MatchResult(
            video_id=row["videoId"],
            title=row.get("title") or "",
            artists=tuple(row_artist_names(row)),
            album=row_album_name(row),
            score=best.score,
            best_rejected=to_candidate(max(rejected, key=by_score))
            if rejected
            else None,
            searches=len(sent),
            queries=list(sent),
            video_type=best.video_type,
        )


def best_accepted(scored: list[Scored]) -> Scored | None:
    """Return the winning row: official audio first, then the higher score."""
    accepted = [item for item in scored if item.accepted]
    if not accepted:
        return None
    return max(accepted, key=lambda item: item.rank)


def by_score(item: Scored) -> tuple[float, int]:
    return (item.score, -item.order)


def to_candidate(item: Scored) -> Candidate:
    """Convert a scored row to the `Candidate` stored with the cache entry."""
    row = item.row
    duration = row.get("duration_seconds")
    return Candidate(
        video_id=row["videoId"],
        title=row.get("title") or "",
        artists=tuple(row_artist_names(row)),
        album=row_album_name(row),
        video_type=item.video_type,
        result_type=row.get("resultType") or "",
        duration_seconds=int(duration) if isinstance(duration, int | float) else None,
        score=item.score,
        reason=item.reason or "lower score than the chosen upload",
    )


def not_found(scored: list[Scored], sent: list[Query], reason: str) -> MatchResult:
    """Build the "not found" result, keeping the closest rejected row."""
    best = max(scored, key=by_score) if scored else None
    return MatchResult(
        video_id=None,
        title="",
        artists=(),
        album=None,
        score=0.0,
        best_rejected=to_candidate(best) if best else None,
        searches=len(sent),
        queries=list(sent),
        reason=reason,
    )
