"""Token-bucket limit on Last.fm requests, shared by every client of a key.

Last.fm's API terms ask for at most 5 requests per second per originating
IP address, averaged over 5 minutes. The bucket lets a sync read its first
pages at once and then slows to that rate, so parallel runs in one process
(a manual sync, the scheduler, the setup wizard) stay under it together.
The limit is per process: separate processes do not see each other.
"""

import threading
import time
from collections.abc import Callable

REQUESTS_PER_SECOND = 5.0
BURST = 50


class RateLimiter:
    """Block callers so requests never exceed `rate` a second after `burst`."""

    def __init__(
        self,
        rate: float = REQUESTS_PER_SECOND,
        burst: int = BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate={rate} and burst={burst} must be positive")
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until one is free; return the wait."""
        with self._lock:
            now = self.clock()
            elapsed = max(0.0, now - self._updated)
            self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
            self._updated = now
            self._tokens -= 1
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
        # Sleeping outside the lock lets other callers queue their tokens; the
        # debt taken above already reserves this caller's slot.
        if wait > 0:
            self.sleep(wait)
        return wait


_shared: dict[str, RateLimiter] = {}
_shared_lock = threading.Lock()


def limiter_for(api_key: str) -> RateLimiter:
    """Return the process-wide limiter of one API key."""
    with _shared_lock:
        limiter = _shared.get(api_key)
        if limiter is None:
            limiter = _shared[api_key] = RateLimiter()
        return limiter
