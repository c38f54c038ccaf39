"""The tracks a managed playlist should hold, as the engine hands them over."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DesiredTrack:
    """One wanted playlist item: the video id resolved for a Last.fm track."""

    video_id: str
    artist: str
    title: str
    key: str

    @property
    def label(self) -> str:
        return f"{self.artist} - {self.title}"


def dedupe_tracks(
    tracks: list[DesiredTrack], log: Callable[[str], None]
) -> list[DesiredTrack]:
    """Keep the first track of each video id, e.g. two spellings of a song."""
    seen: dict[str, DesiredTrack] = {}
    result = []
    for track in tracks:
        first = seen.get(track.video_id)
        if first is not None:
            log(
                f"{track.label} resolves to the same video ({track.video_id}) as "
                f"{first.label}; keeping it once"
            )
            continue
        seen[track.video_id] = track
        result.append(track)
    return result
