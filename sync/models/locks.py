from django.db import models
from django.utils.translation import gettext_lazy as _


class Lease(models.Model):
    """A named lock held by one process until it expires.

    "sync" guards against two syncs at once; "scheduler" picks the one
    scheduler that runs jobs. Rows are claimed with a conditional UPDATE, so
    two processes never both succeed.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    holder = models.CharField(_("holder"), max_length=160, blank=True)
    acquired_at = models.DateTimeField(_("acquired"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # Free-form details for the message shown to a refused caller.
    info = models.JSONField(_("info"), default=dict)

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'}"


class StateValue(models.Model):
    """A small named value the app keeps between runs (counters, flags)."""

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    value = models.JSONField(_("value"), null=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("state value")
        verbose_name_plural = _("state values")

    def __str__(self) -> str:
        return self.key
