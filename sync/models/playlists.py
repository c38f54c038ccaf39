from django.db import models
from django.utils.translation import gettext_lazy as _


class ManagedPlaylist(models.Model):
    """A YouTube Music playlist that ytmt created and may edit or delete.

    ``role`` identifies the playlist across renames: "main", "weekly:<date>"
    or "custom:<hash of the definition>". Playlists without a row here are
    never touched.
    """

    role = models.CharField(_("role"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    playlist_id = models.CharField(_("playlist id"), max_length=80, blank=True)
    privacy = models.CharField(_("privacy"), max_length=10, default="PRIVATE")
    description = models.TextField(_("description"), blank=True)
    # Ordered video ids of the last successful sync.
    desired_video_ids = models.JSONField(_("desired video ids"), default=list)
    # One dict per track in order: artist, title, video_id, yt_title,
    # yt_artists, source, score. The Playlist page renders it.
    entries = models.JSONField(_("entries"), default=list)
    # Sent video id -> the id YouTube Music stored instead (substitutions).
    substitutions = models.JSONField(_("substitutions"), default=dict)
    track_count = models.PositiveIntegerField(_("track count"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_synced = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("managed playlist")
        verbose_name_plural = _("managed playlists")
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def url(self) -> str:
        if not self.playlist_id:
            return ""
        return f"https://music.youtube.com/playlist?list={self.playlist_id}"

    @property
    def is_weekly(self) -> bool:
        return self.role.startswith("weekly:")
