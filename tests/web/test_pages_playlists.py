"""Playlists page: open, delete and prune managed playlists.

YouTube Music is the in-memory fake from tests.support.ytmusic_fake,
configured the way a user picks a client: YTMUSIC_CLIENT_FACTORY in .env.
"""

import pytest
from django.urls import reverse

from sync.models import ActionLog, ManagedPlaylist, SyncRun
from tests.support import ytmusic_fake

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(isolated_home, write_env):
    write_env(
        YTMUSIC_CLIENT_FACTORY=ytmusic_fake.FACTORY_PATH,
        WEEKLY_KEEP_WEEKS=2,
    )
    ytmusic_fake.write_browser_json(isolated_home / "browser.json")
    return ytmusic_fake.reset()


def managed(server, role: str, name: str) -> ManagedPlaylist:
    remote = server.add_playlist(name)
    return ManagedPlaylist.objects.create(
        role=role, name=name, playlist_id=remote.playlist_id
    )


def test_it_lists_managed_playlists_with_links(admin_client, server):
    main = managed(server, "main", "Last.fm Recents (auto)")

    page = admin_client.get(reverse("sync:managed-playlist-list")).content.decode()

    assert "Last.fm Recents (auto)" in page
    assert f"https://music.youtube.com/playlist?list={main.playlist_id}" in page
    assert reverse("sync:playlist-detail", kwargs={"pk": main.pk}) in page


def test_delete_removes_remote_playlist_and_row(admin_client, server):
    weekly = managed(server, "weekly:2026-11-23", "Recents week of 2026-11-23")

    response = admin_client.post(
        reverse("sync:managed-playlist-delete", args=[weekly.pk]),
        {"confirm": "on"},
        follow=True,
    )

    assert not ManagedPlaylist.objects.exists()
    assert server.playlists == {}
    assert "Playlist “Recents week of 2026-11-23” deleted." in (
        response.content.decode()
    )
    log = ActionLog.objects.get()
    assert log.action == "playlist.delete"
    assert log.target == "weekly:2026-11-23"


def test_delete_needs_the_confirmation_box(admin_client, server):
    main = managed(server, "main", "Recents")

    response = admin_client.post(
        reverse("sync:managed-playlist-delete", args=[main.pk]), follow=True
    )

    assert ManagedPlaylist.objects.count() == 1
    assert len(server.playlists) == 1
    assert "Nothing was changed. Tick “Yes, I am sure” to confirm." in (
        response.content.decode()
    )


def test_delete_keeps_the_row_when_youtube_music_fails(admin_client, server):
    main = managed(server, "main", "Recents")
    server.auth_valid = False

    response = admin_client.post(
        reverse("sync:managed-playlist-delete", args=[main.pk]),
        {"confirm": "on"},
        follow=True,
    )

    assert ManagedPlaylist.objects.count() == 1
    assert "YouTube Music refused the change:" in response.content.decode()
    assert ActionLog.objects.count() == 0


def test_delete_waits_for_a_running_sync(admin_client, server):
    main = managed(server, "main", "Recents")
    SyncRun.objects.create(trigger="scheduled")

    response = admin_client.post(
        reverse("sync:managed-playlist-delete", args=[main.pk]),
        {"confirm": "on"},
        follow=True,
    )

    assert ManagedPlaylist.objects.count() == 1
    assert "A sync is running." in response.content.decode()


def test_it_prunes_weeklies_beyond_the_kept_number(admin_client, server):
    for day in ("2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"):
        managed(server, f"weekly:{day}", f"Recents week of {day}")
    managed(server, "main", "Recents")

    response = admin_client.post(
        reverse("sync:weekly-prune"), {"confirm": "on"}, follow=True
    )

    roles = sorted(ManagedPlaylist.objects.values_list("role", flat=True))
    assert roles == ["main", "weekly:2026-11-23", "weekly:2026-11-30"]
    assert sorted(item.title for item in server.playlists.values()) == [
        "Recents",
        "Recents week of 2026-11-23",
        "Recents week of 2026-11-30",
    ]
    assert "2 old weekly playlists deleted." in response.content.decode()
    assert ActionLog.objects.get().details == {"count": 2}


def test_prune_names_a_weekly_it_could_not_delete(admin_client, server):
    managed(server, "weekly:2026-11-16", "Recents week of 2026-11-16")
    managed(server, "weekly:2026-11-23", "Recents week of 2026-11-23")
    managed(server, "weekly:2026-11-30", "Recents week of 2026-11-30")
    server.fail_next("delete_playlist", ytmusic_fake.invalid_argument())

    response = admin_client.post(
        reverse("sync:weekly-prune"), {"confirm": "on"}, follow=True
    )

    page = response.content.decode()
    assert ManagedPlaylist.objects.count() == 3
    assert "“Recents week of 2026-11-16” was not deleted:" in page
    assert "0 old weekly playlists deleted." in page


def test_prune_reports_an_invalid_setting(admin_client, server, write_env):
    write_env(WEEKLY_KEEP_WEEKS="two")
    managed(server, "weekly:2026-11-16", "Recents week of 2026-11-16")

    response = admin_client.post(
        reverse("sync:weekly-prune"), {"confirm": "on"}, follow=True
    )

    assert "Invalid setting: WEEKLY_KEEP_WEEKS=&#x27;two&#x27;" in (
        response.content.decode()
    )
    assert ManagedPlaylist.objects.count() == 1
