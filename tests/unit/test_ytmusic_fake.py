"""The YTMusic fake keeps ytmusicapi 1.12's shapes and behaviour."""

import inspect
import json

import pytest
from ytmusicapi import YTMusic
from ytmusicapi.exceptions import YTMusicServerError, YTMusicUserError

from tests.support import ytmusic_fake
from tests.support.ytmusic_fake import FakeYTMusic

METHODS = [
    "search",
    "get_playlist",
    "create_playlist",
    "add_playlist_items",
    "remove_playlist_items",
    "edit_playlist",
    "delete_playlist",
    "get_library_playlists",
    "get_song",
]

SONG_ROW_KEYS = {
    "category",
    "resultType",
    "title",
    "album",
    "inLibrary",
    "feedbackTokens",
    "pinnedToListenAgain",
    "listenAgainFeedbackTokens",
    "videoId",
    "videoType",
    "isAvailable",
    "duration",
    "year",
    "artists",
    "duration_seconds",
    "views",
    "isExplicit",
    "thumbnails",
}
VIDEO_ROW_KEYS = {
    "category",
    "resultType",
    "title",
    "videoId",
    "videoType",
    "isAvailable",
    "duration",
    "year",
    "artists",
    "views",
    "duration_seconds",
    "thumbnails",
}


@pytest.mark.parametrize("method", METHODS)
def test_method_parameters_match_ytmusicapi(method):
    real = list(inspect.signature(getattr(YTMusic, method)).parameters)
    fake = list(inspect.signature(getattr(FakeYTMusic, method)).parameters)
    assert fake == real


@pytest.fixture
def server(fake_ytmusic):
    return fake_ytmusic


@pytest.fixture
def client(server, isolated_home):
    return ytmusic_fake.factory(auth=str(isolated_home / "browser.json"))


def test_playlist_tracks_have_real_parsed_keys(server, client, shared_dir):
    path = shared_dir / "data/ytmusic/parsed/2024_03_get_playlist.json"
    real_track = json.loads(path.read_text(encoding="utf-8"))["tracks"][0]
    server.add_song("aaaaaaaaaaa", "A", "Artist", album="Album")
    playlist_id = client.create_playlist("Mine", "")
    client.add_playlist_items(playlist_id, ["aaaaaaaaaaa"])
    track = client.get_playlist(playlist_id)["tracks"][0]
    assert set(track) - {"communityVoteStatus"} <= set(real_track)
    assert set(real_track) - set(track) <= {"communityVoteStatus"}
    assert set(track["album"]) == {"name", "id"}
    assert len(track["setVideoId"]) == 16


def test_seeded_real_playlist_reads_back_unchanged(server, client, shared_dir):
    path = shared_dir / "data/ytmusic/parsed/2024_03_get_playlist.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    server.load_parsed_playlist(path)
    read = client.get_playlist(data["id"], limit=None)
    assert read["tracks"] == data["tracks"]
    assert read["trackCount"] == 100


def test_search_rows_have_ytmusicapi_keys(server, client):
    server.add_song("song0000001", "Wonderwall", "Oasis", album="Morning Glory")
    server.add_song(
        "video000001",
        "Wonderwall (Official Video)",
        "Oasis",
        video_type="MUSIC_VIDEO_TYPE_OMV",
    )
    songs = client.search("Oasis - Wonderwall", filter="songs")
    videos = client.search("Oasis - Wonderwall", filter="videos")
    everything = client.search("Oasis - Wonderwall")
    assert [row["videoId"] for row in songs] == ["song0000001"]
    assert set(songs[0]) == SONG_ROW_KEYS
    assert [row["videoId"] for row in videos] == ["video000001"]
    assert set(videos[0]) == VIDEO_ROW_KEYS
    assert everything[0]["category"] == "Top result"
    assert len(everything) == 2


def test_add_appends_and_reports_set_video_ids(server, client):
    ids = server.add_songs(3)
    playlist_id = client.create_playlist("Mine", "")
    client.add_playlist_items(playlist_id, ids[:2])
    response = client.add_playlist_items(playlist_id, ids[2:])
    assert response["status"] == "STATUS_SUCCEEDED"
    assert [item["videoId"] for item in response["playlistEditResults"]] == ids[2:]
    assert server.playlist(playlist_id).video_ids == ids


def test_duplicate_add_fails_whole_request(server, client):
    ids = server.add_songs(2)
    playlist_id = client.create_playlist("Mine", "")
    client.add_playlist_items(playlist_id, ids[:1])
    assert client.add_playlist_items(playlist_id, ids)["status"] == "STATUS_FAILED"
    assert server.playlist(playlist_id).video_ids == ids[:1]


def test_move_item_before_successor_and_to_end(server, client):
    ids = server.add_songs(3)
    playlist_id = client.create_playlist("Mine", "", video_ids=ids)
    set_ids = server.playlist(playlist_id).set_video_ids
    client.edit_playlist(playlist_id, moveItem=(set_ids[2], set_ids[0]))
    assert server.playlist(playlist_id).video_ids == [ids[2], ids[0], ids[1]]
    client.edit_playlist(playlist_id, moveItem=set_ids[2])
    assert server.playlist(playlist_id).video_ids == [ids[0], ids[1], ids[2]]


def test_remove_without_set_video_id_raises_like_ytmusicapi(server, client):
    playlist_id = client.create_playlist("Mine", "")
    with pytest.raises(YTMusicUserError, match="setVideoId is missing"):
        client.remove_playlist_items(playlist_id, [{"videoId": "x"}])


def test_anonymous_client_cannot_write(server):
    with pytest.raises(YTMusicUserError, match="Please provide authentication"):
        ytmusic_fake.factory().create_playlist("Mine", "")


def test_invalid_auth_raises_http_401(server, client):
    server.auth_valid = False
    with pytest.raises(
        YTMusicServerError, match="^Server returned HTTP 401: Unauthorized."
    ):
        client.get_library_playlists()


def test_cookie_without_sapisid_is_rejected(server, isolated_home):
    path = ytmusic_fake.write_browser_json(
        isolated_home / "other.json", cookie="HSID=x"
    )
    with pytest.raises(YTMusicUserError, match="__Secure-3PAPISID"):
        ytmusic_fake.factory(auth=str(path))


def test_scripted_outcomes_run_in_order(server, client):
    server.fail_next("get_library_playlists", ytmusic_fake.server_unavailable(), [])
    with pytest.raises(YTMusicServerError, match="HTTP 503"):
        client.get_library_playlists()
    assert client.get_library_playlists() == []
    assert server.calls["get_library_playlists"] == 2


def test_get_song_reports_playability(server, client):
    server.add_song("okokokokoko", "Fine", "Artist")
    server.add_song("gonegonegon", "Gone", "Artist", available=False)
    assert client.get_song("okokokokoko")["playabilityStatus"]["status"] == "OK"
    assert client.get_song("gonegonegon")["playabilityStatus"]["status"] == "UNPLAYABLE"
    assert client.get_song("unknown0000")["playabilityStatus"]["status"] == "ERROR"


def test_deleted_playlist_reads_as_404(server, client):
    playlist_id = client.create_playlist("Mine", "")
    client.delete_playlist(playlist_id)
    with pytest.raises(YTMusicServerError, match="HTTP 404"):
        client.get_playlist(playlist_id)


def test_search_case_answers_by_filter(server, client, shared_dir):
    path = shared_dir / "cases/matching-dev.jsonl"
    case = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    server.load_search_case(case)
    songs = client.search("any query at all", filter="songs")
    everything = client.search(f"{case['artist']} - {case['title']}")
    assert songs == case["results"]["songs"]
    assert everything == case["results"]["all"]
    for row in case["results"]["videos"]:
        assert row["videoId"] in server.songs
