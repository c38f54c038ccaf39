"""Notifications after a sync: Apprise targets and a generic webhook.

`sync.runs.execute()` calls `notify_run_finished()` once a run is recorded.
A failed delivery is logged and never changes the run. The
Settings page calls `send_test()` to try a channel with a sample message.
"""

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import apprise
import urllib3
from django.utils import timezone

from sync import netguard
from sync.conf import ConfigError, SyncSettings, load_sync_settings
from sync.models import SyncRun

logger = logging.getLogger(__name__)

MAX_ERROR_CHARS = 500
# Statuses that count as "error" for APPRISE_EVENTS and WEBHOOK_EVENTS.
ERROR_STATUSES = {
    SyncRun.Status.FAILED,
    SyncRun.Status.PARTIAL,
    SyncRun.Status.INTERRUPTED,
}
DISCORD_HOSTS = {
    "discord.com",
    "discordapp.com",
    "ptb.discord.com",
    "canary.discord.com",
}
# Embed colours: green, amber, red.
DISCORD_COLOURS = {"success": 0x2E9D58, "partial": 0xE8A33D}
DISCORD_ERROR_COLOUR = 0xD0463B


@dataclass(frozen=True)
class Delivery:
    """The outcome of sending to one channel, shown on the Settings page."""

    channel: str  # "apprise" or "webhook"
    ok: bool
    message: str


def wants(events: str, status: str) -> bool:
    """Return whether a channel set to ``events`` sends for ``status``."""
    return events == "all" or status in ERROR_STATUSES


def enabled_apprise_urls(urls: tuple[str, ...]) -> list[str]:
    """Drop the entries disabled with a leading "!"."""
    return [url for url in urls if url and not url.startswith("!")]


def notify_run_finished(run: SyncRun) -> list[Delivery]:
    """Send the configured notifications for a finished run."""
    try:
        settings = load_sync_settings()
    except ConfigError as error:
        logger.warning("run %s: notifications skipped: %s", run.pk, error)
        return []

    payload = build_payload(run)
    deliveries: list[Delivery] = []
    if enabled_apprise_urls(settings.apprise_urls) and wants(
        settings.apprise_events, run.status
    ):
        deliveries.append(send_apprise(settings, payload))
    if settings.webhook_url and wants(settings.webhook_events, run.status):
        deliveries.append(send_webhook(settings, payload))

    for delivery in deliveries:
        if delivery.ok:
            logger.info("run %s: %s", run.pk, delivery.message)
        else:
            logger.warning("run %s: %s", run.pk, delivery.message)
    return deliveries


def send_test(kind: str) -> Delivery:
    """Send a sample message through one channel ("apprise" or "webhook")."""
    if kind not in {"apprise", "webhook"}:
        raise ValueError(
            f"unknown notification channel {kind!r}: use apprise or webhook"
        )
    try:
        settings = load_sync_settings()
    except ConfigError as error:
        return Delivery(kind, False, str(error))

    payload = sample_payload()
    if kind == "apprise":
        if not enabled_apprise_urls(settings.apprise_urls):
            return Delivery(
                kind, False, "APPRISE_URLS has no enabled URL; add one in Settings."
            )
        return send_apprise(settings, payload)
    if not settings.webhook_url:
        return Delivery(kind, False, "WEBHOOK_URL is empty; set it in Settings.")
    return send_webhook(settings, payload)


def build_payload(run: SyncRun) -> dict[str, Any]:
    """Return the webhook body for ``run``: one flat JSON object."""
    counts = run.counts or {}
    finished = run.finished_at or timezone.now()
    error = run.error or ""
    if len(error) > MAX_ERROR_CHARS:
        error = error[: MAX_ERROR_CHARS - 1] + "…"
    api_calls = run.api_calls or {}
    return {
        "event": "sync_finished",
        "run_id": run.pk,
        "status": run.status,
        "sync_type": run.kind,
        "trigger": run.trigger,
        "dry_run": run.dry_run,
        "time": finished.isoformat(),
        "started_at": run.started_at.isoformat(),
        "duration_seconds": round((finished - run.started_at).total_seconds(), 1),
        "tracks_resolved": counts.get("resolved", 0),
        "tracks_missed": counts.get("not_found", 0),
        "tracks_total": counts.get("total", 0),
        "cache_hits": counts.get("cache_hits", 0),
        "cache_misses": counts.get("cache_misses", 0),
        "searches": counts.get("searches", 0),
        "api_calls": sum(_numbers(api_calls)),
        "playlist_url": run.playlist_url or "",
        "error": error,
        "hint": run.hint or "",
    }


def sample_payload() -> dict[str, Any]:
    """Return a payload shaped like a real one, marked as a test."""
    now = timezone.now()
    return {
        "event": "test",
        "run_id": None,
        "status": "test",
        "sync_type": "main",
        "trigger": "web",
        "dry_run": True,
        "time": now.isoformat(),
        "started_at": now.isoformat(),
        "duration_seconds": 0.0,
        "tracks_resolved": 0,
        "tracks_missed": 0,
        "tracks_total": 0,
        "cache_hits": 0,
        "cache_misses": 0,
        "searches": 0,
        "api_calls": 0,
        "playlist_url": "",
        "error": "",
        "hint": "",
    }


def _numbers(values: dict[str, Any]) -> list[int]:
    return [value for value in values.values() if isinstance(value, int)]


def summary_title(payload: dict[str, Any]) -> str:
    if payload["status"] == "test":
        return "ytmt: test notification"
    return f"ytmt: {payload['sync_type']} sync {payload['status']}"


def summary_body(payload: dict[str, Any]) -> str:
    """Return a short plain-text report of a payload."""
    if payload["status"] == "test":
        return "Notifications from ytmt reach this channel."
    lines = [
        f"Tracks: {payload['tracks_resolved']} resolved, "
        f"{payload['tracks_missed']} missed, {payload['tracks_total']} total",
        f"Cache: {payload['cache_hits']} hits, {payload['cache_misses']} misses, "
        f"{payload['searches']} searches",
        f"Duration: {payload['duration_seconds']:.0f} s",
    ]
    if payload["playlist_url"]:
        lines.append(f"Playlist: {payload['playlist_url']}")
    if payload["error"]:
        lines.append(f"Error: {payload['error']}")
    if payload["hint"]:
        lines.append(f"What to do: {payload['hint']}")
    return "\n".join(lines)


def _notify_type(status: str) -> str:
    if status in {"success", "test"}:
        return apprise.NotifyType.SUCCESS
    if status in {"partial", "cancelled"}:
        return apprise.NotifyType.WARNING
    return apprise.NotifyType.FAILURE


def send_apprise(settings: SyncSettings, payload: dict[str, Any]) -> Delivery:
    """Send ``payload`` to every enabled APPRISE_URLS entry."""
    client = apprise.Apprise()
    rejected: list[str] = []
    for position, url in enumerate(settings.apprise_urls, start=1):
        if url.startswith("!"):
            continue
        if not client.add(url):
            scheme = url.split("://", 1)[0] if "://" in url else url[:12]
            rejected.append(f"entry {position} ({scheme}://…)")
    if rejected:
        return Delivery(
            "apprise",
            False,
            "APPRISE_URLS has entries Apprise does not recognise: "
            + ", ".join(rejected)
            + ". Check them against the Apprise URL formats.",
        )

    sent = client.notify(
        title=summary_title(payload),
        body=summary_body(payload),
        notify_type=_notify_type(payload["status"]),
    )
    targets = len(client)
    if not sent:
        names = ", ".join(service.url(privacy=True) for service in client)
        return Delivery(
            "apprise",
            False,
            f"Apprise could not deliver to at least one of {targets} target(s): "
            f"{names}. The server log has the details.",
        )
    return Delivery("apprise", True, f"Apprise delivered to {targets} target(s).")


def is_discord(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.hostname or "") in DISCORD_HOSTS and parts.path.startswith(
        "/api/webhooks/"
    )


def discord_body(payload: dict[str, Any]) -> dict[str, Any]:
    """Wrap ``payload`` in the embed format Discord webhooks expect."""
    colour = DISCORD_COLOURS.get(payload["status"], DISCORD_ERROR_COLOUR)
    if payload["status"] == "test":
        colour = DISCORD_COLOURS["success"]
    fields = [
        {"name": "Resolved", "value": str(payload["tracks_resolved"]), "inline": True},
        {"name": "Missed", "value": str(payload["tracks_missed"]), "inline": True},
        {"name": "Total", "value": str(payload["tracks_total"]), "inline": True},
        {
            "name": "Cache",
            "value": f"{payload['cache_hits']} hits / {payload['cache_misses']} misses",
            "inline": True,
        },
        {"name": "Searches", "value": str(payload["searches"]), "inline": True},
        {
            "name": "Duration",
            "value": f"{payload['duration_seconds']:.0f} s",
            "inline": True,
        },
    ]
    embed: dict[str, Any] = {
        "title": summary_title(payload),
        "color": colour,
        "timestamp": payload["time"],
        "fields": fields,
    }
    if payload["error"]:
        embed["description"] = payload["error"]
    if payload["playlist_url"]:
        embed["url"] = payload["playlist_url"]
    return {"username": "ytmt", "embeds": [embed]}


def send_webhook(
    settings: SyncSettings,
    payload: dict[str, Any],
    *,
    resolver: netguard.Resolver = netguard.system_resolver,
) -> Delivery:
    """POST ``payload`` to WEBHOOK_URL through the SSRF guard."""
    url = settings.webhook_url
    redacted = netguard.redact_url(url)
    body = discord_body(payload) if is_discord(url) else payload
    try:
        response = netguard.post_json(
            url,
            body,
            allow_private=settings.webhook_allow_private,
            resolver=resolver,
        )
    except netguard.BlockedDestination as error:
        return Delivery("webhook", False, f"Webhook not sent to {redacted}: {error}")
    except urllib3.exceptions.HTTPError as error:
        return Delivery(
            "webhook",
            False,
            f"Webhook to {redacted} failed: {type(error).__name__}. Check that the "
            "receiver is up and reachable from this server.",
        )
    if response.status >= 400:
        return Delivery(
            "webhook",
            False,
            f"Webhook to {redacted} returned HTTP {response.status}; check the URL "
            "and what the receiver expects.",
        )
    return Delivery(
        "webhook", True, f"Webhook delivered to {redacted} (HTTP {response.status})."
    )
