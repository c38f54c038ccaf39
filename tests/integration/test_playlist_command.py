"""`manage.py playlists` against the YTMusic fake."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sync.models import ManagedPlaylist

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("playlists", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def server(fake_ytmusic):
    return fake_ytmusic


def weekly_row(server, start: str, count: int = 2) -> ManagedPlaylist:
    name = f"Last.fm Recents week of {start}"
    playlist = server.add_playlist(name, server.add_songs(count, prefix=start[-2:]))
    return ManagedPlaylist.objects.create(
        role=f"weekly:{start}", name=name, playlist_id=playlist.playlist_id
    )


def test_list_shows_role_id_and_count(server):
    ManagedPlaylist.objects.create(
        role="main", name="Last.fm Recents (auto)", playlist_id="PLabc", track_count=7
    )
    output = run("list")
    assert "main" in output
    assert "PLabc" in output
    assert "7 tracks" in output
    assert "synced never" in output


def test_list_without_playlists_says_so(server):
    assert "No managed playlists yet" in run("list")


def test_discover_lists_and_tracks_unrecorded_playlists(server):
    main = server.add_playlist("Last.fm Recents (auto)", [])
    weekly = server.add_playlist("Last.fm Recents week of 2026-11-30", [])
    server.add_playlist("Road trip", [])
    output = run("discover")
    assert main.playlist_id in output
    assert weekly.playlist_id in output
    assert "Road trip" not in output
    assert not ManagedPlaylist.objects.exists()
    run("discover", "--track")
    assert ManagedPlaylist.objects.get(role="main").playlist_id == main.playlist_id
    assert (
        ManagedPlaylist.objects.get(role="weekly:2026-11-30").playlist_id
        == weekly.playlist_id
    )


def test_discover_does_not_adopt_ambiguous_role(server):
    server.add_playlist("Last.fm Recents (auto)", [])
    server.add_playlist("Last.fm Recents (auto)", [])
    output = run("discover", "--track")
    assert "2 playlists match role main" in output
    assert not ManagedPlaylist.objects.exists()


def test_discover_heals_stored_id_form(server):
    playlist = server.add_playlist("Last.fm Recents (auto)", [])
    ManagedPlaylist.objects.create(
        role="main", name=playlist.title, playlist_id="VL" + playlist.playlist_id
    )
    run("discover")
    assert ManagedPlaylist.objects.get(role="main").playlist_id == playlist.playlist_id


def test_delete_removes_playlist_and_row(server):
    row = weekly_row(server, "2026-11-23")
    output = run("delete", row.name, "--yes")
    assert "Deleted" in output
    assert row.playlist_id not in server.playlists
    assert not ManagedPlaylist.objects.exists()


def test_delete_without_yes_asks_and_cancels(server, monkeypatch):
    row = weekly_row(server, "2026-11-23")
    monkeypatch.setattr(
        "sync.management.commands.playlists.Command.stdin_is_interactive",
        lambda self: True,
    )
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Cancelled"):
        run("delete", row.name)
    assert row.playlist_id in server.playlists


def test_delete_without_yes_off_terminal_fails(server):
    row = weekly_row(server, "2026-11-23")
    with pytest.raises(CommandError, match="--yes"):
        run("delete", row.name)
    assert row.playlist_id in server.playlists


def test_delete_refuses_unmanaged_playlist(server):
    mine = server.add_playlist("Road trip", [])
    with pytest.raises(CommandError, match="only deletes playlists it manages"):
        run("delete", "Road trip", "--yes")
    assert mine.playlist_id in server.playlists


def test_prune_weeklies_keeps_newest(server, write_env):
    write_env(WEEKLY_KEEP_WEEKS=2)
    rows = [
        weekly_row(server, day) for day in ("2026-11-09", "2026-11-16", "2026-11-23")
    ]
    output = run("prune-weeklies", "--yes")
    assert "Deleted 1 of 1" in output
    assert rows[0].playlist_id not in server.playlists
    assert rows[1].playlist_id in server.playlists
    assert rows[2].playlist_id in server.playlists
    assert list(ManagedPlaylist.objects.values_list("role", flat=True)) == [
        "weekly:2026-11-16",
        "weekly:2026-11-23",
    ]


def test_prune_with_keep_zero_deletes_nothing(server, write_env):
    write_env(WEEKLY_KEEP_WEEKS=0)
    weekly_row(server, "2026-11-09")
    assert "Nothing to prune" in run("prune-weeklies", "--yes")
    assert ManagedPlaylist.objects.count() == 1


def test_expired_credentials_stop_delete(server):
    row = weekly_row(server, "2026-11-23")
    server.auth_valid = False
    with pytest.raises(CommandError, match="rejected the saved credentials"):
        run("delete", row.name, "--yes")
    assert ManagedPlaylist.objects.count() == 1
