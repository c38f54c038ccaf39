"""Paging and stop rules of fetch_recent, over a fake client."""

from datetime import UTC, datetime, timedelta

import pytest

from sync.lastfm.errors import LastfmRateLimitedError
from sync.lastfm.fetch import FetchState, fetch_recent
from sync.lastfm.parsing import RecentTracksPage
from sync.tracks import Scrobble

START = datetime(2024, 4, 7, 15, 30, tzinfo=UTC)


def scrobble(title: str, minutes_ago: int, artist: str = "Artist") -> Scrobble:
    return Scrobble(
        artist=artist, title=title, played_at=START - timedelta(minutes=minutes_ago)
    )


class PagedClient:
    """Serve fixed pages like LastfmClient.recent_tracks_page and log calls."""

    def __init__(
        self,
        pages: list[list[Scrobble]],
        now_playing: Scrobble | None = None,
        failures: dict[int, Exception] | None = None,
    ) -> None:
        self.pages = pages
        self.now_playing = now_playing
        self.failures = failures or {}
        self.requested: list[tuple[int, int]] = []

    def recent_tracks_page(
        self, user: str, page: int, *, limit: int = 200
    ) -> RecentTracksPage:
        self.requested.append((page, limit))
        if page in self.failures:
            raise self.failures.pop(page)
        rows = self.pages[page - 1] if page <= len(self.pages) else []
        return RecentTracksPage(
            scrobbles=list(rows),
            page=page,
            total_pages=len(self.pages),
            total=sum(len(p) for p in self.pages),
            per_page=limit,
            now_playing=self.now_playing if page == 1 else None,
        )


def fetch(client: PagedClient, **kwargs) -> FetchState:
    options = {"want_unique": 100, "max_raw": 0, "max_consecutive_empty": 3}
    options.update(kwargs)
    return fetch_recent(client, "alice", **options)


def test_now_playing_does_not_eat_a_slot():
    """The now-playing row is skipped and the next page fills its slot."""
    client = PagedClient(
        pages=[
            [scrobble("Song B", 0), scrobble("Song C", 63)],
            [scrobble("Song D", 126), scrobble("Song E", 130), scrobble("Song F", 140)],
        ],
        now_playing=Scrobble(artist="Artist A", title="Now Song"),
    )

    state = fetch(client, want_unique=3, page_size=3)

    assert [s.title for s in state.scrobbles[:3]] == ["Song B", "Song C", "Song D"]
    assert all(s.title != "Now Song" for s in state.scrobbles)
    assert all(s.played_at is not None for s in state.scrobbles)
    assert client.requested == [(1, 3), (2, 3)]


def test_it_stops_at_want_unique():
    pages = [
        [scrobble(f"Song {p}-{n}", p * 10 + n) for n in range(5)] for p in range(4)
    ]
    client = PagedClient(pages)

    state = fetch(client, want_unique=7)

    assert state.pages_fetched == 2
    assert state.raw_count == 10
    assert len(state.unique_keys) == 10
    assert state.next_page == 3
    assert state.exhausted is False


def test_repeats_do_not_count_as_unique():
    pages = [
        [scrobble("Loop", 1), scrobble("Loop", 2), scrobble("Other", 3)],
        [scrobble("Loop", 4), scrobble("Third", 5), scrobble("Fourth", 6)],
    ]
    client = PagedClient(pages)

    state = fetch(client, want_unique=3)

    assert state.pages_fetched == 2
    assert state.raw_count == 6
    assert state.unique_keys == {
        "artist|loop",
        "artist|other",
        "artist|third",
        "artist|fourth",
    }


def test_it_stops_at_max_raw_mid_page():
    pages = [
        [scrobble(f"Song {p}-{n}", p * 10 + n) for n in range(5)] for p in range(3)
    ]
    client = PagedClient(pages)

    state = fetch(client, want_unique=100, max_raw=7)

    assert state.raw_count == 7
    assert len(state.scrobbles) == 7
    assert state.scrobbles[-1].title == "Song 1-1"
    assert state.pages_fetched == 2


def test_max_raw_zero_means_no_limit():
    pages = [
        [scrobble(f"Song {p}-{n}", p * 10 + n) for n in range(5)] for p in range(3)
    ]
    client = PagedClient(pages)

    state = fetch(client, want_unique=1000, max_raw=0)

    assert state.raw_count == 15
    assert state.exhausted is True
    assert client.requested == [(1, 200), (2, 200), (3, 200)]


def test_it_stops_after_consecutive_pages_without_new_tracks():
    loop_pages = [[scrobble("Loop", p * 10 + n) for n in range(3)] for p in range(1, 6)]
    pages = [[scrobble("First", 0)], *loop_pages, [scrobble("Never read", 99)]]
    client = PagedClient(pages)

    state = fetch(client, want_unique=100, max_consecutive_empty=2)

    # Page 2 adds "Loop"; pages 3 and 4 add nothing, so paging stops.
    assert state.pages_fetched == 4
    assert state.next_page == 5
    assert state.exhausted is False
    assert "artist|never read" not in state.unique_keys


def test_it_stops_at_the_last_page():
    client = PagedClient([[scrobble("Only", 0)]])

    state = fetch(client)

    assert state.exhausted is True
    assert state.total_pages == 1
    assert client.requested == [(1, 200)]


def test_empty_history_is_not_an_error():
    client = PagedClient([])

    state = fetch(client)

    assert state.scrobbles == []
    assert state.exhausted is True
    assert state.pages_fetched == 1


def test_exhausted_state_fetches_nothing():
    client = PagedClient([[scrobble("Only", 0)]])
    state = fetch(client)

    again = fetch(client, state=state, want_unique=50)

    assert again is state
    assert client.requested == [(1, 200)]


def test_backfill_continues_where_it_stopped():
    pages = [
        [scrobble(f"Song {p}-{n}", p * 10 + n) for n in range(5)] for p in range(4)
    ]
    client = PagedClient(pages)
    state = fetch(client, want_unique=5)

    deeper = fetch(client, state=state, want_unique=12)

    assert client.requested == [(1, 200), (2, 200), (3, 200)]
    assert deeper.raw_count == 15
    assert len({s.title for s in deeper.scrobbles}) == 15
    assert deeper.scrobbles[0].title == "Song 0-0"


def test_failure_keeps_the_resume_point():
    pages = [
        [scrobble(f"Song {p}-{n}", p * 10 + n) for n in range(2)] for p in range(3)
    ]
    client = PagedClient(
        pages, failures={2: LastfmRateLimitedError("rate limited", code=29)}
    )
    state = FetchState()

    with pytest.raises(LastfmRateLimitedError):
        fetch(client, state=state)
    resumed = fetch(client, state=state)

    assert client.requested == [(1, 200), (2, 200), (2, 200), (3, 200)]
    assert resumed.raw_count == 6
    assert [s.title for s in resumed.scrobbles] == [
        "Song 0-0",
        "Song 0-1",
        "Song 1-0",
        "Song 1-1",
        "Song 2-0",
        "Song 2-1",
    ]


def test_undated_scrobbles_are_kept():
    undated = Scrobble(artist="Artist", title="No date")
    client = PagedClient([[scrobble("Dated", 0), undated]])

    state = fetch(client)

    assert state.scrobbles[1] == undated
    assert state.raw_count == 2
