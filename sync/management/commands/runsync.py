import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sync import runs
from sync.models import SyncRun


class ProgressBar:
    """A one-line progress bar for terminals."""

    WIDTH = 30

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int, label: str) -> None:
        total = max(total, done, 1)
        filled = int(self.WIDTH * done / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}")
        self.stream.flush()
        if done >= total:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Sync the main playlist from Last.fm to YouTube Music. Exit status: "
        "0 success, 1 sync failed (the message says why and what to do), "
        "2 bad configuration, 3 another sync is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Resolve tracks and print what would be added, removed and "
            "moved, without writing to YouTube Music.",
        )
        parser.add_argument(
            "--no-progress-bar",
            action="store_true",
            help="Print plain lines even on a terminal.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        progress = None
        if not options["no_progress_bar"] and sys.stderr.isatty() and verbosity == 1:
            progress = ProgressBar(sys.stderr)
        try:
            result = runs.start_run(
                SyncRun.Trigger.CLI,
                dry_run=options["dry_run"],
                stream=self.stdout,
                verbosity=verbosity,
                progress=progress,
            )
        except runs.SyncAlreadyRunning as error:
            raise CommandError(str(error), returncode=runs.EXIT_BUSY) from error

        run = result.run
        if result.exit_code:
            raise CommandError(
                f"Sync {run.pk} {run.status}: {run.error}", returncode=result.exit_code
            )
        style = self.style.SUCCESS if run.status == "success" else self.style.WARNING
        self.stdout.write(style(f"Sync {run.pk} finished: {run.status}."))
