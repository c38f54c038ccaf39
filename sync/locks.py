"""Leases: named locks in the database, claimed with a conditional UPDATE.

A lease has a holder ("host:pid:token") and an expiry. A holder renews it
with a heartbeat. When the holder dies, the lease lapses at its expiry, or at
once when the holder ran on this host and its process has exited.
"""

import logging
import os
import socket
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sync.models import Lease

logger = logging.getLogger(__name__)

HOSTNAME = socket.gethostname()


def make_holder_id(label: str = "") -> str:
    """Return a holder id naming this host and process, unique per call."""
    suffix = f":{label}" if label else ""
    return f"{HOSTNAME}:{os.getpid()}:{uuid.uuid4().hex[:8]}{suffix}"


def holder_is_dead(holder: str) -> bool:
    """Return whether ``holder`` ran on this host in a process that has exited."""
    parts = holder.split(":")
    if len(parts) < 2 or parts[0] != HOSTNAME or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _ensure_row(name: str) -> None:
    if not Lease.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                Lease.objects.create(name=name)
        except IntegrityError:
            pass  # Another process created it first.


def try_acquire(
    name: str, holder: str, ttl: timedelta, info: dict | None = None
) -> bool:
    """Claim lease ``name`` for ``holder``; True when this call got it.

    Succeeds when the lease is free, expired, already ours, or held by a dead
    process on this host.
    """
    _ensure_row(name)
    now = timezone.now()
    claimable = Q(holder="") | Q(expires_at__lt=now) | Q(holder=holder)
    current = Lease.objects.filter(name=name).values_list("holder", flat=True).first()
    if current and holder_is_dead(current):
        claimable |= Q(holder=current)
    changed = (
        Lease.objects.filter(name=name)
        .filter(claimable)
        .update(
            holder=holder,
            acquired_at=now,
            heartbeat_at=now,
            expires_at=now + ttl,
            info=info or {},
        )
    )
    return changed == 1


def renew(name: str, holder: str, ttl: timedelta) -> bool:
    """Extend our lease; False when another holder took it meanwhile."""
    now = timezone.now()
    changed = Lease.objects.filter(name=name, holder=holder).update(
        heartbeat_at=now, expires_at=now + ttl
    )
    return changed == 1


def release(name: str, holder: str) -> None:
    Lease.objects.filter(name=name, holder=holder).update(
        holder="", expires_at=None, info={}
    )


def current(name: str) -> Lease | None:
    """Return the lease while someone holds it, else None."""
    lease = Lease.objects.filter(name=name).first()
    if lease is None or not lease.holder:
        return None
    if lease.expires_at and lease.expires_at < timezone.now():
        return None
    return lease
