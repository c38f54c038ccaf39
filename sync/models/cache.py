from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchCacheEntry(models.Model):
    """One search result for an ``artist|title`` key, found or not.

    A "not found" entry keeps the best rejected candidate and its score, so
    the dashboard can offer it to the user as a one-click override.
    """

    class Source(models.TextChoices):
        SEARCH = "search", _("search")
        OVERRIDE = "override", _("override")
        MANUAL = "manual", _("manual")

    key = models.CharField(_("key"), max_length=600, unique=True)
    artist = models.CharField(_("artist"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    found = models.BooleanField(_("found"), default=True)
    video_id = models.CharField(_("video id"), max_length=32, blank=True)
    yt_title = models.CharField(_("YouTube Music title"), max_length=500, blank=True)
    yt_artists = models.CharField(
        _("YouTube Music artists"), max_length=500, blank=True
    )
    score = models.FloatField(_("score"), default=0.0)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.SEARCH
    )
    # Best rejected candidate of a "not found" result.
    candidate_video_id = models.CharField(
        _("candidate video id"), max_length=32, blank=True
    )
    candidate_title = models.CharField(_("candidate title"), max_length=500, blank=True)
    candidate_artists = models.CharField(
        _("candidate artists"), max_length=500, blank=True
    )
    candidate_score = models.FloatField(_("candidate score"), null=True, blank=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("search cache entry")
        verbose_name_plural = _("search cache entries")
        indexes = [
            models.Index(fields=["found", "-updated_at"], name="cache_found_updated"),
            models.Index(fields=["-updated_at"], name="cache_updated"),
            models.Index(fields=["video_id"], name="cache_video_id"),
        ]

    def __str__(self) -> str:
        return self.key

    def is_fresh(self, found_ttl_days: int, notfound_ttl_days: int) -> bool:
        """Return whether the entry may still be used instead of a search."""
        ttl_days = found_ttl_days if self.found else notfound_ttl_days
        if ttl_days <= 0:
            return False
        return timezone.now() - self.updated_at < timedelta(days=ttl_days)
