"""Choose the tracks of a playlist: fetch, rank, resolve, backfill.

Tracks are resolved in rank order, a batch at a time, and only as many as
can still make the playlist, so a run searches far fewer tracks than it
fetches. When too few resolve, the history is read deeper (BACKFILL_PASSES)
and the whole set is ranked again.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from sync.conf import SyncSettings
from sync.lastfm.client import LastfmClient
from sync.lastfm.fetch import FetchState, fetch_recent
from sync.ranking import rank_tracks
from sync.resolve import Resolution, Status, TrackResolver
from sync.tracks import RankedTrack, Scrobble

logger = logging.getLogger(__name__)

# Extra unique tracks asked for on each backfill pass, beyond the deficit.
BACKFILL_MARGIN = 25


@dataclass
class Outcome:
    """One considered track and what became of it."""

    track: RankedTrack
    resolution: Resolution
    # added | not_found | blacklisted | duplicate | error
    status: str
    merged_into: str = ""


@dataclass
class Selection:
    """The playlist's tracks in order, and every track considered for it."""

    chosen: list[Outcome] = field(default_factory=list)
    considered: list[Outcome] = field(default_factory=list)
    ranked_total: int = 0
    scrobbles_read: int = 0
    backfill_passes: int = 0


def reference_time(scrobbles: list[Scrobble]) -> datetime:
    """Return the time ranking measures recency from: the newest scrobble.

    Measuring from the newest play instead of the clock keeps the order
    stable between runs when nothing new was played, so an idle account
    causes no playlist writes.
    """
    dated = [s.played_at for s in scrobbles if s.played_at is not None]
    return max(dated) if dated else timezone.now()


def walk_ranked(
    ranked: list[RankedTrack],
    resolver: TrackResolver,
    limit: int,
    check: Callable[[], None] = lambda: None,
    progress: Callable[[RankedTrack], None] | None = None,
) -> Selection:
    """Resolve ``ranked`` in order until ``limit`` distinct videos are found."""
    selection = Selection(ranked_total=len(ranked))
    owner_of_video: dict[str, Outcome] = {}
    position = 0
    while len(selection.chosen) < limit and position < len(ranked):
        check()
        batch = ranked[position : position + (limit - len(selection.chosen))]
        position += len(batch)
        for resolution in resolver.resolve_many(batch, progress=progress):
            if len(selection.chosen) >= limit:
                break
            outcome = _classify(resolution, owner_of_video)
            selection.considered.append(outcome)
            if outcome.status == "added":
                owner_of_video[resolution.video_id] = outcome
                selection.chosen.append(outcome)
    return selection


def _classify(resolution: Resolution, owner_of_video: dict[str, Outcome]) -> Outcome:
    if resolution.status == Status.FOUND:
        owner = owner_of_video.get(resolution.video_id)
        if owner is not None:
            return Outcome(
                resolution.track, resolution, "duplicate", merged_into=owner.track.label
            )
        return Outcome(resolution.track, resolution, "added")
    if resolution.status == Status.BLACKLISTED:
        return Outcome(resolution.track, resolution, "blacklisted")
    if resolution.status == Status.NOT_FOUND:
        return Outcome(resolution.track, resolution, "not_found")
    return Outcome(resolution.track, resolution, "error")


def select_recent(
    client: LastfmClient,
    resolver: TrackResolver,
    settings: SyncSettings,
    log: Callable[[str], None],
    check: Callable[[], None] = lambda: None,
    progress: Callable[[RankedTrack], None] | None = None,
) -> tuple[Selection, FetchState]:
    """Build the main playlist's selection from the user's recent scrobbles."""
    state = fetch_recent(
        client,
        settings.lastfm_user,
        want_unique=settings.limit,
        max_raw=settings.max_raw_scrobbles,
        max_consecutive_empty=settings.lastfm_max_consecutive_empty,
    )
    log(
        f"Read {state.raw_count} scrobbles from Last.fm in "
        f"{state.pages_fetched} page(s)."
    )
    passes = 0
    while True:
        check()
        ranked = rank_tracks(state.scrobbles, settings, reference_time(state.scrobbles))
        selection = walk_ranked(ranked, resolver, settings.limit, check, progress)
        selection.scrobbles_read = state.raw_count
        selection.backfill_passes = passes
        short = settings.limit - len(selection.chosen)
        if short <= 0 or state.exhausted or passes >= settings.backfill_passes:
            return selection, state
        if settings.max_raw_scrobbles and state.raw_count >= settings.max_raw_scrobbles:
            return selection, state

        passes += 1
        unique_before = len({s.key for s in state.scrobbles})
        log(
            f"{len(selection.chosen)} of {settings.limit} tracks matched; "
            f"reading deeper into the history (pass {passes} of "
            f"{settings.backfill_passes})."
        )
        state = fetch_recent(
            client,
            settings.lastfm_user,
            want_unique=unique_before + short + BACKFILL_MARGIN,
            max_raw=settings.max_raw_scrobbles,
            max_consecutive_empty=settings.lastfm_max_consecutive_empty,
            state=state,
        )
        if len({s.key for s in state.scrobbles}) <= unique_before:
            selection.backfill_passes = passes
            return selection, state
