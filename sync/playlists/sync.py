"""Bring one managed playlist on YouTube Music to a desired track list.

The live playlist is read first and the fewest writes are made: none when
it already matches, moves when only the order differs, additions and
removals otherwise. Additions go before removals, so a failure part way
leaves a superset of the old content, never a hole. Every sync ends with a
read that verifies the result.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from sync.models import ManagedPlaylist, StateValue
from sync.playlists.create import create_managed_playlist
from sync.playlists.desired import DesiredTrack, dedupe_tracks
from sync.playlists.live import LivePlaylist, LiveRow
from sync.playlists.plan import plan_changes, plan_moves, unique_in_order
from sync.playlists.songs import same_song
from sync.playlists.writes import PlaylistWriter, Reresolve
from sync.ytmusic.client import YTMusicGateway
from sync.ytmusic.errors import YTMusicError, YTMusicNotFoundError
from sync.ytmusic.ids import canonical_playlist_id

__all__ = [
    "DesiredTrack",
    "PlaylistSyncResult",
    "PlaylistVerifyError",
    "sync_playlist",
]

logger = logging.getLogger(__name__)

# Write-and-verify rounds before a sync gives up; the second and third only
# run when the read-back differs (order not kept, a silent substitution).
MAX_PASSES = 3


class PlaylistVerifyError(YTMusicError):
    """The playlist read back after the writes does not match the target."""


@dataclass
class PlaylistSyncResult:
    """Outcome of one playlist sync, or its plan in a dry run."""

    playlist_id: str
    name: str
    created: bool = False
    renamed: bool = False
    added: list[DesiredTrack] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    moved: int = 0
    unchanged: bool = False
    invalid: list[DesiredTrack] = field(default_factory=list)
    substitutions: dict[str, str] = field(default_factory=dict)
    final_video_ids: list[str] = field(default_factory=list)
    # Rows without videoId or setVideoId: no write can remove them.
    unremovable: list[str] = field(default_factory=list)
    dry_run: bool = False
    writes: int = 0


def _discard(text: str) -> None:
    return None


def sync_playlist(
    gateway: YTMusicGateway,
    *,
    role: str,
    name: str,
    description: str,
    privacy: str,
    desired: list[DesiredTrack],
    dry_run: bool = False,
    reresolve: Reresolve | None = None,
    log: Callable[[str], None] = _discard,
) -> PlaylistSyncResult:
    """Sync the playlist of ``role`` to ``desired`` and record the outcome.

    The ManagedPlaylist row of ``role`` is found or created. The playlist is
    created on YouTube Music when the row has none or it was deleted there.
    ``reresolve`` returns another track for one whose video is unavailable,
    or None. A dry run only reads and plans. Errors are stored in the row's
    ``last_error`` and re-raised.
    """
    row = ManagedPlaylist.objects.filter(role=role).first()
    if not desired:
        # An empty list almost always means an upstream failure, and writing
        # it would empty the playlist.
        log(f"No tracks to write to {name!r}; the playlist was left as it is")
        return PlaylistSyncResult(
            playlist_id=row.playlist_id if row else "",
            name=name,
            unchanged=True,
            dry_run=dry_run,
        )
    if row is None:
        row = ManagedPlaylist(
            role=role, name=name, privacy=privacy, description=description
        )
    syncer = _PlaylistSync(gateway, row, log, reresolve, dry_run)
    try:
        return syncer.run(name, description, privacy, dedupe_tracks(desired, log))
    except YTMusicError as error:
        if not dry_run and row.pk:
            row.last_error = str(error)[:2000]
            row.save(update_fields=["last_error", "playlist_id"])
        logger.warning(
            "sync of playlist %s (%s) failed: %s", role, row.playlist_id, error
        )
        raise


class _PlaylistSync:
    def __init__(
        self,
        gateway: YTMusicGateway,
        row: ManagedPlaylist,
        log: Callable[[str], None],
        reresolve: Reresolve | None,
        dry_run: bool,
    ) -> None:
        self.gateway = gateway
        self.row = row
        self.log = log
        self.reresolve = reresolve
        self.dry_run = dry_run
        self.substitutions: dict[str, str] = dict(row.substitutions or {})
        self.metadata_changed = False

    def run(
        self, name: str, description: str, privacy: str, tracks: list[DesiredTrack]
    ) -> PlaylistSyncResult:
        row = self.row
        result = PlaylistSyncResult(
            playlist_id=row.playlist_id, name=name, dry_run=self.dry_run
        )
        live = self._read_existing()
        if live is None:
            if self.dry_run:
                return self._planned_create(result, tracks)
            create_managed_playlist(
                self.gateway,
                row,
                name=name,
                description=description,
                privacy=privacy,
                log=self.log,
            )
            result.created = True
            result.writes += 1
            live = LivePlaylist(playlist_id=row.playlist_id, title=name)
        else:
            row.playlist_id = live.playlist_id
            self._update_metadata(live, name, description, privacy, result)

        writer = PlaylistWriter(self.gateway, row.playlist_id, self.log, self.reresolve)
        result.playlist_id = row.playlist_id
        tracks = self._replace_dead(tracks, live, result)
        self._report_idless(live, result)
        initial = live
        live, tracks = self._write(writer, live, tracks, result)
        if self.dry_run:
            return result

        self._record_changes(initial, live, tracks, result)
        result.writes += writer.writes
        result.substitutions = {
            sent: stored
            for sent, stored in self.substitutions.items()
            if any(track.video_id == sent for track in tracks)
        }
        result.final_video_ids = live.video_ids
        self._save(live, tracks, result)
        return result

    # Reads and metadata

    def _read_existing(self) -> LivePlaylist | None:
        if not self.row.playlist_id:
            return None
        writer = PlaylistWriter(self.gateway, self.row.playlist_id, self.log)
        try:
            return writer.read()
        except YTMusicNotFoundError:
            action = (
                "a real run would create it again"
                if self.dry_run
                else ("creating it again")
            )
            self.log(
                f"Playlist {self.row.name!r} ({self.row.playlist_id}) no longer "
                f"exists on YouTube Music; {action}"
            )
            self.row.playlist_id = ""
            return None

    def _planned_create(
        self, result: PlaylistSyncResult, tracks: list[DesiredTrack]
    ) -> PlaylistSyncResult:
        result.created = True
        result.added = list(tracks)
        result.final_video_ids = [track.video_id for track in tracks]
        return result

    def _update_metadata(
        self,
        live: LivePlaylist,
        name: str,
        description: str,
        privacy: str,
        result: PlaylistSyncResult,
    ) -> None:
        """Apply a changed name, description or privacy setting in place.

        A value is only changed while YouTube Music still shows the one ytmt
        wrote last. When the user changed it there, the two intents conflict,
        so ytmt leaves it alone.
        """
        row = self.row
        changes: dict[str, str] = {}
        if live.title != name:
            if live.title == row.name:
                changes["title"] = name
            else:
                self.log(
                    f"Not renaming playlist {row.playlist_id}: its title on YouTube "
                    f"Music is {live.title!r}, not {row.name!r} as ytmt last set it; "
                    f"rename it there to {name!r} if that is wanted"
                )
        if description and description != row.description:
            if live.description.strip() == row.description.strip():
                changes["description"] = description
        if live.privacy and privacy != row.privacy and live.privacy == row.privacy:
            changes["privacyStatus"] = privacy
        if not changes:
            return
        self.metadata_changed = True
        result.renamed = "title" in changes
        if result.renamed:
            self.log(f"Renaming playlist {live.title!r} to {name!r}")
        if self.dry_run:
            return
        writer = PlaylistWriter(self.gateway, row.playlist_id, self.log)
        writer.edit(**changes)
        result.writes += writer.writes
        row.name = changes.get("title", row.name)
        row.description = changes.get("description", row.description)
        row.privacy = changes.get("privacyStatus", row.privacy)

    def _replace_dead(
        self,
        tracks: list[DesiredTrack],
        live: LivePlaylist,
        result: PlaylistSyncResult,
    ) -> list[DesiredTrack]:
        """Re-resolve tracks whose video is an unavailable row of the playlist."""
        dead = {row.video_id for row in live.dead}
        kept = []
        for track in tracks:
            if self._target_id(track) not in dead:
                kept.append(track)
                continue
            self.substitutions.pop(track.video_id, None)
            result.invalid.append(track)
            replacement = self.reresolve(track) if self.reresolve else None
            if replacement is None or replacement.video_id in dead:
                self.log(f"{track.label}: match unavailable, left out until re-matched")
                continue
            self.log(
                f"{track.label}: match {track.video_id} unavailable; "
                f"using {replacement.video_id}"
            )
            kept.append(replacement)
        return unique_tracks(kept)

    def _report_idless(self, live: LivePlaylist, result: PlaylistSyncResult) -> None:
        """List unaddressable rows, logging each one only the first time."""
        result.unremovable = list(live.idless)
        if not live.idless or self.dry_run:
            return
        key = f"playlist-idless:{self.row.playlist_id}"[:80]
        state, _ = StateValue.objects.get_or_create(key=key, defaults={"value": []})
        known = set(state.value or [])
        for label in live.idless:
            if label not in known:
                self.log(
                    f"{label}: unavailable entry, remove it manually on YouTube Music"
                )
        state.value = sorted(known | set(live.idless))
        state.save()

    # Writing

    def _target_id(self, track: DesiredTrack) -> str:
        return self.substitutions.get(track.video_id, track.video_id)

    def _target_ids(self, tracks: list[DesiredTrack]) -> list[str]:
        return unique_in_order([self._target_id(track) for track in tracks])

    def _write(
        self,
        writer: PlaylistWriter,
        live: LivePlaylist,
        tracks: list[DesiredTrack],
        result: PlaylistSyncResult,
    ) -> tuple[LivePlaylist, list[DesiredTrack]]:
        for pass_number in range(MAX_PASSES):
            target = self._target_ids(tracks)
            plan = plan_changes(live, target)
            moves = predict_moves(live, plan.add_ids, plan.remove_rows, target)
            if pass_number == 0:
                by_target = {self._target_id(track): track for track in tracks}
                result.added = [by_target[video_id] for video_id in plan.add_ids]
                result.removed = [_row_dict(row) for row in plan.remove_rows]
                result.moved = len(moves)
                if self.dry_run:
                    result.final_video_ids = target
                    return live, tracks
                result.moved = 0
                result.unchanged = not (
                    plan.add_ids
                    or plan.remove_rows
                    or moves
                    or self.metadata_changed
                    or result.created
                )
            if not (plan.add_ids or plan.remove_rows or moves):
                return live, tracks

            before = live.set_video_ids
            if plan.add_ids:
                tracks = self._add(writer, tracks, plan.add_ids, result)
                live = writer.read()
                self._detect_substitutions(live, before, tracks)
                target = self._target_ids(tracks)
                plan = plan_changes(live, target)
                if plan.add_ids:
                    # Some additions did not arrive: removing now could leave
                    # the playlist emptier than before, so plan again first.
                    self.log(
                        f"{len(plan.add_ids)} added track(s) are not in playlist "
                        f"{writer.playlist_id} yet; nothing is removed this round"
                    )
                    continue
                if not plan.remove_rows and live.video_ids == target:
                    # The read after adding already shows the target order.
                    return live, tracks
            if plan.remove_rows:
                writer.remove(plan.remove_rows)
                live = live.without(plan.remove_rows)
            result.moved += writer.reorder(live, target)
            live = writer.read()
            self._detect_substitutions(live, before, tracks)
            if live.video_ids == self._target_ids(tracks):
                return live, tracks
            self.log(
                f"Playlist {writer.playlist_id} does not match yet after pass "
                f"{pass_number + 1}; planning again from what YouTube Music holds"
            )
        raise PlaylistVerifyError(
            f"playlist {writer.playlist_id} still differs from the desired list "
            f"after {MAX_PASSES} rounds of writes ({len(live.video_ids)} items, "
            f"{len(self._target_ids(tracks))} wanted); run the sync again"
        )

    def _record_changes(
        self,
        initial: LivePlaylist,
        live: LivePlaylist,
        tracks: list[DesiredTrack],
        result: PlaylistSyncResult,
    ) -> None:
        """Replace the planned additions and removals with the ones made."""
        before = set(initial.video_ids)
        result.added = [
            track for track in tracks if self._target_id(track) not in before
        ]
        remaining = live.set_video_ids
        result.removed = [
            _row_dict(row)
            for row in initial.present + initial.dead
            if row.set_video_id not in remaining
        ]

    def _add(
        self,
        writer: PlaylistWriter,
        tracks: list[DesiredTrack],
        add_ids: list[str],
        result: PlaylistSyncResult,
    ) -> list[DesiredTrack]:
        wanted = set(add_ids)
        outcome = writer.add(
            [track for track in tracks if self._target_id(track) in wanted]
        )
        if not outcome.invalid:
            return tracks
        invalid = {track.video_id for track in outcome.invalid}
        result.invalid.extend(outcome.invalid)
        updated = []
        for track in tracks:
            if track.video_id not in invalid:
                updated.append(track)
            elif track.video_id in outcome.replaced:
                updated.append(outcome.replaced[track.video_id])
        return unique_tracks(updated)

    def _detect_substitutions(
        self, live: LivePlaylist, before: set[str], tracks: list[DesiredTrack]
    ) -> None:
        """Accept items YouTube Music stored in place of the video ids sent.

        A missing target pairs with a new row when their titles and artists
        match; the pair is recorded so later runs do not fight it.
        """
        target = set(self._target_ids(tracks))
        present = set(live.video_ids)
        new_rows = [
            row
            for row in live.present
            if row.set_video_id not in before and row.video_id not in target
        ]
        for track in tracks:
            if not new_rows or self._target_id(track) in present:
                continue
            match = next((row for row in new_rows if same_song(track, row)), None)
            if match is None:
                continue
            new_rows.remove(match)
            self.substitutions[track.video_id] = match.video_id
            self.log(
                f"{track.label}: YouTube Music stored {match.video_id} instead of "
                f"{track.video_id} (same song); keeping it"
            )
        for row in new_rows:
            logger.warning(
                "playlist %s contains unexpected video %s (%s) after adding",
                live.playlist_id,
                row.video_id,
                row.title,
            )

    def _save(
        self, live: LivePlaylist, tracks: list[DesiredTrack], result: PlaylistSyncResult
    ) -> None:
        row = self.row
        if result.created:
            row.name = result.name
        row.playlist_id = canonical_playlist_id(row.playlist_id)
        row.desired_video_ids = [track.video_id for track in tracks]
        row.substitutions = result.substitutions
        row.track_count = len(live.present)
        row.last_synced = timezone.now()
        row.last_error = ""
        row.save()


def predict_moves(
    live: LivePlaylist,
    add_ids: list[str],
    remove_rows: list[LiveRow],
    target: list[str],
) -> list[tuple[str, str | None]]:
    """Plan the moves needed after appending ``add_ids`` and removing rows."""
    after = live.without(remove_rows).present
    rows = after + [
        LiveRow(video_id=video_id, set_video_id=f"new:{video_id}")
        for video_id in add_ids
    ]
    return plan_moves(rows, target)


def unique_tracks(tracks: list[DesiredTrack]) -> list[DesiredTrack]:
    seen: set[str] = set()
    result = []
    for track in tracks:
        if track.video_id not in seen:
            seen.add(track.video_id)
            result.append(track)
    return result


def _row_dict(row: LiveRow) -> dict:
    """Describe a removed row with ytmusicapi's playlist track keys."""
    return {
        "videoId": row.video_id,
        "setVideoId": row.set_video_id,
        "title": row.title,
        "artists": [{"name": name} for name in row.artists],
    }
