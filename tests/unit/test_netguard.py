"""The SSRF guard for webhooks: which resolved addresses pass, and pinning.

Name resolution is stubbed everywhere; the only connections go to a receiver
on 127.0.0.1.
"""

import ipaddress
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sync import netguard


class Receiver:
    """An HTTP server on 127.0.0.1 that records every request."""

    def __init__(self, status: int = 200, headers: dict[str, str] | None = None):
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def stub_resolver(*answers: str):
    """Return a resolver that returns ``answers`` and records its calls."""
    calls: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append((host, port))
        return list(answers)

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.10", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "not globally routable"),
        ("93.184.216.34", ""),
        ("2606:4700::1111", ""),
    ],
)
def test_blocked_reason_by_address(address: str, reason: str) -> None:
    assert netguard.blocked_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1"])
def test_it_rejects_private_addresses_when_not_allowed(address: str) -> None:
    resolver = stub_resolver(address)

    with pytest.raises(netguard.BlockedDestination) as raised:
        netguard.resolve_destination(
            "https://hooks.example.test/notify", allow_private=False, resolver=resolver
        )

    message = str(raised.value)
    assert f"hooks.example.test resolves to {address}" in message
    assert "WEBHOOK_ALLOW_PRIVATE=true" in message
    assert resolver.calls == [("hooks.example.test", 443)]


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1"])
def test_it_accepts_private_addresses_when_allowed(address: str) -> None:
    host, port, pinned = netguard.resolve_destination(
        "http://hooks.example.test:8080/x",
        allow_private=True,
        resolver=stub_resolver(address),
    )

    assert (host, port, pinned) == ("hooks.example.test", 8080, address)


def test_it_accepts_a_public_address() -> None:
    destination = netguard.resolve_destination(
        "https://hooks.example.test/x",
        allow_private=False,
        resolver=stub_resolver("93.184.216.34"),
    )

    assert destination == ("hooks.example.test", 443, "93.184.216.34")


def test_it_rejects_any_private_answer() -> None:
    resolver = stub_resolver("93.184.216.34", "10.0.0.1")

    with pytest.raises(netguard.BlockedDestination, match="10.0.0.1, a private"):
        netguard.resolve_destination(
            "https://hooks.example.test/", allow_private=False, resolver=resolver
        )


def test_it_rejects_a_literal_metadata_address() -> None:
    # A literal IP goes through the same resolver, so it is checked too.
    with pytest.raises(netguard.BlockedDestination, match="link-local"):
        netguard.resolve_destination(
            "http://169.254.169.254/latest/meta-data",
            allow_private=False,
            resolver=stub_resolver("169.254.169.254"),
        )


def test_it_rejects_an_empty_resolution() -> None:
    with pytest.raises(netguard.BlockedDestination, match="did not resolve"):
        netguard.resolve_destination(
            "https://hooks.example.test/",
            allow_private=True,
            resolver=stub_resolver(),
        )


def test_it_reports_a_resolver_failure() -> None:
    def failing(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(netguard.BlockedDestination) as raised:
        netguard.resolve_destination(
            "https://nowhere.example.test/", allow_private=False, resolver=failing
        )

    assert str(raised.value) == (
        "could not resolve nowhere.example.test: Name or service not known"
    )


@pytest.mark.parametrize(
    "url", ["ftp://hooks.example.test/x", "file:///etc/passwd", "gopher://a/"]
)
def test_it_rejects_other_schemes(url: str) -> None:
    with pytest.raises(netguard.BlockedDestination, match="not an http"):
        netguard.resolve_destination(
            url, allow_private=True, resolver=stub_resolver("93.184.216.34")
        )


def test_redact_url_keeps_scheme_and_host() -> None:
    url = "https://user:pw@discord.com:8443/api/webhooks/123/SECRET?token=abc"

    assert netguard.redact_url(url) == "https://discord.com:8443/…"


def test_post_json_connects_to_the_checked_address(receiver: Receiver) -> None:
    resolver = stub_resolver("127.0.0.1")
    url = f"http://hooks.example.test:{receiver.port}/notify?channel=7"

    response = netguard.post_json(
        url, {"status": "success"}, allow_private=True, resolver=resolver
    )

    assert response.status == 200
    assert response.address == "127.0.0.1"
    assert resolver.calls == [("hooks.example.test", receiver.port)]
    [request] = receiver.requests
    assert request["path"] == "/notify?channel=7"
    assert request["headers"]["Host"] == f"hooks.example.test:{receiver.port}"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {"status": "success"}


def test_post_json_resolves_only_once() -> None:
    # The second result would point at the metadata service. It is never
    # requested, because the request uses the first, checked result.
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    server = Receiver()
    try:
        netguard.post_json(
            f"http://rebind.example.test:{server.port}/",
            {},
            allow_private=True,
            resolver=rebinding,
        )
    finally:
        server.close()

    assert calls == ["rebind.example.test"]
    assert len(server.requests) == 1


def test_post_json_sends_basic_auth(receiver: Receiver) -> None:
    netguard.post_json(
        f"http://alice:s%3Acret@hooks.example.test:{receiver.port}/",
        {},
        allow_private=True,
        resolver=stub_resolver("127.0.0.1"),
    )

    # base64 of "alice:s:cret"
    assert receiver.requests[0]["headers"]["Authorization"] == "Basic YWxpY2U6czpjcmV0"


def test_post_json_does_not_follow_redirects() -> None:
    server = Receiver(status=302, headers={"Location": "http://169.254.169.254/"})
    try:
        response = netguard.post_json(
            f"http://hooks.example.test:{server.port}/",
            {},
            allow_private=True,
            resolver=stub_resolver("127.0.0.1"),
        )
    finally:
        server.close()

    assert response.status == 302
    assert len(server.requests) == 1


def test_post_json_refuses_before_connecting() -> None:
    with pytest.raises(netguard.BlockedDestination):
        netguard.post_json(
            "http://hooks.example.test:9/",
            {},
            allow_private=False,
            resolver=stub_resolver("127.0.0.1"),
        )
