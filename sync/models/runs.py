from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyncRun(models.Model):
    """One sync, from start to finish, with its counts and report."""

    class Trigger(models.TextChoices):
        CLI = "cli", _("command line")
        WEB = "web", _("web")
        SCHEDULED = "scheduled", _("scheduled")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCESS = "success", _("success")
        PARTIAL = "partial", _("partial")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")
        INTERRUPTED = "interrupted", _("interrupted")

    class Kind(models.TextChoices):
        MAIN = "main", _("main playlist")
        CUSTOM = "custom", _("custom playlists")
        ALL = "all", _("all playlists")

    trigger = models.CharField(_("trigger"), max_length=12, choices=Trigger.choices)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.MAIN
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat"), default=timezone.now)
    # host:pid of the process that runs it, to spot runs whose process died.
    holder = models.CharField(_("holder"), max_length=120, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    # Tracks by source, resolved, missed, total, cache hits and misses...
    counts = models.JSONField(_("counts"), default=dict)
    # YouTube Music and Last.fm calls by method.
    api_calls = models.JSONField(_("API calls"), default=dict)
    # Per-track outcome: what was added, left out and why, merged duplicates.
    report = models.JSONField(_("report"), default=dict)
    error = models.TextField(_("error"), blank=True)
    hint = models.TextField(_("hint"), blank=True)
    playlist_url = models.URLField(_("playlist URL"), blank=True)

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["-started_at"], name="run_started"),
            models.Index(fields=["status"], name="run_status"),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.RUNNING


class SyncRunLine(models.Model):
    """One output line of a run, for the live console and the run page."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="lines")
    seq = models.PositiveIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    level = models.CharField(_("level"), max_length=8, default="INFO")
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("sync run line")
        verbose_name_plural = _("sync run lines")
        ordering = ["run", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["run", "seq"], name="run_line_seq")
        ]

    def __str__(self) -> str:
        return self.text
