"""Run the sync scheduler in the foreground (for runserver or a container)."""

import logging
import signal
import time
from datetime import timedelta
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from sync import scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run scheduled syncs until stopped with SIGTERM or Ctrl+C. Only one "
        "scheduler acts per database; others wait until its lease expires."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=scheduler.LEASE_TTL.total_seconds(),
            help="Seconds a crashed scheduler's lease lasts before another "
            "process takes over (default: %(default)s).",
        )
        parser.add_argument(
            "--heartbeat-seconds",
            type=float,
            default=scheduler.HEARTBEAT_SECONDS,
            help="Seconds between lease renewals; at most half the lease "
            "(default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop_requested = False

        def request_stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stop_requested
            stop_requested = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

        try:
            service = scheduler.start_in_process(
                lease_ttl=timedelta(seconds=options["lease_seconds"]),
                heartbeat_seconds=options["heartbeat_seconds"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Scheduler {service.holder} started; "
            f"{'running jobs' if service.is_leader else 'waiting for the lease'}."
        )
        try:
            while not stop_requested:
                time.sleep(1)
                close_old_connections()
        finally:
            scheduler.stop_in_process()
            self.stdout.write("Scheduler stopped.")
