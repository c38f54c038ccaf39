"""Token bucket that keeps Last.fm requests under the API's rate."""

import threading

import pytest

from sync.lastfm.ratelimit import RateLimiter, limiter_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_burst_passes_without_waiting():
    clock = FakeClock()
    limiter = RateLimiter(5, 3, clock=clock, sleep=clock.sleep)

    waits = [limiter.acquire() for _ in range(3)]

    assert waits == [0.0, 0.0, 0.0]
    assert clock.waits == []


def test_requests_beyond_the_burst_wait_their_turn():
    clock = FakeClock()
    limiter = RateLimiter(5, 2, clock=clock, sleep=clock.sleep)

    waits = [limiter.acquire() for _ in range(5)]

    assert waits == pytest.approx([0.0, 0.0, 0.2, 0.4, 0.6])
    assert clock.waits == pytest.approx([0.2, 0.4, 0.6])


def test_tokens_refill_over_time_up_to_the_burst():
    clock = FakeClock()
    limiter = RateLimiter(5, 2, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()

    clock.now += 60
    waits = [limiter.acquire() for _ in range(3)]

    assert waits == pytest.approx([0.0, 0.0, 0.2])


def test_average_rate_stays_at_five_a_second():
    clock = FakeClock()
    limiter = RateLimiter(5, 1, clock=clock, sleep=clock.sleep)

    for _ in range(101):
        clock.now += limiter.acquire()

    assert clock.now - 100.0 == pytest.approx(20.0)


def test_threads_share_the_bucket():
    clock = FakeClock()
    limiter = RateLimiter(10, 4, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        wait = limiter.acquire()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(waits) == pytest.approx([0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4])


def test_limiter_for_returns_one_limiter_per_key():
    assert limiter_for("k" * 32) is limiter_for("k" * 32)
    assert limiter_for("k" * 32) is not limiter_for("j" * 32)


@pytest.mark.parametrize(("rate", "burst"), [(0, 5), (-1, 5), (5, 0)])
def test_invalid_rate_or_burst(rate, burst):
    with pytest.raises(ValueError, match="must be positive"):
        RateLimiter(rate, burst)
