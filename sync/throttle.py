"""Login throttling: lock an address or a user name after repeated failures.

Failures are kept in `StateValue` rows, so every gunicorn worker and the
`runscheduler` process see the same counts and a restart does not reset them.
After MAX_FAILURES failed sign-ins within LOCK_DURATION from one address, or
for one user name, that address or name is refused for LOCK_DURATION.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sync.models import StateValue

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


@dataclass(frozen=True)
class Lockout:
    """A refusal in force: which subject is locked and until when."""

    subject: str  # "address" or "user"
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(-(-seconds // 60)))


def client_address(request: HttpRequest) -> str:
    """Return the peer address of the request.

    NOTE: behind a reverse proxy this is the proxy's address, so the address
    lock then covers every client; the per-user lock still applies.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(address: str, username: str) -> dict[str, str]:
    # StateValue keys hold at most 80 characters; a digest keeps long user
    # names within that and keeps them out of the table.
    name = username.strip().lower()
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]
    keys = {"address": f"login-failures:address:{address}"[:80]}
    if name:
        keys["user"] = f"login-failures:user:{digest}"
    return keys


def _parse(value: object) -> tuple[list[datetime], datetime | None]:
    if not isinstance(value, dict):
        return [], None
    failures = [datetime.fromisoformat(stamp) for stamp in value.get("failures", [])]
    locked = value.get("locked_until")
    return failures, datetime.fromisoformat(locked) if locked else None


def active_lockout(address: str, username: str) -> Lockout | None:
    """Return the lock that refuses this address or user name, if any."""
    now = timezone.now()
    keys = _keys(address, username)
    rows = StateValue.objects.filter(key__in=keys.values())
    values = {row.key: row.value for row in rows}
    for subject, key in keys.items():
        _failures, locked_until = _parse(values.get(key))
        if locked_until is not None and locked_until > now:
            return Lockout(subject, locked_until)
    return None


def record_failure(address: str, username: str) -> Lockout | None:
    """Count a failed sign-in; return the lock it starts, if it starts one."""
    now = timezone.now()
    window_start = now - LOCK_DURATION
    started: Lockout | None = None
    with transaction.atomic():
        for subject, key in _keys(address, username).items():
            row, _created = StateValue.objects.select_for_update().get_or_create(
                key=key, defaults={"value": {}}
            )
            failures, locked_until = _parse(row.value)
            failures = [stamp for stamp in failures if stamp > window_start]
            failures.append(now)
            if len(failures) >= MAX_FAILURES:
                locked_until = now + LOCK_DURATION
                failures = []
                started = started or Lockout(subject, locked_until)
                logger.warning(
                    "Sign-in locked for %s after %s failures: %s %s",
                    LOCK_DURATION,
                    MAX_FAILURES,
                    subject,
                    address if subject == "address" else key,
                )
            row.value = {
                "failures": [stamp.isoformat() for stamp in failures],
                "locked_until": locked_until.isoformat() if locked_until else None,
            }
            row.save(update_fields=["value", "updated_at"])
    return started


def clear_failures(address: str, username: str) -> None:
    """Forget the failures of an address and user name after a good sign-in."""
    StateValue.objects.filter(key__in=_keys(address, username).values()).delete()
