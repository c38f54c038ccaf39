"""`manage.py playlists`: list, discover, delete and prune managed playlists."""

import logging
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sync.conf import ConfigError, load_sync_settings
from sync.models import ManagedPlaylist
from sync.playlists import managed
from sync.ytmusic.client import YTMusicGateway, build_gateways
from sync.ytmusic.errors import YTMusicError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Manage the YouTube Music playlists ytmt keeps: list them, discover "
        "unrecorded ones, delete one, or prune old weekly snapshots."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="List managed playlists.")
        discover = actions.add_parser(
            "discover",
            help="List library playlists named like ytmt's that are not recorded.",
        )
        discover.add_argument(
            "--track",
            action="store_true",
            help="Record the discovered playlists as managed, under their role.",
        )
        delete = actions.add_parser(
            "delete", help="Delete a managed playlist on YouTube Music."
        )
        delete.add_argument("name", help="Playlist name, role or playlist id.")
        _add_yes(delete)
        prune = actions.add_parser(
            "prune-weeklies",
            help="Delete weekly playlists beyond WEEKLY_KEEP_WEEKS.",
        )
        _add_yes(prune)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self.list_playlists()
        elif action == "discover":
            self.discover(track=options["track"])
        elif action == "delete":
            self.delete(options["name"], yes=options["yes"])
        else:
            self.prune(yes=options["yes"])

    def list_playlists(self) -> None:
        rows = ManagedPlaylist.objects.order_by("role")
        if not rows:
            self.stdout.write("No managed playlists yet; run `manage.py runsync`.")
            return
        for row in rows:
            synced = (
                timezone.localtime(row.last_synced).strftime("%Y-%m-%d %H:%M")
                if row.last_synced
                else "never"
            )
            self.stdout.write(
                f"{row.role:<20} {row.playlist_id or '-':<36} "
                f"{row.track_count:>5} tracks  synced {synced}  {row.name}"
            )
            if row.last_error:
                self.stdout.write(f"{'':<20} last error: {row.last_error}")

    def discover(self, *, track: bool) -> None:
        gateway, settings = self._gateway()
        found = self._youtube(lambda: managed.discover(gateway, settings))
        if not found:
            self.stdout.write("No unrecorded playlists named like ytmt's were found.")
            return
        for item in found:
            note = f"  (cannot adopt: {item.blocked})" if item.blocked else ""
            self.stdout.write(
                f"{item.role:<20} {item.playlist_id:<36} {item.title}{note}"
            )
        if not track:
            self.stdout.write("Run again with --track to record them as managed.")
            return
        for item in found:
            if item.blocked:
                continue
            privacy = (
                settings.weekly_playlist_privacy
                if item.role.startswith("weekly:")
                else settings.playlist_privacy
            )
            managed.track(item, privacy=privacy)
            self.stdout.write(f"Recorded {item.title!r} as {item.role}.")

    def delete(self, name: str, *, yes: bool) -> None:
        row = _find_row(name)
        self._confirm(
            f"Delete {row.name!r} ({row.playlist_id}, {row.track_count} tracks) "
            "on YouTube Music?",
            yes,
        )
        gateway, _settings = self._gateway()
        self._youtube(lambda: managed.delete_managed(gateway, row))
        self.stdout.write(f"Deleted {row.name!r}.")

    def prune(self, *, yes: bool) -> None:
        settings = self._settings()
        rows = managed.weeklies_to_prune(settings)
        if not rows:
            self.stdout.write(
                f"Nothing to prune: WEEKLY_KEEP_WEEKS={settings.weekly_keep_weeks}."
            )
            return
        names = ", ".join(row.name for row in rows)
        self._confirm(f"Delete {len(rows)} weekly playlist(s): {names}?", yes)
        gateway, settings = self._gateway()
        deleted = self._youtube(
            lambda: managed.prune_weeklies(
                gateway, settings, log=lambda text: self.stdout.write(text)
            )
        )
        self.stdout.write(f"Deleted {len(deleted)} of {len(rows)} weekly playlist(s).")
        if len(deleted) < len(rows):
            raise CommandError("some weekly playlists could not be deleted; see above")

    # Helpers

    def _settings(self) -> Any:
        try:
            return load_sync_settings()
        except ConfigError as error:
            raise CommandError(f"{error}; fix it in .env", returncode=2) from None

    def _gateway(self) -> tuple[YTMusicGateway, Any]:
        settings = self._settings()
        try:
            account, _search = self._youtube(lambda: build_gateways(settings))
        except ConfigError as error:
            raise CommandError(f"{error}; fix it in .env", returncode=2) from None
        return account, settings

    def _youtube(self, action: Any) -> Any:
        try:
            return action()
        except YTMusicError as error:
            raise CommandError(str(error)) from None

    def _confirm(self, question: str, yes: bool) -> None:
        if yes:
            return
        if not self.stdin_is_interactive():
            raise CommandError(f"{question} Add --yes to confirm without a prompt.")
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer not in {"y", "yes"}:
            raise CommandError("Cancelled; nothing was deleted.")

    def stdin_is_interactive(self) -> bool:
        import sys

        return sys.stdin.isatty()


def _add_yes(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--yes", action="store_true", help="Delete without asking for confirmation."
    )


def _find_row(name: str) -> ManagedPlaylist:
    """Find a managed playlist by name, role or playlist id."""
    matches = list(ManagedPlaylist.objects.filter(name=name))
    if not matches:
        matches = list(ManagedPlaylist.objects.filter(role=name))
    if not matches:
        matches = list(ManagedPlaylist.objects.filter(playlist_id=name))
    if not matches:
        raise CommandError(
            f"No managed playlist is named {name!r}; ytmt only deletes playlists it "
            "manages. Run `manage.py playlists list` for names and roles."
        )
    if len(matches) > 1:
        roles = ", ".join(row.role for row in matches)
        raise CommandError(
            f"{len(matches)} managed playlists are named {name!r} ({roles}); "
            "give the role instead."
        )
    return matches[0]
