"""LastfmClient retries, backoff and error mapping over a scripted session."""

import json
import logging
import random
from pathlib import Path

import pytest
import requests

from sync.conf import load_sync_settings
from sync.lastfm.client import LastfmClient
from sync.lastfm.errors import (
    LastfmError,
    LastfmNotFoundError,
    LastfmRateLimitedError,
    LastfmTransientError,
    LastfmUserError,
)
from sync.lastfm.ratelimit import RateLimiter

API_URL = "https://lastfm.test/2.0/"
API_KEY = "0123456789abcdef0123456789abcdef"
RATE_LIMIT_BODY = {
    "error": 29,
    "message": "Rate Limit Exceeded - This application has made too many "
    "requests in a short period.",
}


def response(
    status: int = 200, body: object = None, **headers: str
) -> requests.Response:
    reply = requests.Response()
    reply.status_code = status
    if isinstance(body, bytes):
        reply._content = body
    else:
        reply._content = json.dumps(body if body is not None else {}).encode()
    reply.headers.update(headers)
    reply.url = API_URL
    return reply


def page_body(page: int, titles: list[str], total_pages: int = 3) -> dict:
    return {
        "recenttracks": {
            "track": [
                {
                    "artist": {"#text": "Artist", "mbid": ""},
                    "name": title,
                    "album": {"#text": "", "mbid": ""},
                    "date": {"uts": str(1_700_000_000 - index), "#text": ""},
                }
                for index, title in enumerate(titles)
            ],
            "@attr": {
                "user": "alice",
                "page": str(page),
                "perPage": "200",
                "totalPages": str(total_pages),
                "total": str(total_pages * 200),
            },
        }
    }


class ScriptedSession(requests.Session):
    """A session that returns scripted responses, queued per (method, page)."""

    def __init__(self, script: dict[tuple[str, str], list]) -> None:
        super().__init__()
        self.script = script
        self.sent: list[dict] = []

    def get(self, url, params=None, timeout=None, **kwargs):  # noqa: ANN001
        self.sent.append({"url": url, "params": dict(params), "timeout": timeout})
        key = (params["method"], str(params.get("page", "")))
        answers = self.script.get(key) or self.script[(params["method"], "*")]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def make_client(script: dict, max_retries: int = 5) -> tuple[LastfmClient, list]:
    delays: list[float] = []
    client = LastfmClient(
        API_URL,
        API_KEY,
        max_retries=max_retries,
        session=ScriptedSession(script),
        sleep=delays.append,
        rng=random.Random(7),
        rate_limiter=RateLimiter(burst=1000),
    )
    return client, delays


def shared_body(shared_dir: Path, name: str) -> dict:
    path = shared_dir / "data" / "lastfm-api" / name
    return json.loads(path.read_text(encoding="utf-8"))


def test_it_sends_json_requests_with_key_and_timeout():
    client, _delays = make_client(
        {("user.getInfo", "*"): [response(200, {"user": {}})]}
    )

    client.call("user.getInfo", user="alice", page=None)

    sent = client.session.sent[0]
    assert sent["url"] == API_URL
    assert sent["timeout"] == 20.0
    assert sent["params"] == {
        "method": "user.getInfo",
        "user": "alice",
        "api_key": API_KEY,
        "format": "json",
    }
    assert client.calls == {"user.getInfo": 1}


def test_it_retries_rate_limits_with_growing_delays():
    """Error 29 arrives with HTTP 429, then with HTTP 200, then the page does."""
    rows = [f"Song {n}" for n in range(200)]
    script = {
        ("user.getRecentTracks", "1"): [response(200, page_body(1, rows))],
        ("user.getRecentTracks", "2"): [
            response(429, RATE_LIMIT_BODY),
            response(200, RATE_LIMIT_BODY),
            response(200, page_body(2, rows)),
        ],
    }
    client, delays = make_client(script)

    first = client.recent_tracks_page("alice", 1)
    second = client.recent_tracks_page("alice", 2)

    assert len(first.scrobbles) == 200
    assert len(second.scrobbles) == 200
    assert client.calls["user.getRecentTracks"] == 4
    assert len(delays) == 2
    assert 2.0 <= delays[0] <= 2.5
    assert 4.0 <= delays[1] <= 5.0


def test_it_honours_retry_after():
    script = {
        ("user.getInfo", "*"): [
            response(429, RATE_LIMIT_BODY, **{"Retry-After": "17"}),
            response(200, {"user": {"name": "alice"}}),
        ]
    }
    client, delays = make_client(script)

    client.user_info("alice")

    assert delays == [17.0]


def test_it_caps_the_delay():
    script = {("user.getInfo", "*"): [response(503, b"<html>busy</html>")]}
    client, delays = make_client(script, max_retries=8)

    with pytest.raises(LastfmTransientError):
        client.user_info("alice")

    assert len(delays) == 8
    assert max(delays) == 60.0
    assert delays == sorted(delays)


def test_persistent_rate_limit_raises():
    script = {("user.getRecentTracks", "*"): [response(200, RATE_LIMIT_BODY)]}
    client, delays = make_client(script, max_retries=3)

    with pytest.raises(LastfmRateLimitedError) as caught:
        client.recent_tracks_page("alice", 2)

    assert caught.value.code == 29
    assert "failed after 4 attempts" in caught.value.message
    assert "wait a few minutes" in caught.value.hint.lower()
    assert client.calls["user.getRecentTracks"] == 4
    assert len(delays) == 3


@pytest.mark.parametrize("code", [8, 11, 16])
def test_it_retries_temporary_errors(code):
    script = {
        ("user.getInfo", "*"): [
            response(200, {"error": code, "message": "try again"}),
            response(200, {"user": {"name": "alice"}}),
        ]
    }
    client, delays = make_client(script)

    assert client.user_info("alice")["name"] == "alice"
    assert len(delays) == 1
    assert client.calls["user.getInfo"] == 2


@pytest.mark.parametrize(
    "failure",
    [
        response(500, b"<html>Internal Server Error</html>"),
        response(502, b""),
        response(200, b'{"recenttracks": {"track": ['),
        response(200, b"[1, 2]"),
        requests.Timeout("read timed out"),
        requests.ConnectionError("connection refused"),
    ],
    ids=["http-500", "http-502", "truncated-json", "json-list", "timeout", "refused"],
)
def test_it_retries_server_and_network_failures(failure):
    script = {
        ("user.getInfo", "*"): [failure, response(200, {"user": {"name": "alice"}})]
    }
    client, delays = make_client(script)

    assert client.user_info("alice")["name"] == "alice"
    assert len(delays) == 1


def test_it_gives_up_after_max_retries():
    script = {("user.getInfo", "*"): [response(500, b"oops")]}
    client, delays = make_client(script, max_retries=2)

    with pytest.raises(LastfmTransientError) as caught:
        client.user_info("alice")

    assert not isinstance(caught.value, LastfmUserError)
    assert caught.value.status == 500
    assert (
        caught.value.message
        == "Last.fm user.getInfo failed after 3 attempts (HTTP 500)"
    )
    assert client.calls["user.getInfo"] == 3
    assert len(delays) == 2


def test_zero_retries_sends_one_request():
    script = {("user.getInfo", "*"): [response(503, b"")]}
    client, delays = make_client(script, max_retries=0)

    with pytest.raises(LastfmTransientError):
        client.user_info("alice")

    assert client.calls["user.getInfo"] == 1
    assert delays == []


def test_invalid_api_key_stops_at_once(shared_dir):
    body = shared_body(shared_dir, "error10__duhnnie__invalid_api_key.json")
    client, delays = make_client({("user.getRecentTracks", "*"): [response(403, body)]})

    with pytest.raises(LastfmUserError) as caught:
        client.recent_tracks_page("alice", 1)

    assert caught.value.code == 10
    assert caught.value.message.startswith(
        "Last.fm rejected LASTFM_API_KEY (error 10 Invalid API key - You must be "
        "granted a valid key by last.fm): create a key at "
        "https://www.last.fm/api/account/create"
    )
    assert API_KEY not in caught.value.message
    assert delays == []
    assert client.calls["user.getRecentTracks"] == 1


def test_unknown_user_is_not_found(shared_dir):
    body = shared_body(
        shared_dir, "user.getRecentTracks__lastfmdocs__error6_user_not_found_404.json"
    )
    client, delays = make_client({("user.getRecentTracks", "*"): [response(404, body)]})

    with pytest.raises(LastfmNotFoundError) as caught:
        client.recent_tracks_page("nobody-here", 1)

    assert caught.value.code == 6
    assert caught.value.message == (
        "Last.fm user 'nobody-here' not found (error 6 User not found): "
        "check LASTFM_USER in .env"
    )
    assert delays == []


def test_private_profile_names_the_privacy_setting(shared_dir):
    body = shared_body(shared_dir, "error17__listenbrainz-server__private_user.json")
    client, _delays = make_client(
        {("user.getRecentTracks", "*"): [response(403, body)]}
    )

    with pytest.raises(LastfmUserError) as caught:
        client.recent_tracks_page("hidden", 1)

    assert caught.value.code == 17
    assert "'hidden'" in caught.value.message
    assert "Hide recent listening information" in caught.value.message


def test_suspended_key_asks_for_a_new_one():
    body = {"error": 26, "message": "Suspended API key"}
    client, _delays = make_client({("user.getInfo", "*"): [response(403, body)]})

    with pytest.raises(LastfmUserError) as caught:
        client.user_info("alice")

    assert caught.value.code == 26
    assert "suspended LASTFM_API_KEY" in caught.value.message


def test_other_invalid_parameters_show_the_parameters(shared_dir):
    body = shared_body(shared_dir, "error6__duhnnie__page_param_out_of_bounds.json")
    client, _delays = make_client(
        {("user.getRecentTracks", "*"): [response(200, body)]}
    )

    with pytest.raises(LastfmUserError) as caught:
        client.call("user.getRecentTracks", user="alice", page=0)

    assert not isinstance(caught.value, LastfmNotFoundError)
    assert caught.value.message == (
        "Last.fm rejected the parameters of user.getRecentTracks (error 6 page "
        "param out of bounds (1-1000000)): page='0', user='alice'"
    )


def test_unknown_error_code_is_a_plain_error():
    body = {"error": 3, "message": "Invalid Method - No method with that name"}
    client, delays = make_client({("user.nope", "*"): [response(200, body)]})

    with pytest.raises(LastfmError) as caught:
        client.call("user.nope")

    assert type(caught.value) is LastfmError
    assert caught.value.code == 3
    assert delays == []


def test_http_error_without_body_names_the_url_setting():
    client, delays = make_client({("user.getInfo", "*"): [response(404, b"<html/>")]})

    with pytest.raises(LastfmError, match="check LASTFM_API_URL"):
        client.user_info("alice")

    assert delays == []


def test_api_key_never_reaches_logs_or_errors(caplog):
    leak = requests.ConnectionError(
        f"Max retries exceeded with url: /2.0/?method=user.getInfo&api_key={API_KEY}"
    )
    client, _delays = make_client({("user.getInfo", "*"): [leak]}, max_retries=1)

    with caplog.at_level(logging.DEBUG), pytest.raises(LastfmTransientError) as caught:
        client.user_info("alice")

    assert API_KEY not in caplog.text
    assert API_KEY not in str(caught.value)
    assert "api_key=***" in caught.value.message
    assert "retry 1 of 1" in caplog.text


def test_redact_masks_key_in_urls():
    client, _delays = make_client({})

    assert client.redact("x?api_key=abc&user=u") == "x?api_key=***&user=u"
    assert client.redact(f"key {API_KEY}") == "key ***"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"user": "alice", "page": 0}, "page=0 is invalid: Last.fm pages start at 1"),
        (
            {"user": "alice", "page": 1, "limit": 201},
            "limit=201 is invalid: use 1 to 200",
        ),
    ],
)
def test_recent_tracks_page_checks_arguments(kwargs, message):
    client, _delays = make_client({})
    user = kwargs.pop("user")
    page = kwargs.pop("page")

    with pytest.raises(ValueError) as caught:
        client.recent_tracks_page(user, page, **kwargs)

    assert str(caught.value) == message
    assert client.calls == {}


def test_empty_user_is_a_user_error():
    client, _delays = make_client({})

    with pytest.raises(LastfmUserError, match="LASTFM_USER is empty"):
        client.recent_tracks_page("  ", 1)


def test_time_window_parameter_names():
    client, _delays = make_client(
        {("user.getRecentTracks", "*"): [response(200, page_body(1, []))]}
    )

    client.recent_tracks_page("alice", 1, limit=50, from_ts=100, to_ts=200)

    params = client.session.sent[0]["params"]
    assert params["from"] == "100"
    assert params["to"] == "200"
    assert params["limit"] == "50"
    assert params["page"] == "1"


def test_from_settings_reads_url_key_and_retries():
    settings = load_sync_settings(
        overrides={
            "LASTFM_API_KEY": API_KEY,
            "LASTFM_API_URL": "http://127.0.0.1:9/2.0/",
            "LASTFM_MAX_RETRIES": "2",
        }
    )

    client = LastfmClient.from_settings(settings)

    assert client.api_url == "http://127.0.0.1:9/2.0/"
    assert client.api_key == API_KEY
    assert client.max_retries == 2


def test_from_settings_rejects_a_missing_key():
    settings = load_sync_settings(overrides={"LASTFM_API_KEY": ""})

    with pytest.raises(LastfmUserError) as caught:
        LastfmClient.from_settings(settings)

    assert caught.value.message.startswith("LASTFM_API_KEY is missing")


# Seed artists for discovery playlists: an unknown seed must raise, never
# return another seed's data.


def test_unknown_seed_artist_raises_not_found(shared_dir):
    body = shared_body(
        shared_dir, "artist.getSimilar__lastfmdocs__error6_artist_not_found.json"
    )
    client, delays = make_client({("artist.getSimilar", "*"): [response(200, body)]})

    with pytest.raises(LastfmNotFoundError) as caught:
        client.similar_artists("AlphaBlondy")

    assert caught.value.message == (
        "Last.fm has no data for 'AlphaBlondy' (error 6 The artist you supplied "
        "could not be found): check the spelling of the name"
    )
    assert delays == []
    assert client.calls["artist.getSimilar"] == 1


def test_seed_without_similar_artists_raises_not_found():
    body = {"similarartists": {"artist": [], "@attr": {"artist": "AlphaBlondy"}}}
    client, _delays = make_client({("artist.getSimilar", "*"): [response(200, body)]})

    with pytest.raises(
        LastfmNotFoundError, match="no similar artists for 'AlphaBlondy'"
    ):
        client.similar_artists("AlphaBlondy")


def test_similar_artists_returns_real_matches(shared_dir):
    body = shared_body(shared_dir, "artist.getSimilar__lastfmdocs__metallica.json")
    client, _delays = make_client({("artist.getSimilar", "*"): [response(200, body)]})

    artists = client.similar_artists("Metallica", limit=3)

    assert artists[0].match == 1.0
    assert [a.match for a in artists] == sorted(
        (a.match for a in artists), reverse=True
    )
    assert client.session.sent[0]["params"]["autocorrect"] == "1"
    assert client.session.sent[0]["params"]["limit"] == "3"


def test_top_tags_of_artist_and_track(shared_dir):
    track_body = shared_body(
        shared_dir, "track.getTopTags__lastfmdocs__acdc_hells_bells.json"
    )
    artist_body = shared_body(
        shared_dir, "artist.getTopTags__lastfmdocs__audioslave.json"
    )
    client, _delays = make_client(
        {
            ("track.getTopTags", "*"): [response(200, track_body)],
            ("artist.getTopTags", "*"): [response(200, artist_body)],
        }
    )

    track_tags = client.top_tags("AC/DC", "Hells Bells")
    artist_tags = client.top_tags("Audioslave")

    assert len(track_tags) == 36
    assert len(artist_tags) == 26
    assert client.session.sent[0]["params"]["track"] == "Hells Bells"
    assert "track" not in client.session.sent[1]["params"]


def test_clients_of_one_key_share_a_rate_limiter():
    first = LastfmClient(API_URL, API_KEY)
    second = LastfmClient(API_URL, API_KEY)
    other = LastfmClient(API_URL, "f" * 32)

    assert first.rate_limiter is second.rate_limiter
    assert first.rate_limiter is not other.rate_limiter


def test_every_attempt_takes_a_rate_limit_token():
    clock = [0.0]
    waits: list[float] = []
    limiter = RateLimiter(5, 1, clock=lambda: clock[0], sleep=waits.append)
    script = {
        ("user.getInfo", "*"): [
            response(503, b""),
            response(200, {"user": {"name": "alice"}}),
        ]
    }
    client = LastfmClient(
        API_URL,
        API_KEY,
        session=ScriptedSession(script),
        sleep=lambda _delay: None,
        rate_limiter=limiter,
    )

    client.user_info("alice")

    assert waits == [pytest.approx(0.2)]


def test_invalid_api_url_is_a_user_error():
    client = LastfmClient(
        "ws.audioscrobbler.com/2.0/",
        API_KEY,
        sleep=lambda _delay: None,
        rate_limiter=RateLimiter(burst=10),
    )

    with pytest.raises(LastfmUserError) as caught:
        client.user_info("alice")

    assert caught.value.message.startswith(
        "LASTFM_API_URL='ws.audioscrobbler.com/2.0/' is invalid"
    )
    assert API_KEY not in caught.value.message
    assert client.calls == {"user.getInfo": 1}
