"""Playlist writes that survive YouTube Music's known failure modes.

Each write re-reads the playlist before retrying after a conflict (HTTP 409,
or 400 "Precondition check failed", which YouTube Music also returns for a
few seconds after a create), so a retry never adds a duplicate.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.playlists.desired import DesiredTrack
from sync.playlists.live import LivePlaylist, LiveRow, parse_playlist
from sync.playlists.plan import plan_moves
from sync.ytmusic.client import YTMusicGateway, backoff_delay
from sync.ytmusic.errors import (
    YTMusicBadRequestError,
    YTMusicConflictError,
    YTMusicError,
    YTMusicNotFoundError,
    YTMusicWriteFailed,
)

logger = logging.getLogger(__name__)

# NOTE: YouTube Music's limit on actions per edit request is not documented;
# 100 matches the default playlist size and has worked with ytmusicapi.
ADD_BATCH_SIZE = 100
# Most get_song calls spent looking for the invalid ids of one rejected add.
MAX_SONG_CHECKS = ADD_BATCH_SIZE
# First delay after a conflict; it doubles on each retry, plus jitter. A new
# playlist rejects edits for roughly ten seconds, so 2+4+8 s covers it with
# the default API_MAX_RETRIES=3.
CONFLICT_BASE_SECONDS = 2.0

Reresolve = Callable[[DesiredTrack], DesiredTrack | None]


@dataclass
class AddOutcome:
    """Result of `PlaylistWriter.add`: tracks sent, rejected and replaced."""

    added: list[DesiredTrack] = field(default_factory=list)
    invalid: list[DesiredTrack] = field(default_factory=list)
    # Rejected video id -> the track re-resolution put in its place.
    replaced: dict[str, DesiredTrack] = field(default_factory=dict)


class PlaylistWriter:
    """Writes to one playlist, with conflict retries and re-reads."""

    def __init__(
        self,
        gateway: YTMusicGateway,
        playlist_id: str,
        log: Callable[[str], None],
        reresolve: Reresolve | None = None,
    ) -> None:
        self.gateway = gateway
        self.playlist_id = playlist_id
        self.log = log
        self.reresolve = reresolve
        self.writes = 0

    def read(self) -> LivePlaylist:
        """Read every item of the playlist (`get_playlist` with no limit)."""
        data = self.gateway.get_playlist(self.playlist_id, limit=None)
        return parse_playlist(self.playlist_id, data)

    def _wait_after_conflict(self, conflicts: int, error: YTMusicError) -> None:
        if conflicts > self.gateway.max_retries:
            raise error
        delay = backoff_delay(conflicts - 1, base=CONFLICT_BASE_SECONDS)
        logger.info(
            "playlist %s changed or is not ready (%s); re-reading in %.1fs",
            self.playlist_id,
            error,
            delay,
        )
        self.gateway.sleep(delay)

    # Additions

    def add(self, tracks: list[DesiredTrack]) -> AddOutcome:
        """Append ``tracks``, in batches, skipping any already present.

        A STATUS_FAILED response (the whole request rejected, e.g. because an
        item is already there) gets one re-read and retry. An HTTP 400 or a
        second STATUS_FAILED means invalid ids: `get_song` finds them, they
        are re-resolved, and the batch is retried once.
        """
        outcome = AddOutcome()
        pending = list(tracks)
        conflicts = 0
        status_retry_used = False
        invalid_retry_used = False
        while pending:
            batch = pending[:ADD_BATCH_SIZE]
            try:
                self.gateway.add_playlist_items(
                    self.playlist_id, [track.video_id for track in batch]
                )
            except YTMusicConflictError as error:
                conflicts += 1
                self._wait_after_conflict(conflicts, error)
                pending = self._drop_present(pending)
                continue
            except YTMusicWriteFailed as error:
                self.log(
                    f"Adding {len(batch)} track(s) failed with {error.response!s:.40}; "
                    "re-reading the playlist"
                )
                if not status_retry_used:
                    status_retry_used = True
                    pending = self._drop_present(pending)
                    continue
                rejected: YTMusicError = error
            except YTMusicBadRequestError as error:
                rejected = error
            else:
                self.writes += 1
                outcome.added.extend(batch)
                pending = pending[len(batch) :]
                continue

            if invalid_retry_used:
                raise rejected
            invalid_retry_used = True
            pending = self._replace_invalid(pending, batch, rejected, outcome)
        return outcome

    def _drop_present(self, pending: list[DesiredTrack]) -> list[DesiredTrack]:
        present = set(self.read().video_ids)
        return [track for track in pending if track.video_id not in present]

    def _replace_invalid(
        self,
        pending: list[DesiredTrack],
        batch: list[DesiredTrack],
        error: YTMusicError,
        outcome: AddOutcome,
    ) -> list[DesiredTrack]:
        invalid = self.find_invalid(batch)
        if not invalid:
            raise error
        wanted = {track.video_id for track in pending}
        result = []
        for track in pending:
            if track not in invalid:
                result.append(track)
                continue
            outcome.invalid.append(track)
            replacement = self.reresolve(track) if self.reresolve else None
            if (
                replacement is not None
                and replacement.video_id != track.video_id
                and replacement.video_id not in wanted
            ):
                self.log(
                    f"{track.label}: video {track.video_id} is unavailable; "
                    f"using {replacement.video_id} instead"
                )
                outcome.replaced[track.video_id] = replacement
                wanted.add(replacement.video_id)
                result.append(replacement)
            else:
                self.log(
                    f"{track.label}: video {track.video_id} is unavailable and no "
                    "other match was found; left out"
                )
        return result

    def find_invalid(self, batch: list[DesiredTrack]) -> list[DesiredTrack]:
        """Return the tracks whose video is not playable, checking at most
        MAX_SONG_CHECKS of them with `get_song`."""
        if len(batch) > MAX_SONG_CHECKS:
            logger.warning(
                "checking %s of %s rejected ids on playlist %s",
                MAX_SONG_CHECKS,
                len(batch),
                self.playlist_id,
            )
        invalid = []
        for track in batch[:MAX_SONG_CHECKS]:
            try:
                song = self.gateway.get_song(track.video_id)
            except (YTMusicNotFoundError, YTMusicBadRequestError):
                invalid.append(track)
                continue
            status = (song.get("playabilityStatus") or {}).get("status")
            if status != "OK":
                invalid.append(track)
        return invalid

    # Removals

    def remove(self, rows: list[LiveRow]) -> None:
        """Remove ``rows`` by (videoId, setVideoId); verify a STATUS_FAILED."""
        remaining = list(rows)
        conflicts = 0
        while remaining:
            try:
                self.gateway.remove_playlist_items(
                    self.playlist_id, [row.removal() for row in remaining]
                )
            except YTMusicConflictError as error:
                conflicts += 1
                self._wait_after_conflict(conflicts, error)
                remaining = self._still_present(remaining)
                continue
            except YTMusicWriteFailed as error:
                still = self._still_present(remaining)
                if not still:
                    return
                titles = ", ".join(row.title or row.video_id for row in still[:5])
                raise YTMusicWriteFailed(
                    "remove_playlist_items", error.response, len(still)
                ) from YTMusicError(f"still in the playlist: {titles}")
            self.writes += 1
            return

    def _still_present(self, rows: list[LiveRow]) -> list[LiveRow]:
        current = self.read().set_video_ids
        return [row for row in rows if row.set_video_id in current]

    # Edits and moves

    def edit(self, **changes: object) -> None:
        """Call `edit_playlist`, re-trying after conflicts with growing delays."""
        conflicts = 0
        while True:
            try:
                self.gateway.edit_playlist(self.playlist_id, **changes)
            except YTMusicConflictError as error:
                conflicts += 1
                self._wait_after_conflict(conflicts, error)
                continue
            self.writes += 1
            return

    def reorder(self, live: LivePlaylist, target_ids: list[str]) -> int:
        """Move items until ``live`` is in ``target_ids`` order; return moves."""
        moved = 0
        conflicts = 0
        moves = _plan_moves_or_none(live, target_ids)
        while moves:
            item, successor = moves.pop(0)
            move_item = (item, successor) if successor else item
            try:
                self.gateway.edit_playlist(self.playlist_id, moveItem=move_item)
            except YTMusicConflictError as error:
                conflicts += 1
                self._wait_after_conflict(conflicts, error)
                moves = _plan_moves_or_none(self.read(), target_ids)
                continue
            self.writes += 1
            moved += 1
        return moved


def _plan_moves_or_none(
    live: LivePlaylist, target_ids: list[str]
) -> list[tuple[str, str | None]]:
    """Plan moves over the first row of each target id; none when one is
    missing, so the verifying read decides what happens next."""
    first: dict[str, LiveRow] = {}
    for row in live.present:
        first.setdefault(row.video_id, row)
    if any(video_id not in first for video_id in target_ids):
        return []
    wanted = set(target_ids)
    rows = [
        row
        for row in live.present
        if row.video_id in wanted and first[row.video_id] is row
    ]
    return plan_moves(rows, target_ids)
