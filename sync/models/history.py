from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActionLog(models.Model):
    """A change a user made: an override added, a cache entry deleted..."""

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=60)
    target = models.CharField(_("target"), max_length=600, blank=True)
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="action_created")]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"
