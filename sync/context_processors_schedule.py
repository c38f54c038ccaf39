"""Template context for the scheduling status shown in the page header."""

import logging
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest

from sync import scheduler

logger = logging.getLogger(__name__)


def schedule_status(request: HttpRequest) -> dict[str, Any]:
    """Add ``schedule_status`` (see `sync.scheduler.status`) for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"schedule_status": None}
    try:
        return {"schedule_status": scheduler.status()}
    except DatabaseError:
        # The header must render even before migrations have run.
        logger.warning("Scheduling status unavailable: database not ready")
        return {"schedule_status": None}
