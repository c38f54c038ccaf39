"""The live state of a playlist on YouTube Music, as the diff uses it."""

from dataclasses import dataclass, field
from typing import Any

from sync.ytmusic.ids import canonical_playlist_id


@dataclass(frozen=True)
class LiveRow:
    """One playlist item. ``set_video_id`` addresses it in moves and removals."""

    video_id: str
    set_video_id: str
    title: str = ""
    artists: tuple[str, ...] = ()

    def removal(self) -> dict[str, str]:
        """The item as `remove_playlist_items` expects it."""
        return {"videoId": self.video_id, "setVideoId": self.set_video_id}


@dataclass
class LivePlaylist:
    """A playlist read with `get_playlist`, split by what the diff may do.

    ``present`` are playable rows, the only ones that count as in the
    playlist. ``dead`` are unavailable rows that still carry both ids and can
    be removed. ``idless`` are rows without a videoId or setVideoId: they
    cannot be addressed by any write, so they are only reported.
    """

    playlist_id: str
    title: str = ""
    description: str = ""
    privacy: str = ""
    present: list[LiveRow] = field(default_factory=list)
    dead: list[LiveRow] = field(default_factory=list)
    idless: list[str] = field(default_factory=list)

    @property
    def video_ids(self) -> list[str]:
        return [row.video_id for row in self.present]

    @property
    def set_video_ids(self) -> set[str]:
        return {row.set_video_id for row in self.present + self.dead}

    def without(self, removed: list[LiveRow]) -> "LivePlaylist":
        gone = {row.set_video_id for row in removed}
        return LivePlaylist(
            playlist_id=self.playlist_id,
            title=self.title,
            description=self.description,
            privacy=self.privacy,
            present=[row for row in self.present if row.set_video_id not in gone],
            dead=[row for row in self.dead if row.set_video_id not in gone],
            idless=list(self.idless),
        )


def parse_playlist(playlist_id: str, data: dict[str, Any]) -> LivePlaylist:
    """Build a LivePlaylist from a `get_playlist` response (ytmusicapi 1.12)."""
    live = LivePlaylist(
        playlist_id=canonical_playlist_id(str(data.get("id") or playlist_id)),
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        privacy=str(data.get("privacy") or ""),
    )
    for track in data.get("tracks") or []:
        video_id = track.get("videoId")
        set_video_id = track.get("setVideoId")
        if not video_id or not set_video_id:
            live.idless.append(_label(track))
            continue
        row = LiveRow(
            video_id=video_id,
            set_video_id=set_video_id,
            title=str(track.get("title") or ""),
            artists=tuple(
                str(artist.get("name") or "") for artist in track.get("artists") or []
            ),
        )
        if track.get("isAvailable", True) is False:
            live.dead.append(row)
        else:
            live.present.append(row)
    return live


def _label(track: dict[str, Any]) -> str:
    artists = ", ".join(
        str(artist.get("name") or "") for artist in track.get("artists") or []
    )
    title = str(track.get("title") or "untitled")
    return f"{artists} - {title}" if artists else title
