"""Notifications after a sync: Apprise targets and a generic webhook."""

from sync.models import SyncRun


def notify_run_finished(run: SyncRun) -> None:
    """Send the configured notifications for a finished run."""
    return None
