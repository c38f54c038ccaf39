"""LastfmClient and fetch_recent against the Last.fm emulator over HTTP."""

import json
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sync.lastfm.client import LastfmClient
from sync.lastfm.errors import (
    LastfmNotFoundError,
    LastfmRateLimitedError,
    LastfmTransientError,
    LastfmUserError,
)
from sync.lastfm.fetch import fetch_recent
from sync.lastfm.ratelimit import RateLimiter
from sync.tracks import Scrobble
from tests.support.histories import history_path, load_history, shift_to_now
from tests.support.lastfm_emulator import LastfmEmulator

KEY = "a" * 32
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def history(count: int) -> list[Scrobble]:
    return [
        Scrobble(
            f"Artist {n % 7}", f"Song {n}", "Album", NOW - timedelta(minutes=3 * n)
        )
        for n in range(count)
    ]


def client_for(emu: LastfmEmulator, key: str = KEY, **kwargs) -> LastfmClient:
    delays: list[float] = []
    client = LastfmClient(
        emu.url,
        key,
        sleep=delays.append,
        rng=random.Random(1),
        timeout=5,
        rate_limiter=RateLimiter(burst=10_000),
        **kwargs,
    )
    client.delays = delays
    return client


def test_it_pages_through_a_history_over_one_connection():
    scrobbles = history(45)
    with LastfmEmulator(scrobbles, user="alice", api_key=KEY) as emu:
        client = client_for(emu)

        state = fetch_recent(
            client,
            "alice",
            want_unique=1000,
            max_raw=0,
            max_consecutive_empty=3,
            page_size=10,
        )

        assert emu.url.endswith("/2.0/")
        assert emu.url.startswith("http://127.0.0.1:")
        assert state.scrobbles == [
            Scrobble(s.artist, s.title, s.album, s.played_at.replace(microsecond=0))
            for s in scrobbles
        ]
        assert state.total_pages == 5
        assert state.exhausted is True
        assert emu.requests == {"user.getRecentTracks": 5}
        assert client.calls == {"user.getRecentTracks": 5}
        assert emu.connections == 1


def test_paging_attributes_match_last_fm():
    with LastfmEmulator(history(5), user="alice", api_key=KEY) as emu:
        body = requests.get(
            emu.url,
            params={
                "method": "user.getRecentTracks",
                "user": "alice",
                "api_key": KEY,
                "format": "json",
                "limit": "2",
                "page": "3",
            },
            timeout=5,
        ).json()

    attributes = body["recenttracks"]["@attr"]
    assert attributes == {
        "user": "alice",
        "page": "3",
        "perPage": "2",
        "totalPages": "3",
        "total": "5",
    }
    # The last page contains one track, which Last.fm sends as an object.
    assert isinstance(body["recenttracks"]["track"], dict)
    assert body["recenttracks"]["track"]["name"] == "Song 4"
    assert body["recenttracks"]["track"]["date"]["uts"].isdigit()


def test_now_playing_row_is_skipped():
    with LastfmEmulator(history(3), user="alice", api_key=KEY) as emu:
        emu.now_playing = Scrobble("Artist A", "Now Song")
        client = client_for(emu)

        page = client.recent_tracks_page("alice", 1, limit=3)
        state = fetch_recent(
            client, "alice", want_unique=3, max_raw=0, max_consecutive_empty=3
        )

    assert page.now_playing == Scrobble("Artist A", "Now Song")
    assert state.now_playing == Scrobble("Artist A", "Now Song")
    assert [s.title for s in page.scrobbles] == ["Song 0", "Song 1", "Song 2"]
    assert [s.title for s in state.scrobbles] == ["Song 0", "Song 1", "Song 2"]


def test_from_and_to_select_a_window():
    scrobbles = history(10)
    start = int(scrobbles[6].played_at.timestamp())
    end = int(scrobbles[2].played_at.timestamp())
    with LastfmEmulator(scrobbles, user="alice", api_key=KEY) as emu:
        page = client_for(emu).recent_tracks_page("alice", 1, from_ts=start, to_ts=end)

    assert [s.title for s in page.scrobbles] == [
        "Song 2",
        "Song 3",
        "Song 4",
        "Song 5",
        "Song 6",
    ]
    assert page.total == 5


def test_wrong_api_key_stops_with_error_10():
    with LastfmEmulator(history(3), user="alice", api_key=KEY) as emu:
        client = client_for(emu, key="b" * 32)

        with pytest.raises(LastfmUserError) as caught:
            client.recent_tracks_page("alice", 1)

        assert emu.requests == {"user.getRecentTracks": 1}
    assert caught.value.code == 10
    assert caught.value.status == 403
    assert "LASTFM_API_KEY" in caught.value.message
    assert "b" * 32 not in caught.value.message
    assert client.delays == []


def test_unknown_user_is_error_6_with_404():
    with LastfmEmulator(history(3), user="alice", api_key=KEY) as emu:
        with pytest.raises(LastfmNotFoundError) as caught:
            client_for(emu).recent_tracks_page("bob", 1)

    assert caught.value.code == 6
    assert caught.value.status == 404
    assert "LASTFM_USER" in caught.value.message


def test_error_bodies_match_the_real_ones(shared_dir):
    api_dir = shared_dir / "data" / "lastfm-api"
    not_found = json.loads(
        (
            api_dir / "user.getInfo__lastfmdocs__error6_user_not_found_404.json"
        ).read_text()
    )
    bad_key = json.loads(
        (api_dir / "error10__duhnnie__invalid_api_key.json").read_text()
    )
    with LastfmEmulator(history(1), user="alice", api_key=KEY) as emu:
        base = {"method": "user.getInfo", "format": "json"}
        user_reply = requests.get(
            emu.url, params={**base, "user": "bob", "api_key": KEY}, timeout=5
        )
        key_reply = requests.get(
            emu.url, params={**base, "user": "alice", "api_key": "x"}, timeout=5
        )

    assert user_reply.status_code == 404
    assert user_reply.json() == not_found
    assert {k: key_reply.json()[k] for k in ("error", "message")} == bad_key


def test_rate_limit_is_retried_then_served():
    """Two error-29 responses, then the page: no scrobble is lost."""
    with LastfmEmulator(history(600), user="alice", api_key=KEY) as emu:
        client = client_for(emu)
        emu.fail("user.getRecentTracks", 29, times=1)
        emu.fail("user.getRecentTracks", 29, times=1, status=200)

        state = fetch_recent(
            client, "alice", want_unique=1000, max_raw=0, max_consecutive_empty=3
        )

        assert emu.requests == {"user.getRecentTracks": 5}
    assert state.raw_count == 600
    assert len({s.title for s in state.scrobbles}) == 600
    assert len(client.delays) == 2
    assert client.delays[0] >= 2.0
    assert client.delays[1] >= 4.0


def test_rate_limit_that_persists_raises():
    with LastfmEmulator(history(5), user="alice", api_key=KEY) as emu:
        client = client_for(emu, max_retries=2)
        emu.fail("user.getRecentTracks", 29, times=5)

        with pytest.raises(LastfmRateLimitedError):
            client.recent_tracks_page("alice", 1)

        assert emu.requests == {"user.getRecentTracks": 3}


@pytest.mark.parametrize("failure", [500, 503, "invalid-json", 8, 11, 16])
def test_temporary_failures_are_retried(failure):
    with LastfmEmulator(history(5), user="alice", api_key=KEY) as emu:
        client = client_for(emu)
        emu.fail("user.getRecentTracks", failure, times=2)

        page = client.recent_tracks_page("alice", 1)

        assert emu.requests == {"user.getRecentTracks": 3}
    assert len(page.scrobbles) == 5
    assert len(client.delays) == 2


def test_server_errors_after_retries_raise_transient():
    with LastfmEmulator(history(5), user="alice", api_key=KEY) as emu:
        client = client_for(emu, max_retries=1)
        emu.fail("user.getRecentTracks", 503, times=2, retry_after=3)

        with pytest.raises(LastfmTransientError) as caught:
            client.recent_tracks_page("alice", 1)

    assert caught.value.status == 503
    assert client.delays == [3.0]


def test_unreachable_server_is_transient():
    with LastfmEmulator(history(1), user="alice", api_key=KEY) as emu:
        url = emu.url
    client = LastfmClient(
        url,
        KEY,
        max_retries=1,
        sleep=lambda _delay: None,
        timeout=2,
        rate_limiter=RateLimiter(burst=10),
    )

    with pytest.raises(LastfmTransientError) as caught:
        client.user_info("alice")

    assert KEY not in caught.value.message
    assert client.calls == {"user.getInfo": 2}


def test_appended_scrobbles_come_first():
    with LastfmEmulator(history(5), user="alice", api_key=KEY) as emu:
        client = client_for(emu)
        emu.append([Scrobble("New", "Fresh", "", NOW + timedelta(minutes=1))])

        page = client.recent_tracks_page("alice", 1)

    assert [s.title for s in page.scrobbles][:2] == ["Fresh", "Song 0"]
    assert page.total == 6


def test_html_entities_are_unescaped():
    scrobbles = [Scrobble("Simon & Garfunkel", "Mrs. Robinson <Live>", "", NOW)]
    with LastfmEmulator(
        scrobbles, user="alice", api_key=KEY, escape_entities=True
    ) as emu:
        raw = requests.get(
            emu.url,
            params={
                "method": "user.getRecentTracks",
                "user": "alice",
                "api_key": KEY,
                "format": "json",
            },
            timeout=5,
        ).text
        page = client_for(emu).recent_tracks_page("alice", 1)

    assert "Simon &amp; Garfunkel" in raw
    assert page.scrobbles[0].artist == "Simon & Garfunkel"
    assert page.scrobbles[0].title == "Mrs. Robinson <Live>"


def test_user_info():
    with LastfmEmulator(history(4), user="alice", api_key=KEY) as emu:
        info = client_for(emu).user_info("Alice")

    assert info["name"] == "alice"
    assert info["playcount"] == "4"


def test_seed_artists_for_discovery():
    """Unknown seeds raise, and a one-character name is sent UTF-8 encoded."""
    with LastfmEmulator([], user="alice", api_key=KEY) as emu:
        emu.similar = {
            "Known Artist": [("S1", 1.0), ("S2", 0.8), ("S3", 0.6)],
            "Ø": [("S4", 1.0), ("S5", 0.5)],
        }
        client = client_for(emu)

        with pytest.raises(LastfmNotFoundError):
            client.similar_artists("AlphaBlondy")
        known = client.similar_artists("Known Artist")
        single = client.similar_artists("Ø")

        queries = list(emu.queries)
        assert emu.requests == {"artist.getSimilar": 3}

    assert [(a.name, a.match) for a in known] == [("S1", 1.0), ("S2", 0.8), ("S3", 0.6)]
    assert [a.name for a in single] == ["S4", "S5"]
    assert "artist=%C3%98" in queries[2]
    assert client.delays == []


def test_top_tags_single_tag():
    with LastfmEmulator([], user="alice", api_key=KEY) as emu:
        emu.tags = {"Seed": [("shoegaze", 100)]}
        tags = client_for(emu).top_tags("Seed")

    assert [(t.name, t.count) for t in tags] == [("shoegaze", 100)]


def test_concurrent_requests_are_all_counted():
    with LastfmEmulator(history(50), user="alice", api_key=KEY) as emu:
        errors: list[BaseException] = []

        def read_pages() -> None:
            client = client_for(emu)
            try:
                for page in range(1, 6):
                    client.recent_tracks_page("alice", page, limit=10)
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)

        threads = [threading.Thread(target=read_pages) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert emu.requests == {"user.getRecentTracks": 40}


@pytest.mark.slow
def test_real_history_with_undated_rows(shared_dir):
    scrobbles = shift_to_now(load_history(history_path(shared_dir, "krishkumar")), NOW)
    with LastfmEmulator(scrobbles, user="alice", api_key=KEY) as emu:
        client = client_for(emu)

        first = fetch_recent(
            client, "alice", want_unique=100, max_raw=2000, max_consecutive_empty=3
        )
        first_pages = first.pages_fetched
        first_unique = len(first.unique_keys)
        everything = fetch_recent(
            client,
            "alice",
            want_unique=10**6,
            max_raw=0,
            max_consecutive_empty=10**3,
            state=first,
        )

        assert emu.requests["user.getRecentTracks"] == 88
    assert first_pages == 1
    assert first_unique >= 100
    assert everything.raw_count == 17503
    assert sum(1 for s in everything.scrobbles if s.played_at is None) == 643
    assert everything.scrobbles[0].played_at == NOW - timedelta(minutes=5)
    assert everything.exhausted is True
