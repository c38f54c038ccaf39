"""The gateway around the real ytmusicapi 1.12 client, over canned HTTP.

A requests transport adapter returns canned responses, so nothing leaves the
process; the checks pin the gateway to the exceptions and return values
the real library produces.
"""

import json
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter
from ytmusicapi import YTMusic

from sync.models import ManagedPlaylist
from sync.playlists.sync import DesiredTrack, sync_playlist
from sync.ytmusic.client import YTMusicGateway
from sync.ytmusic.errors import (
    YTMusicAuthError,
    YTMusicConflictError,
    YTMusicTransientError,
    YTMusicWriteFailed,
)
from tests.support.ytmusic_fake import write_browser_json

REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 409: "Conflict"}


class CannedTransport(BaseAdapter):
    """Return queued (status, body) pairs and record the requests."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[int, str]] = []
        self.requests: list[requests.PreparedRequest] = []

    def push(self, status: int, body: object) -> None:
        text = body if isinstance(body, str) else json.dumps(body)
        self.queue.append((status, text))

    def send(
        self, request: requests.PreparedRequest, **kwargs: object
    ) -> requests.Response:
        self.requests.append(request)
        status, text = self.queue.pop(0)
        response = requests.Response()
        response.status_code = status
        response.reason = REASONS.get(status, "Service Unavailable")
        response._content = text.encode("utf-8")
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        return None


@pytest.fixture
def transport(isolated_home: Path) -> CannedTransport:
    return CannedTransport()


@pytest.fixture
def gateway(isolated_home: Path, transport: CannedTransport) -> YTMusicGateway:
    path = write_browser_json(isolated_home / "browser.json")
    headers = json.loads(path.read_text(encoding="utf-8"))
    headers["x-goog-visitor-id"] = "visitor"
    path.write_text(json.dumps(headers), encoding="utf-8")
    session = requests.Session()
    session.mount("https://", transport)
    session.mount("http://", transport)
    client = YTMusic(auth=str(path), requests_session=session)
    return YTMusicGateway(client, max_retries=2, sleep=lambda seconds: None)


def error_body(message: str) -> dict:
    return {"error": {"message": message}}


def test_real_conflict_maps_to_conflict_error(gateway, transport):
    transport.push(409, error_body("The operation was aborted."))
    with pytest.raises(YTMusicConflictError):
        gateway.add_playlist_items("PLx", ["aaaaaaaaaaa"])


def test_real_precondition_maps_to_conflict_error(gateway, transport):
    transport.push(400, error_body("Precondition check failed."))
    with pytest.raises(YTMusicConflictError):
        gateway.edit_playlist("PLx", moveItem=("S1", "S2"))


def test_real_401_maps_to_auth_error(gateway, transport):
    transport.push(401, error_body("Request had invalid authentication credentials."))
    with pytest.raises(YTMusicAuthError):
        gateway.get_library_playlists()
    assert len(transport.requests) == 1


def test_real_5xx_and_html_are_retried(gateway, transport):
    transport.push(503, error_body("The service is currently unavailable."))
    transport.push(200, "<html>not json</html>")
    transport.push(200, {"status": "STATUS_SUCCEEDED"})
    assert gateway.delete_playlist("PLx") == "STATUS_SUCCEEDED"
    assert gateway.calls["delete_playlist"] == 3


def test_real_transient_errors_stop_at_max_retries(gateway, transport):
    for _ in range(3):
        transport.push(503, error_body("unavailable"))
    with pytest.raises(YTMusicTransientError):
        gateway.delete_playlist("PLx")
    assert len(transport.requests) == 3


def test_real_status_failed_add_is_a_failed_write(gateway, transport):
    transport.push(200, {"status": "STATUS_FAILED"})
    with pytest.raises(YTMusicWriteFailed, match="for a request of 2 item"):
        gateway.add_playlist_items("PLx", ["aaaaaaaaaaa", "bbbbbbbbbbb"])


def test_real_add_sends_one_action_per_video(gateway, transport):
    transport.push(200, {"status": "STATUS_SUCCEEDED", "playlistEditResults": []})
    gateway.add_playlist_items("VLPLx", ["aaaaaaaaaaa", "bbbbbbbbbbb"])
    body = json.loads(transport.requests[0].body)
    assert body["playlistId"] == "PLx"
    assert [action["addedVideoId"] for action in body["actions"]] == [
        "aaaaaaaaaaa",
        "bbbbbbbbbbb",
    ]


def test_real_create_returns_playlist_id(gateway, transport):
    transport.push(200, {"playlistId": "PLMC-vWU9tmrc"})
    assert gateway.create_playlist("Mine", "desc") == "PLMC-vWU9tmrc"


@pytest.mark.django_db
def test_sync_keeps_created_id_after_auth_error(gateway, transport):
    transport.push(200, {"playlistId": "PLnew1234567"})
    transport.push(200, {"status": "STATUS_SUCCEEDED", "playlistEditResults": []})
    transport.push(401, error_body("Request had invalid authentication credentials."))
    track = DesiredTrack("aaaaaaaaaaa", "Artist", "Song", "artist|song")
    with pytest.raises(YTMusicAuthError):
        sync_playlist(
            gateway,
            role="main",
            name="Mine",
            description="d",
            privacy="PRIVATE",
            desired=[track],
        )
    endpoints = [
        request.url.split("?")[0].rsplit("/", 2)[-2:] for request in transport.requests
    ]
    assert endpoints == [
        ["playlist", "create"],
        ["browse", "edit_playlist"],
        ["v1", "browse"],
    ]
    row = ManagedPlaylist.objects.get(role="main")
    assert row.playlist_id == "PLnew1234567"
    assert row.last_error.startswith("YouTube Music rejected the saved credentials")
