"""Notifications after a run: webhook and Apprise, delivered to 127.0.0.1."""

import json
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from sync import notifications
from sync.models import SyncRun

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                receiver.requests.append(
                    {"path": self.path, "body": json.loads(self.rfile.read(length))}
                )
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def make_run(**fields: object) -> SyncRun:
    started = timezone.now() - timedelta(seconds=42)
    values: dict[str, object] = {
        "trigger": SyncRun.Trigger.SCHEDULED,
        "kind": SyncRun.Kind.MAIN,
        "status": SyncRun.Status.SUCCESS,
        "started_at": started,
        "finished_at": started + timedelta(seconds=42),
        "counts": {
            "ranked": 120,
            "resolved": 95,
            "not_found": 5,
            "blacklisted": 2,
            "total": 100,
            "cache_hits": 80,
            "cache_misses": 20,
            "searches": 31,
        },
        "api_calls": {"search": 31, "get_playlist": 2, "user.getRecentTracks": 4},
        "playlist_url": "https://music.youtube.com/playlist?list=PLabc",
    }
    values.update(fields)
    return SyncRun.objects.create(**values)


def test_payload_lists_the_run_figures() -> None:
    run = make_run()

    payload = notifications.build_payload(run)

    assert payload == {
        "event": "sync_finished",
        "run_id": run.pk,
        "status": "success",
        "sync_type": "main",
        "trigger": "scheduled",
        "dry_run": False,
        "time": run.finished_at.isoformat(),
        "started_at": run.started_at.isoformat(),
        "duration_seconds": 42.0,
        "tracks_resolved": 95,
        "tracks_missed": 5,
        "tracks_total": 100,
        "cache_hits": 80,
        "cache_misses": 20,
        "searches": 31,
        "api_calls": 37,
        "playlist_url": "https://music.youtube.com/playlist?list=PLabc",
        "error": "",
        "hint": "",
    }


def test_payload_truncates_the_error_to_500_characters() -> None:
    run = make_run(status=SyncRun.Status.FAILED, error="x" * 900)

    error = notifications.build_payload(run)["error"]

    assert len(error) == 500
    assert error.endswith("…")


@pytest.mark.parametrize(
    ("events", "status", "expected"),
    [
        ("all", "success", True),
        ("all", "cancelled", True),
        ("error", "success", False),
        ("error", "cancelled", False),
        ("error", "failed", True),
        ("error", "partial", True),
        ("error", "interrupted", True),
    ],
)
def test_wants_by_event_setting(events: str, status: str, expected: bool) -> None:
    assert notifications.wants(events, status) is expected


def test_disabled_apprise_urls_are_dropped() -> None:
    urls = ("json://a.example/", "!json://b.example/", "", "mailto://c")

    assert notifications.enabled_apprise_urls(urls) == [
        "json://a.example/",
        "mailto://c",
    ]


def test_webhook_to_allowed_private_receiver(write_env, receiver: Receiver) -> None:
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/hook/SECRET",
        WEBHOOK_EVENTS="all",
        WEBHOOK_ALLOW_PRIVATE="true",
    )
    run = make_run()

    [delivery] = notifications.notify_run_finished(run)

    assert delivery.ok is True
    assert delivery.message == (
        f"Webhook delivered to http://127.0.0.1:{receiver.port}/… (HTTP 200)."
    )
    [request] = receiver.requests
    assert request["path"] == "/hook/SECRET"
    assert request["body"] == notifications.build_payload(run)


def test_it_rejects_a_private_webhook_by_default(
    write_env, receiver: Receiver, caplog
) -> None:
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/hook/SECRET",
        WEBHOOK_EVENTS="all",
    )

    with caplog.at_level(logging.INFO, logger="sync"):
        [delivery] = notifications.notify_run_finished(make_run())

    assert delivery.ok is False
    assert "127.0.0.1, a loopback address" in delivery.message
    assert "WEBHOOK_ALLOW_PRIVATE=true" in delivery.message
    assert receiver.requests == []
    assert "SECRET" not in caplog.text
    assert "127.0.0.1, a loopback address" in caplog.text


def test_webhook_skips_success_on_error_events(write_env, receiver: Receiver) -> None:
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/",
        WEBHOOK_ALLOW_PRIVATE="true",
    )

    deliveries = notifications.notify_run_finished(make_run())

    assert deliveries == []
    assert receiver.requests == []


def test_webhook_sends_failure_on_error_events(write_env, receiver: Receiver) -> None:
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/",
        WEBHOOK_ALLOW_PRIVATE="true",
    )
    run = make_run(
        status=SyncRun.Status.FAILED, error="Last.fm said no", hint="Check the key."
    )

    [delivery] = notifications.notify_run_finished(run)

    assert delivery.ok is True
    body = receiver.requests[0]["body"]
    assert body["status"] == "failed"
    assert body["error"] == "Last.fm said no"
    assert body["hint"] == "Check the key."


def test_it_reports_a_webhook_http_error(write_env) -> None:
    server = Receiver(status=500)
    try:
        write_env(
            WEBHOOK_URL=f"http://127.0.0.1:{server.port}/x?token=SECRET",
            WEBHOOK_EVENTS="all",
            WEBHOOK_ALLOW_PRIVATE="true",
        )
        [delivery] = notifications.notify_run_finished(make_run())
    finally:
        server.close()

    assert delivery.ok is False
    assert delivery.message == (
        f"Webhook to http://127.0.0.1:{server.port}/… returned HTTP 500; check the "
        "URL and what the receiver expects."
    )


def test_it_reports_a_refused_webhook_connection(write_env) -> None:
    server = Receiver()
    port = server.port
    server.close()
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{port}/",
        WEBHOOK_EVENTS="all",
        WEBHOOK_ALLOW_PRIVATE="true",
    )

    [delivery] = notifications.notify_run_finished(make_run())

    assert delivery.ok is False
    assert delivery.message.startswith(f"Webhook to http://127.0.0.1:{port}/… failed:")


def test_discord_urls_get_an_embed(write_env, receiver: Receiver) -> None:
    settings_url = f"http://discord.com:{receiver.port}/api/webhooks/1/SECRET"
    write_env(WEBHOOK_URL=settings_url, WEBHOOK_ALLOW_PRIVATE="true")
    from sync.conf import load_sync_settings

    run = make_run(status=SyncRun.Status.FAILED, error="boom")
    payload = notifications.build_payload(run)

    delivery = notifications.send_webhook(
        load_sync_settings(), payload, resolver=lambda host, port: ["127.0.0.1"]
    )

    assert delivery.ok is True
    body = receiver.requests[0]["body"]
    assert body["username"] == "ytmt"
    [embed] = body["embeds"]
    assert embed["title"] == "ytmt: main sync failed"
    assert embed["description"] == "boom"
    assert embed["color"] == notifications.DISCORD_ERROR_COLOUR
    assert embed["url"] == "https://music.youtube.com/playlist?list=PLabc"
    assert {field["name"]: field["value"] for field in embed["fields"]} == {
        "Resolved": "95",
        "Missed": "5",
        "Total": "100",
        "Cache": "80 hits / 20 misses",
        "Searches": "31",
        "Duration": "42 s",
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://discord.com/api/webhooks/1/abc", True),
        ("https://discordapp.com/api/webhooks/1/abc", True),
        ("https://discord.com/channels/1", False),
        ("https://example.com/api/webhooks/1/abc", False),
    ],
)
def test_is_discord(url: str, expected: bool) -> None:
    assert notifications.is_discord(url) is expected


def test_it_sends_apprise_to_each_enabled_url(write_env) -> None:
    first, second, disabled = Receiver(), Receiver(), Receiver()
    try:
        write_env(
            APPRISE_URLS=(
                f"json://127.0.0.1:{first.port}/a, "
                f"!json://127.0.0.1:{disabled.port}/ "
                f"json://127.0.0.1:{second.port}/b"
            ),
            APPRISE_EVENTS="all",
        )
        [delivery] = notifications.notify_run_finished(make_run())
    finally:
        for server in (first, second, disabled):
            server.close()

    assert delivery.ok is True
    assert delivery.message == "Apprise delivered to 2 target(s)."
    assert disabled.requests == []
    [request] = first.requests
    assert request["path"] == "/a"
    assert request["body"]["title"] == "ytmt: main sync success"
    assert request["body"]["type"] == "success"
    assert "Tracks: 95 resolved, 5 missed, 100 total" in request["body"]["message"]
    assert len(second.requests) == 1


def test_apprise_skips_success_on_error_events(write_env, receiver: Receiver) -> None:
    write_env(APPRISE_URLS=f"json://127.0.0.1:{receiver.port}/")

    assert notifications.notify_run_finished(make_run()) == []
    assert receiver.requests == []


def test_it_marks_apprise_failures_as_failure_type(
    write_env, receiver: Receiver
) -> None:
    write_env(APPRISE_URLS=f"json://127.0.0.1:{receiver.port}/")
    run = make_run(status=SyncRun.Status.FAILED, error="cookies expired")

    [delivery] = notifications.notify_run_finished(run)

    assert delivery.ok is True
    body = receiver.requests[0]["body"]
    assert body["type"] == "failure"
    assert "Error: cookies expired" in body["message"]


def test_it_reports_an_unrecognised_apprise_url(write_env) -> None:
    write_env(APPRISE_URLS="nosuchscheme://token", APPRISE_EVENTS="all")

    [delivery] = notifications.notify_run_finished(make_run())

    assert delivery.ok is False
    assert delivery.message == (
        "APPRISE_URLS has entries Apprise does not recognise: entry 1 "
        "(nosuchscheme://…). Check them against the Apprise URL formats."
    )


def test_it_hides_apprise_secrets_when_delivery_fails(write_env) -> None:
    server = Receiver(status=500)
    try:
        write_env(
            APPRISE_URLS=f"json://user:TOPSECRET@127.0.0.1:{server.port}/",
            APPRISE_EVENTS="all",
        )
        [delivery] = notifications.notify_run_finished(make_run())
    finally:
        server.close()

    assert delivery.ok is False
    assert delivery.message.startswith(
        "Apprise could not deliver to at least one of 1 target(s): json://"
    )
    assert "TOPSECRET" not in delivery.message


def test_send_test_webhook_posts_a_sample(write_env, receiver: Receiver) -> None:
    write_env(
        WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/",
        WEBHOOK_ALLOW_PRIVATE="true",
    )

    delivery = notifications.send_test("webhook")

    assert delivery.ok is True
    assert receiver.requests[0]["body"]["status"] == "test"
    assert receiver.requests[0]["body"]["event"] == "test"


def test_send_test_apprise_posts_a_sample(write_env, receiver: Receiver) -> None:
    write_env(APPRISE_URLS=f"json://127.0.0.1:{receiver.port}/")

    delivery = notifications.send_test("apprise")

    assert delivery.ok is True
    assert receiver.requests[0]["body"]["title"] == "ytmt: test notification"


def test_send_test_without_webhook_url() -> None:
    delivery = notifications.send_test("webhook")

    assert delivery.ok is False
    assert delivery.message == "WEBHOOK_URL is empty; set it in Settings."


def test_send_test_without_apprise_urls(write_env) -> None:
    write_env(APPRISE_URLS="!json://127.0.0.1:9/")

    delivery = notifications.send_test("apprise")

    assert delivery.ok is False
    assert delivery.message == "APPRISE_URLS has no enabled URL; add one in Settings."


def test_send_test_rejects_an_unknown_channel() -> None:
    with pytest.raises(ValueError, match="unknown notification channel 'sms'"):
        notifications.send_test("sms")


def test_invalid_settings_skip_notifications(write_env) -> None:
    write_env(WEBHOOK_EVENTS="sometimes")

    assert notifications.notify_run_finished(make_run()) == []
