"""sync_playlist against the YTMusic fake, one failure mode per test."""

import pytest
import requests

from sync.conf import load_sync_settings
from sync.models import ManagedPlaylist
from sync.playlists.sync import DesiredTrack, PlaylistVerifyError, sync_playlist
from sync.ytmusic.client import build_gateways
from sync.ytmusic.errors import (
    AUTH_MESSAGE,
    YTMusicAuthError,
    YTMusicConflictError,
    YTMusicError,
    YTMusicTransientError,
    YTMusicWriteFailed,
)
from tests.support import ytmusic_fake

pytestmark = pytest.mark.django_db

NAME = "Last.fm Recents (auto)"


@pytest.fixture
def server(fake_ytmusic):
    return fake_ytmusic


@pytest.fixture
def gateway(server):
    account, _search = build_gateways(load_sync_settings())
    return account


def desired(server, *video_ids):
    tracks = []
    for video_id in video_ids:
        song = server.songs.get(video_id)
        if song is None:
            song = server.add_song(video_id, f"Title {video_id}", f"Artist {video_id}")
        tracks.append(
            DesiredTrack(
                video_id,
                song.artists[0],
                song.title,
                f"{song.artists[0]}|{song.title}".lower(),
            )
        )
    return tracks


def run(gateway, tracks, **options):
    options.setdefault("name", NAME)
    options.setdefault("description", "Recent favourites")
    options.setdefault("privacy", "PRIVATE")
    return sync_playlist(gateway, role="main", desired=tracks, **options)


def ids(count, prefix="v"):
    return [f"{prefix}{n:010d}" for n in range(count)]


def test_it_creates_playlist_in_ranked_order(server, gateway):
    tracks = desired(server, *ids(5))
    result = run(gateway, tracks)
    row = ManagedPlaylist.objects.get(role="main")
    assert result.created is True
    assert server.playlist(row.playlist_id).video_ids == ids(5)
    assert server.playlist(row.playlist_id).privacy == "PRIVATE"
    assert row.desired_video_ids == ids(5)
    assert row.track_count == 5
    assert row.last_synced is not None
    assert server.calls["create_playlist"] == 1
    assert server.calls["add_playlist_items"] == 1


def test_second_run_with_same_list_writes_nothing(server, gateway):
    tracks = desired(server, *ids(20))
    run(gateway, tracks)
    server.reset_counts()
    result = run(gateway, tracks)
    assert result.unchanged is True
    assert server.writes() == 0
    assert server.calls["get_playlist"] == 1


def test_new_top_track_costs_three_writes(server, gateway):
    old = ids(10)
    run(gateway, desired(server, *old))
    server.reset_counts()
    new = ["newtop00000"] + old[:9]
    result = run(gateway, desired(server, *new))
    row = ManagedPlaylist.objects.get(role="main")
    assert server.playlist(row.playlist_id).video_ids == new
    assert server.calls["add_playlist_items"] == 1
    assert server.calls["remove_playlist_items"] == 1
    assert server.calls["edit_playlist"] == 1
    assert result.moved == 1
    assert [track.video_id for track in result.added] == ["newtop00000"]


def test_reorder_with_new_top_uses_four_writes(server, gateway):
    server.add_playlist("Mine", [])
    a, b, c, d, e = desired(
        server,
        "aaaaaaaaaaa",
        "bbbbbbbbbbb",
        "ccccccccccc",
        "ddddddddddd",
        "eeeeeeeeeee",
    )
    run(gateway, [a, b, c, d])
    server.reset_counts()
    result = run(gateway, [e, a, c, b])
    row = ManagedPlaylist.objects.get(role="main")
    assert server.playlist(row.playlist_id).video_ids == [
        e.video_id,
        a.video_id,
        c.video_id,
        b.video_id,
    ]
    assert server.writes() <= 4
    assert server.calls["edit_playlist"] == 2
    removed = server.calls_of("remove_playlist_items")[0][0][1]
    assert [item["videoId"] for item in removed] == [d.video_id]
    assert result.moved == 2
    server.reset_counts()
    run(gateway, [e, a, c, b])
    assert server.writes() == 0


def test_duplicate_video_ids_are_written_once(server, gateway):
    tracks = desired(server, "aaaaaaaaaaa", "bbbbbbbbbbb")
    twin = DesiredTrack(
        "aaaaaaaaaaa", "The Artist", "Song (Remastered)", "the artist|song (remastered)"
    )
    run(gateway, [tracks[0], twin, tracks[1]])
    sent = server.calls_of("add_playlist_items")[0][1]["videoIds"]
    assert sent == ["aaaaaaaaaaa", "bbbbbbbbbbb"]


def test_deleted_playlist_is_created_again(server, gateway):
    tracks = desired(server, *ids(3))
    run(gateway, tracks)
    old_id = ManagedPlaylist.objects.get(role="main").playlist_id
    del server.playlists[old_id]
    result = run(gateway, tracks)
    row = ManagedPlaylist.objects.get(role="main")
    assert result.created is True
    assert row.playlist_id != old_id
    assert server.playlist(row.playlist_id).video_ids == ids(3)


def test_changed_name_renames_in_place(server, gateway):
    tracks = desired(server, *ids(3))
    run(gateway, tracks)
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    result = run(gateway, tracks, name="My Recents")
    row = ManagedPlaylist.objects.get(role="main")
    assert result.renamed is True
    assert row.playlist_id == playlist_id
    assert row.name == "My Recents"
    assert server.playlist(playlist_id).title == "My Recents"
    assert server.calls["create_playlist"] == 1


def test_title_changed_by_user_is_not_renamed(server, gateway):
    tracks = desired(server, *ids(3))
    run(gateway, tracks)
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.playlist(playlist_id).title = "Renamed by me"
    result = run(gateway, tracks, name="My Recents")
    assert result.renamed is False
    assert server.playlist(playlist_id).title == "Renamed by me"


def test_create_answer_with_vl_prefix_is_stored_canonical(server, gateway):
    server.create_id_form = "VL"
    run(gateway, desired(server, *ids(2)))
    row = ManagedPlaylist.objects.get(role="main")
    assert row.playlist_id.startswith("PL")
    assert server.playlist(row.playlist_id).video_ids == ids(2)


def test_conflict_on_add_rereads_and_retries_without_duplicates(server, gateway):
    run(gateway, desired(server, *ids(2)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.fail_next(
        "add_playlist_items", ytmusic_fake.AfterWrite(ytmusic_fake.conflict())
    )
    run(gateway, desired(server, *ids(4)))
    assert server.playlist(playlist_id).video_ids == ids(4)
    assert server.calls["add_playlist_items"] == 2
    assert len(server.clock.sleeps) == 1


def test_conflicts_beyond_max_retries_raise(server, gateway):
    run(gateway, desired(server, *ids(2)))
    server.fail_next("add_playlist_items", *[ytmusic_fake.conflict()] * 4)
    with pytest.raises(YTMusicConflictError):
        run(gateway, desired(server, *ids(3)))
    row = ManagedPlaylist.objects.get(role="main")
    assert "409" in row.last_error
    assert server.playlist(row.playlist_id).video_ids == ids(2)


def test_edits_right_after_create_are_retried(server, gateway):
    # YouTube Music rejects edits of a new playlist for about ten seconds.
    server.edit_lock_seconds = 10
    result = run(gateway, desired(server, *ids(30)))
    row = ManagedPlaylist.objects.get(role="main")
    assert server.calls["create_playlist"] == 1
    assert server.playlist(row.playlist_id).video_ids == ids(30)
    assert result.created is True
    assert len(server.clock.sleeps) >= 2
    assert server.clock.now >= 10


def test_expired_edit_window_keeps_the_playlist_id(server, gateway):
    server.edit_lock_seconds = 1000
    with pytest.raises(YTMusicConflictError):
        run(gateway, desired(server, *ids(5)))
    row = ManagedPlaylist.objects.get(role="main")
    assert row.playlist_id in server.playlists
    server.edit_lock_seconds = 0
    run(gateway, desired(server, *ids(5)))
    assert server.calls["create_playlist"] == 1
    assert server.playlist(row.playlist_id).video_ids == ids(5)


def test_lost_create_answer_is_reconciled_from_library(server, gateway):
    server.lose_create_response = True
    server.library_delay_seconds = 3
    run(gateway, desired(server, *ids(3)))
    assert server.calls["create_playlist"] == 1
    assert len(server.playlists_named(NAME)) == 1
    row = ManagedPlaylist.objects.get(role="main")
    assert server.playlist(row.playlist_id).video_ids == ids(3)


def test_invalid_video_is_rechecked_and_reresolved(server, gateway):
    tracks = desired(server, *ids(3))
    server.songs[ids(3)[1]].available = False
    server.add_song("replacemen1", tracks[1].title, tracks[1].artist)
    calls = []

    def reresolve(track):
        calls.append(track.video_id)
        return DesiredTrack("replacemen1", track.artist, track.title, track.key)

    result = run(gateway, tracks, reresolve=reresolve)
    row = ManagedPlaylist.objects.get(role="main")
    assert calls == [ids(3)[1]]
    assert [track.video_id for track in result.invalid] == [ids(3)[1]]
    assert [track.video_id for track in result.added] == [
        ids(3)[0],
        "replacemen1",
        ids(3)[2],
    ]
    assert server.playlist(row.playlist_id).video_ids == [
        ids(3)[0],
        "replacemen1",
        ids(3)[2],
    ]
    assert server.calls["get_song"] == 3
    assert row.desired_video_ids == [ids(3)[0], "replacemen1", ids(3)[2]]


def test_invalid_video_with_status_failed_is_left_out(server, gateway):
    server.invalid_add_mode = "status"
    tracks = desired(server, *ids(3))
    server.songs[ids(3)[0]].available = False
    result = run(gateway, tracks)
    row = ManagedPlaylist.objects.get(role="main")
    assert [track.title for track in result.invalid] == [tracks[0].title]
    assert server.playlist(row.playlist_id).video_ids == ids(3)[1:]


def test_status_failed_add_rereads_and_sends_only_missing(server, gateway):
    # The playlist holds A and B, but the first read returned only A.
    a, b, c, d = desired(
        server, "aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc", "ddddddddddd"
    )
    run(gateway, [a])
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    stale = server.clients[0].get_playlist(playlist_id, limit=None)
    server.playlist(playlist_id).items.append(server._item(b.video_id))
    server.fail_next("get_playlist", stale)
    run(gateway, [a, b, c, d])
    sent = [kwargs["videoIds"] for _, kwargs in server.calls_of("add_playlist_items")]
    assert sent[-2:] == [
        ["bbbbbbbbbbb", "ccccccccccc", "ddddddddddd"],
        ["ccccccccccc", "ddddddddddd"],
    ]
    assert server.playlist(playlist_id).video_ids == [v.video_id for v in (a, b, c, d)]


def test_create_without_playlist_id_is_a_failure(server, gateway):
    server.fail_next("create_playlist", {"responseContext": {"visitorData": "x"}})
    with pytest.raises(YTMusicError) as caught:
        run(gateway, desired(server, *ids(2)))
    assert "{" not in str(caught.value)
    assert (
        not ManagedPlaylist.objects.filter(role="main").exclude(playlist_id="").exists()
    )
    assert server.calls["add_playlist_items"] == 0


def test_short_playlist_id_is_accepted(server, gateway):
    server.short_ids = True
    run(gateway, desired(server, *ids(2)))
    row = ManagedPlaylist.objects.get(role="main")
    assert len(row.playlist_id) == 13
    assert server.playlist(row.playlist_id).video_ids == ids(2)


def test_status_failed_removal_is_reported(server, gateway):
    run(gateway, desired(server, *ids(3)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.fail_next("remove_playlist_items", "STATUS_FAILED")
    with pytest.raises(YTMusicWriteFailed):
        run(gateway, desired(server, *ids(2)))
    assert server.playlist(playlist_id).video_ids == ids(3)
    assert ManagedPlaylist.objects.get(role="main").desired_video_ids == ids(3)


def test_silent_substitution_is_accepted_and_kept(server, gateway):
    tracks = desired(server, *ids(3))
    song = server.songs[ids(3)[1]]
    server.add_song("otherupload", song.title, song.artists)
    server.substitutions[ids(3)[1]] = "otherupload"
    result = run(gateway, tracks)
    row = ManagedPlaylist.objects.get(role="main")
    assert result.substitutions == {ids(3)[1]: "otherupload"}
    assert row.substitutions == {ids(3)[1]: "otherupload"}
    assert server.playlist(row.playlist_id).video_ids == [
        ids(3)[0],
        "otherupload",
        ids(3)[2],
    ]
    server.reset_counts()
    run(gateway, tracks)
    assert server.writes() == 0


def test_bulk_add_order_fixed_by_moves(server, gateway):
    server.add_order = "reversed"
    result = run(gateway, desired(server, *ids(6)))
    row = ManagedPlaylist.objects.get(role="main")
    assert server.playlist(row.playlist_id).video_ids == ids(6)
    assert server.calls["edit_playlist"] == 5
    assert result.moved == 5


def test_transient_errors_are_retried_with_backoff(server, gateway):
    run(gateway, desired(server, *ids(2)))
    server.fail_next(
        "get_playlist",
        ytmusic_fake.server_unavailable(),
        ytmusic_fake.too_many_requests(),
        ytmusic_fake.invalid_json(),
    )
    result = run(gateway, desired(server, *ids(2)))
    assert result.unchanged is True
    assert len(server.clock.sleeps) == 3
    assert server.clock.sleeps[0] < server.clock.sleeps[2]


def test_transient_errors_beyond_max_retries_raise(server, gateway):
    run(gateway, desired(server, *ids(2)))
    server.reset_counts()
    server.fail_next("get_playlist", *[ytmusic_fake.rate_limited_forbidden()] * 4)
    with pytest.raises(YTMusicTransientError):
        run(gateway, desired(server, *ids(3)))
    assert server.calls["get_playlist"] == 4
    assert len(server.clock.sleeps) == 3


def test_expired_auth_stops_before_any_removal(server, gateway):
    # 300 tracks in batches of 100: the second batch gets HTTP 401.
    server.add_songs(300)
    first = ids(300)
    server.add_playlist("Mine", [])
    run(gateway, desired(server, *first[:1]))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.reset_counts()

    def expire(*args, **kwargs):
        server.auth_valid = False
        raise ytmusic_fake.unauthorized()

    server.fail_next("add_playlist_items", ytmusic_fake.PASS, expire)
    with pytest.raises(YTMusicAuthError) as caught:
        run(gateway, desired(server, *first[1:]))
    assert str(caught.value).startswith(AUTH_MESSAGE)
    assert server.calls["add_playlist_items"] == 2
    assert server.calls["remove_playlist_items"] == 0
    assert len(server.playlist(playlist_id).video_ids) == 101

    server.auth_valid = True
    server.reset_counts()
    run(gateway, desired(server, *first[1:]))
    added = sum(
        len(kwargs["videoIds"]) for _, kwargs in server.calls_of("add_playlist_items")
    )
    final = server.playlist(playlist_id).video_ids
    assert added == 199
    assert len(final) == len(set(final)) == 299


def test_missing_cookie_fails_before_any_call(server, isolated_home):
    ytmusic_fake.write_browser_json(isolated_home / "browser.json", cookie="HSID=x")
    with pytest.raises(YTMusicAuthError) as caught:
        build_gateways(load_sync_settings())
    assert str(caught.value).startswith(AUTH_MESSAGE)
    assert sum(server.calls.values()) == 0


def test_missing_browser_json_fails_before_any_call(server, isolated_home):
    (isolated_home / "browser.json").unlink()
    with pytest.raises(YTMusicAuthError, match="browser.json not found"):
        build_gateways(load_sync_settings())
    assert sum(server.calls.values()) == 0


def test_unavailable_rows_never_break_diff(server, gateway):
    server.add_song("aaaaaaaaaaa", "A", "Artist A")
    server.add_song("bbbbbbbbbbb", "B", "Artist B")
    server.add_song("ccccccccccc", "C", "Artist C")
    server.add_song("uuuuuuuuuuu", "Greyed Song", "Artist U", available=False)
    playlist = server.add_playlist("Recents", ["aaaaaaaaaaa"])
    playlist.items += [
        {
            "videoId": None,
            "setVideoId": None,
            "isAvailable": False,
            "title": "Gone Song",
            "artists": [{"name": "Old Artist", "id": None}],
        },
        {
            "videoId": "uuuuuuuuuuu",
            "setVideoId": "S3",
            "isAvailable": False,
            "title": "Greyed Song",
        },
        server._item("bbbbbbbbbbb"),
    ]
    ManagedPlaylist.objects.create(
        role="main", name=NAME, playlist_id=playlist.playlist_id
    )
    lines = []
    result = run(
        gateway,
        desired(server, "aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc"),
        log=lines.append,
    )
    removals = [args[1] for args, _ in server.calls_of("remove_playlist_items")]
    assert removals == [[{"videoId": "uuuuuuuuuuu", "setVideoId": "S3"}]]
    assert [
        kwargs["videoIds"] for _, kwargs in server.calls_of("add_playlist_items")
    ] == [["ccccccccccc"]]
    assert result.unremovable == ["Old Artist - Gone Song"]
    assert (
        "Old Artist - Gone Song: unavailable entry, remove it manually on YouTube Music"
        in lines
    )
    lines.clear()
    run(
        gateway,
        desired(server, "aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc"),
        log=lines.append,
    )
    assert not any("Gone Song" in line for line in lines)


def test_desired_unavailable_match_is_reresolved(server, gateway):
    server.add_song("aaaaaaaaaaa", "A", "Artist A")
    server.add_song("uuuuuuuuuuu", "Greyed Song", "Artist U", available=False)
    playlist = server.add_playlist("Recents", ["aaaaaaaaaaa", "uuuuuuuuuuu"])
    ManagedPlaylist.objects.create(
        role="main", name=NAME, playlist_id=playlist.playlist_id
    )
    tracks = desired(server, "aaaaaaaaaaa", "uuuuuuuuuuu")
    asked = []
    result = run(gateway, tracks, reresolve=lambda track: asked.append(track.video_id))
    assert asked == ["uuuuuuuuuuu"]
    assert [track.video_id for track in result.invalid] == ["uuuuuuuuuuu"]
    assert server.playlist(playlist.playlist_id).video_ids == ["aaaaaaaaaaa"]
    assert server.calls["add_playlist_items"] == 0


def test_dry_run_plans_without_writing(server, gateway):
    run(gateway, desired(server, *ids(4)))
    server.reset_counts()
    new = ["drynew00000", *ids(4)[:2], ids(4)[3]]
    result = run(gateway, desired(server, *new), dry_run=True)
    row = ManagedPlaylist.objects.get(role="main")
    assert server.writes() == 0
    assert [track.video_id for track in result.added] == ["drynew00000"]
    assert [item["videoId"] for item in result.removed] == [ids(4)[2]]
    assert result.removed[0]["artists"] == [{"name": "Artist v0000000002"}]
    assert result.removed[0]["title"] == "Title v0000000002"
    assert result.moved == 1
    assert row.desired_video_ids == ids(4)


def test_dry_run_without_playlist_creates_nothing(server, gateway):
    result = run(gateway, desired(server, *ids(2)), dry_run=True)
    assert result.created is True
    assert server.calls["create_playlist"] == 0
    assert not ManagedPlaylist.objects.exists()


def test_failed_add_leaves_previous_content(server, gateway):
    run(gateway, desired(server, *ids(5)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.fail_next("add_playlist_items", *[ytmusic_fake.server_unavailable()] * 4)
    with pytest.raises(YTMusicTransientError):
        run(gateway, desired(server, *ids(10, prefix="w")))
    assert server.playlist(playlist_id).video_ids == ids(5)
    assert server.calls["remove_playlist_items"] == 0


def test_unmanaged_playlist_with_same_name_is_untouched(server, gateway):
    mine = server.add_playlist(NAME, ["aaaaaaaaaaa"], description="my own")
    run(gateway, desired(server, *ids(2)))
    row = ManagedPlaylist.objects.get(role="main")
    assert row.playlist_id != mine.playlist_id
    assert server.playlist(mine.playlist_id).video_ids == ["aaaaaaaaaaa"]
    for name, args, _ in server.call_log:
        if name in ytmusic_fake.WRITE_METHODS and args and name != "create_playlist":
            assert args[0] != mine.playlist_id


def test_read_back_mismatch_raises_verify_error(server, gateway):
    run(gateway, desired(server, *ids(2)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    # Every add reports success but stores nothing.
    server.fail_next("add_playlist_items", *[{"status": "STATUS_SUCCEEDED"}] * 5)
    with pytest.raises(PlaylistVerifyError):
        run(gateway, desired(server, *ids(3)))
    assert server.playlist(playlist_id).video_ids == ids(2)


def test_connection_timeout_is_transient(server, gateway):
    run(gateway, desired(server, *ids(2)))
    server.fail_next("get_playlist", requests.exceptions.ConnectTimeout("timed out"))
    result = run(gateway, desired(server, *ids(2)))
    assert result.unchanged is True


def test_lost_additions_block_removals(server, gateway):
    run(gateway, desired(server, *ids(4)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    # Adds report success but store nothing, while the new list drops two.
    server.fail_next("add_playlist_items", *[{"status": "STATUS_SUCCEEDED"}] * 5)
    with pytest.raises(PlaylistVerifyError):
        run(gateway, desired(server, *ids(2), *ids(2, prefix="w")))
    assert server.playlist(playlist_id).video_ids == ids(4)
    assert server.calls["remove_playlist_items"] == 0


def test_pending_create_is_adopted_next_run(server, gateway):
    # A create whose response was lost, and that never showed in the library
    # during the run, is found and adopted by the next run.
    server.lose_create_response = True
    server.library_delay_seconds = 10_000
    with pytest.raises(YTMusicError, match="checks the library again"):
        run(gateway, desired(server, *ids(2)))
    server.library_delay_seconds = 0
    run(gateway, desired(server, *ids(2)))
    row = ManagedPlaylist.objects.get(role="main")
    assert server.calls["create_playlist"] == 1
    assert len(server.playlists_named(NAME)) == 1
    assert server.playlist(row.playlist_id).video_ids == ids(2)


def test_pending_create_with_two_candidates_stops(server, gateway):
    server.lose_create_response = True
    server.library_delay_seconds = 10_000
    with pytest.raises(YTMusicError):
        run(gateway, desired(server, *ids(2)))
    server.add_playlist(NAME, [], description="Recent favourites")
    server.library_delay_seconds = 0
    with pytest.raises(YTMusicError, match="2 playlists named"):
        run(gateway, desired(server, *ids(2)))
    assert server.calls["create_playlist"] == 1


def test_stored_vl_id_is_healed_on_read(server, gateway):
    run(gateway, desired(server, *ids(2)))
    row = ManagedPlaylist.objects.get(role="main")
    canonical = row.playlist_id
    row.playlist_id = "VL" + canonical
    row.save()
    result = run(gateway, desired(server, *ids(2)))
    assert result.unchanged is True
    assert ManagedPlaylist.objects.get(role="main").playlist_id == canonical


def test_changed_privacy_setting_is_applied(server, gateway):
    run(gateway, desired(server, *ids(2)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    run(gateway, desired(server, *ids(2)), privacy="UNLISTED")
    assert server.playlist(playlist_id).privacy == "UNLISTED"
    assert ManagedPlaylist.objects.get(role="main").privacy == "UNLISTED"
    assert server.calls_of("edit_playlist")[-1][1] == {"privacyStatus": "UNLISTED"}


def test_empty_desired_list_writes_nothing(server, gateway):
    run(gateway, desired(server, *ids(3)))
    playlist_id = ManagedPlaylist.objects.get(role="main").playlist_id
    server.reset_counts()
    result = run(gateway, [])
    assert result.unchanged is True
    assert result.playlist_id == playlist_id
    assert sum(server.calls.values()) == 0
    assert server.playlist(playlist_id).video_ids == ids(3)
