"""Outbound requests to user-supplied URLs, guarded against SSRF.

A webhook URL comes from the user, so a request to it could reach services
that only the server can see (a cloud metadata endpoint, a router, the app
itself). `post_json()` resolves the host once, rejects private, loopback,
link-local, reserved and multicast addresses unless the caller allows them,
and then connects to the address it checked. The host name is still sent in
the Host header and used for TLS SNI and certificate checks, so a DNS answer
that changes between the check and the connection (DNS rebinding) cannot move
the request elsewhere.
"""

import base64
import ipaddress
import json
import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import certifi
import urllib3

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A resolver takes a host and port and returns address strings. Tests pass
# a stub, so they never query DNS.
Resolver = Callable[[str, int], list[str]]


class BlockedDestination(Exception):
    """The URL is unusable or resolves to an address that is not allowed."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    address: str


def redact_url(url: str) -> str:
    """Return scheme, host and port only: paths and queries often hold tokens."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the operating system's resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    return addresses


def blocked_reason(address: IPAddress) -> str:
    """Return why ``address`` is not a public destination, or ""."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return blocked_reason(address.ipv4_mapped)
    # The order matters: 127.0.0.1 is also "private", 169.254.x.x also.
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    )
    for reason, matched in checks:
        if matched:
            return reason
    if not address.is_global:
        return "not globally routable"
    return ""


def check_addresses(
    host: str, addresses: Iterable[str], *, allow_private: bool
) -> list[str]:
    """Return the addresses to use, or raise BlockedDestination.

    Every address must pass, not only the first: a resolver may order them
    differently on the next call.
    """
    checked: list[str] = []
    for text in addresses:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise BlockedDestination(
                f"{host} resolved to {text!r}, which is not an IP address"
            ) from None
        reason = blocked_reason(address)
        if reason and not allow_private:
            raise BlockedDestination(
                f"{host} resolves to {address}, a {reason} address. Webhooks to "
                "such addresses are rejected; set WEBHOOK_ALLOW_PRIVATE=true if "
                "the receiver runs on your own network."
            )
        checked.append(str(address))
    if not checked:
        raise BlockedDestination(f"{host} did not resolve to any address")
    return checked


def resolve_destination(
    url: str, *, allow_private: bool, resolver: Resolver = system_resolver
) -> tuple[str, int, str]:
    """Check ``url`` and return (host, port, pinned address)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise BlockedDestination(f"{redact_url(url)} is not an http:// or https:// URL")
    host = parts.hostname
    if not host:
        raise BlockedDestination("the URL has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BlockedDestination(f"{host} has an invalid port number") from None
    try:
        addresses = resolver(host, port)
    except OSError as error:
        raise BlockedDestination(f"could not resolve {host}: {error}") from error
    checked = check_addresses(host, addresses, allow_private=allow_private)
    return host, port, checked[0]


def _pool(
    scheme: str, host: str, port: int, address: str, timeout: float
) -> urllib3.HTTPConnectionPool:
    pool_timeout = urllib3.Timeout(connect=timeout, read=timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=pool_timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(
        address, port, timeout=pool_timeout, retries=False
    )


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    allow_private: bool,
    timeout: float = DEFAULT_TIMEOUT,
    resolver: Resolver = system_resolver,
) -> Response:
    """POST ``payload`` as JSON to the checked, pinned address of ``url``.

    Redirects are not followed, because the next location would bypass the
    check. Raises BlockedDestination, or urllib3.exceptions.HTTPError when
    the connection fails or times out.
    """
    parts = urlsplit(url)
    host, port, address = resolve_destination(
        url, allow_private=allow_private, resolver=resolver
    )
    default_port = 443 if parts.scheme == "https" else 80
    host_header = f"[{host}]" if ":" in host else host
    if port != default_port:
        host_header = f"{host_header}:{port}"
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"

    body = json.dumps(payload).encode("utf-8")
    headers = {
        "Host": host_header,
        "Content-Type": "application/json",
        "User-Agent": "ytmt-webhook",
    }
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        token = base64.b64encode(credentials.encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    logger.debug("POST %s via %s", redact_url(url), address)
    with _pool(parts.scheme, host, port, address, timeout) as pool:
        reply = pool.urlopen(
            "POST",
            target,
            body=body,
            headers=headers,
            redirect=False,
            assert_same_host=False,
        )
    return Response(status=reply.status, body=reply.data, address=address)
