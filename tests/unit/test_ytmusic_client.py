"""YTMusicGateway: error mapping, retries, write checks, factory loading."""

import json

import pytest
import requests
from ytmusicapi.exceptions import YTMusicServerError, YTMusicUserError

from sync.conf import ConfigError, load_sync_settings
from sync.ytmusic.client import (
    YTMusicGateway,
    backoff_delay,
    build_gateways,
    is_success,
    load_factory,
    map_exception,
)
from sync.ytmusic.errors import (
    AUTH_MESSAGE,
    YTMusicAuthError,
    YTMusicBadRequestError,
    YTMusicConflictError,
    YTMusicError,
    YTMusicNotFoundError,
    YTMusicTransientError,
    YTMusicWriteFailed,
)
from sync.ytmusic.ids import canonical_playlist_id, is_playlist_id
from tests.support import ytmusic_fake


def server_error(status: int, reason: str, message: str) -> YTMusicServerError:
    return YTMusicServerError(f"Server returned HTTP {status}: {reason}.\n{message}")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (server_error(401, "Unauthorized", "invalid credentials"), YTMusicAuthError),
        (server_error(403, "Forbidden", "Rate limit exceeded."), YTMusicTransientError),
        (
            server_error(403, "Forbidden", "The caller does not have permission"),
            YTMusicError,
        ),
        (server_error(409, "Conflict", "aborted"), YTMusicConflictError),
        (
            server_error(400, "Bad Request", "Precondition check failed."),
            YTMusicConflictError,
        ),
        (
            server_error(400, "Bad Request", "Request contains an invalid argument."),
            YTMusicBadRequestError,
        ),
        (
            server_error(404, "Not Found", "Requested entity was not found."),
            YTMusicNotFoundError,
        ),
        (server_error(429, "Too Many Requests", "exhausted"), YTMusicTransientError),
        (server_error(500, "Internal Server Error", "oops"), YTMusicTransientError),
        (server_error(503, "Service Unavailable", "later"), YTMusicTransientError),
        (json.JSONDecodeError("Expecting value", "<html>", 0), YTMusicTransientError),
        (requests.exceptions.ReadTimeout("timed out"), YTMusicTransientError),
        (requests.exceptions.ConnectionError("refused"), YTMusicTransientError),
        (
            YTMusicUserError(
                "Please provide authentication before using this function"
            ),
            YTMusicAuthError,
        ),
        (
            YTMusicUserError(
                "Your cookie is missing the required value __Secure-3PAPISID"
            ),
            YTMusicAuthError,
        ),
        (
            YTMusicUserError("Cannot remove songs, because setVideoId is missing."),
            YTMusicError,
        ),
    ],
)
def test_map_exception_classes(error, expected):
    assert type(map_exception(error)) is expected


def test_unknown_exceptions_are_not_swallowed():
    with pytest.raises(KeyError):
        map_exception(KeyError("contents"))


def test_auth_error_message_starts_with_fix():
    error = map_exception(server_error(401, "Unauthorized", "invalid credentials"))
    assert str(error) == f"{AUTH_MESSAGE} (Server returned HTTP 401: Unauthorized.)"
    assert error.status == 401


class ScriptedClient:
    """A client whose methods return or raise scripted outcomes in order."""

    def __init__(self, **outcomes):
        self.outcomes = {name: list(values) for name, values in outcomes.items()}

    def __getattr__(self, name):
        def call(*args, **kwargs):
            outcome = self.outcomes[name].pop(0)
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome

        return call


def gateway_for(client, retries=3):
    sleeps = []
    return YTMusicGateway(client, max_retries=retries, sleep=sleeps.append), sleeps


def test_transient_errors_retry_then_succeed():
    client = ScriptedClient(
        get_playlist=[server_error(503, "Service Unavailable", ""), {"tracks": []}]
    )
    gateway, sleeps = gateway_for(client)
    assert gateway.get_playlist("PLx") == {"tracks": []}
    assert gateway.calls["get_playlist"] == 2
    assert len(sleeps) == 1


def test_retries_are_bounded_by_max_retries():
    client = ScriptedClient(search=[server_error(500, "Internal", "")] * 3)
    gateway, sleeps = gateway_for(client, retries=2)
    with pytest.raises(YTMusicTransientError):
        gateway.search("query")
    assert gateway.calls["search"] == 3
    assert len(sleeps) == 2


def test_zero_retries_fails_on_first_error():
    client = ScriptedClient(search=[server_error(429, "Too Many Requests", "")])
    gateway, sleeps = gateway_for(client, retries=0)
    with pytest.raises(YTMusicTransientError):
        gateway.search("query")
    assert sleeps == []


def test_auth_error_is_never_retried():
    client = ScriptedClient(get_playlist=[server_error(401, "Unauthorized", "")])
    gateway, sleeps = gateway_for(client)
    with pytest.raises(YTMusicAuthError):
        gateway.get_playlist("PLx")
    assert gateway.calls["get_playlist"] == 1
    assert sleeps == []


def test_create_is_never_retried():
    client = ScriptedClient(create_playlist=[requests.exceptions.ReadTimeout("lost")])
    gateway, sleeps = gateway_for(client)
    with pytest.raises(YTMusicTransientError):
        gateway.create_playlist("Name", "Description")
    assert gateway.calls["create_playlist"] == 1
    assert sleeps == []


def test_create_returns_canonical_id():
    gateway, _ = gateway_for(ScriptedClient(create_playlist=["VLPLabc_-1"]))
    assert gateway.create_playlist("Name", "") == "PLabc_-1"


def test_create_with_response_dict_fails_without_braces():
    client = ScriptedClient(create_playlist=[{"responseContext": {"visitorData": "x"}}])
    gateway, _ = gateway_for(client)
    with pytest.raises(YTMusicError) as caught:
        gateway.create_playlist("Name", "")
    assert "{" not in str(caught.value)
    assert "responseContext" in str(caught.value)


@pytest.mark.parametrize(
    "response", ["STATUS_FAILED", {"status": "STATUS_FAILED"}, None, {}]
)
def test_writes_without_success_status_fail(response):
    gateway, _ = gateway_for(ScriptedClient(remove_playlist_items=[response]))
    with pytest.raises(
        YTMusicWriteFailed, match="remove_playlist_items did not succeed"
    ):
        gateway.remove_playlist_items("PLx", [{"videoId": "a", "setVideoId": "s"}])


def test_is_success_accepts_both_shapes():
    assert is_success("STATUS_SUCCEEDED") is True
    assert is_success({"status": "STATUS_SUCCEEDED", "playlistEditResults": []}) is True
    assert is_success("STATUS_FAILED") is False


def test_backoff_grows_with_jitter():
    for attempt in range(4):
        delay = backoff_delay(attempt)
        assert 2**attempt <= delay <= 1.5 * 2**attempt


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("PLMC-vWU9tmrc", True),
        ("VLPLaZPMsuQNCsWn0iVMtGbaUXO6z-EdZaZm", True),
        ("OLAK5uy_abc", True),
        ("RDCLAK5uy_abc", True),
        ({"playlistId": "PLx"}, False),
        ("not an id", False),
        ("", False),
    ],
)
def test_playlist_id_shapes(value, valid):
    assert is_playlist_id(value) is valid


def test_canonical_id_strips_vl():
    assert canonical_playlist_id("VLPLabc") == "PLabc"
    assert canonical_playlist_id("PLabc") == "PLabc"


def test_load_factory_imports_dotted_path():
    assert load_factory("tests.support.ytmusic_fake.factory") is ytmusic_fake.factory


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nosuchmodule.YTMusic", "could not be imported"),
        ("tests.support.ytmusic_fake.nothing", "has no callable 'nothing'"),
        ("YTMusic", "use a dotted path"),
    ],
)
def test_load_factory_errors_name_the_value(path, message):
    with pytest.raises(ConfigError, match=message) as caught:
        load_factory(path)
    assert caught.value.key == "YTMUSIC_CLIENT_FACTORY"
    assert caught.value.value == path


@pytest.fixture
def server(fake_ytmusic):
    return fake_ytmusic


def test_build_gateways_uses_anonymous_search_client(server, isolated_home):
    account, search = build_gateways(load_sync_settings())
    assert account is not search
    assert account.client.auth == str(isolated_home / "browser.json")
    assert search.client.auth is None


def test_build_gateways_shares_account_without_anon_search(server, write_env):
    write_env(USE_ANON_SEARCH="false", API_MAX_RETRIES=5)
    account, search = build_gateways(load_sync_settings())
    assert account is search
    assert account.max_retries == 5


def test_build_gateways_accepts_oauth_file(server, isolated_home, monkeypatch):
    (isolated_home / "oauth.json").write_text('{"access_token": "x"}', encoding="utf-8")
    monkeypatch.setenv("YTM_AUTH_PATH", "oauth.json")
    monkeypatch.setenv(
        "YTMUSIC_CLIENT_FACTORY", "tests.unit.test_ytmusic_client.plain_factory"
    )
    account, _ = build_gateways(load_sync_settings())
    assert account.client == {"auth": str(isolated_home / "oauth.json")}


def plain_factory(**kwargs):
    return kwargs


def test_browser_json_not_json_is_auth_error(server, isolated_home):
    (isolated_home / "browser.json").write_text("cookie: x", encoding="utf-8")
    with pytest.raises(YTMusicAuthError, match="not valid JSON"):
        build_gateways(load_sync_settings())
