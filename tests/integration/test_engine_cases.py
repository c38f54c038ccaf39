"""The engine on small hand-made histories: failures, duplicates, dry runs."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sync.models import ManagedPlaylist, SearchCacheEntry, SyncRun
from sync.tracks import Scrobble, track_key
from tests.support import ytmusic_fake
from tests.support.lastfm_emulator import LastfmEmulator
from tests.support.ytmusic_fake import FakeServer

pytestmark = pytest.mark.django_db

API_KEY = "0123456789abcdef0123456789abcdef"
NOW = datetime.now(UTC).replace(microsecond=0)


def plays(*pairs: tuple[str, str]) -> list[Scrobble]:
    """One scrobble per (artist, title), newest first, a minute apart."""
    return [
        Scrobble(artist, title, "", NOW - timedelta(minutes=5 + index))
        for index, (artist, title) in enumerate(pairs)
    ]


def run_sync(*args: str) -> str:
    out = StringIO()
    call_command("runsync", *args, "--no-progress-bar", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def lastfm(write_env):
    def start(scrobbles: list[Scrobble], **env: object) -> LastfmEmulator:
        emulator = LastfmEmulator(scrobbles, user="alice", api_key=API_KEY)
        emulator.start()
        started.append(emulator)
        write_env(
            LASTFM_USER="alice",
            LASTFM_API_KEY=API_KEY,
            LASTFM_API_URL=emulator.url,
            USE_RECENCY_WEIGHTING="false",
            SLEEP_BETWEEN_SEARCHES=0,
            WEEKLY_ENABLED="false",
            **env,
        )
        return emulator

    started: list[LastfmEmulator] = []
    yield start
    for emulator in started:
        emulator.stop()


def cache_match(artist: str, title: str, video_id: str) -> None:
    SearchCacheEntry.objects.create(
        key=track_key(artist, title),
        artist=artist,
        title=title,
        video_id=video_id,
        yt_title=title,
        yt_artists=artist,
        score=0.95,
    )


def test_sync_skips_a_broken_track(
    lastfm,
    fake_ytmusic: FakeServer,
    monkeypatch,
) -> None:
    """One track's search error leaves a partial run, not an empty playlist."""
    tracks = [
        ("Aurora Vale", "Glass Harbour"),
        ("Brisk Lantern", "Copper Meadow"),
        ("Cinder Oak", "Hollow Engine"),
        ("Dune Parade", "Silver Orchard"),
        ("Ember Quay", "Paper Thunder"),
        ("Fable North", "Velvet Static"),
    ]
    ids = [
        "t1aaaaaaaaa",
        "t2aaaaaaaaa",
        "t3aaaaaaaaa",
        "t4aaaaaaaaa",
        "",
        "t6aaaaaaaaa",
    ]
    for (artist, title), video_id in zip(tracks, ids, strict=True):
        if video_id:
            fake_ytmusic.add_song(video_id, title, artist)
    for index in (0, 1, 3, 5):
        cache_match(*tracks[index], ids[index])
    fake_ytmusic.add_song("old7aaaaaaa", "Forgotten Tune", "Old Band")
    previous = fake_ytmusic.add_playlist(
        "Last.fm Recents (auto)",
        ["t1aaaaaaaaa", "t2aaaaaaaaa", "t4aaaaaaaaa", "old7aaaaaaa"],
    )
    ManagedPlaylist.objects.create(
        role="main", name="Last.fm Recents (auto)", playlist_id=previous.playlist_id
    )
    original_search = ytmusic_fake.FakeYTMusic.search

    def failing_search(self, query: str, *args, **kwargs):
        if "Hollow Engine" in query:
            raise KeyError("artists")
        return original_search(self, query, *args, **kwargs)

    monkeypatch.setattr(ytmusic_fake.FakeYTMusic, "search", failing_search)
    lastfm(plays(*tracks), LIMIT=6)

    run_sync()

    assert fake_ytmusic.playlist(previous.playlist_id).video_ids == [
        "t1aaaaaaaaa",
        "t2aaaaaaaaa",
        "t4aaaaaaaaa",
        "t6aaaaaaaaa",
    ]
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.PARTIAL
    by_title = {row["title"]: row for row in run.report["tracks"]}
    assert by_title["Hollow Engine"]["status"] == "error"
    assert "KeyError('artists')" in by_title["Hollow Engine"]["reason"]
    assert by_title["Paper Thunder"]["status"] == "not_found"
    # The errored track is not cached, so the next run searches it again.
    assert not SearchCacheEntry.objects.filter(
        key=track_key("Cinder Oak", "Hollow Engine")
    ).exists()


def test_sync_keeps_match_on_search_error(
    lastfm,
    fake_ytmusic: FakeServer,
    monkeypatch,
) -> None:
    fake_ytmusic.add_song("keptaaaaaaa", "Hollow Engine", "Cinder Oak")
    playlist = fake_ytmusic.add_playlist("Last.fm Recents (auto)", ["keptaaaaaaa"])
    ManagedPlaylist.objects.create(
        role="main", name="Last.fm Recents (auto)", playlist_id=playlist.playlist_id
    )
    cache_match("Cinder Oak", "Hollow Engine", "keptaaaaaaa")
    SearchCacheEntry.objects.update(updated_at=NOW - timedelta(days=90))

    def failing_search(self, query: str, *args, **kwargs):
        raise KeyError("artists")

    monkeypatch.setattr(ytmusic_fake.FakeYTMusic, "search", failing_search)
    lastfm(plays(("Cinder Oak", "Hollow Engine")), LIMIT=1)

    run_sync()

    assert fake_ytmusic.playlist(playlist.playlist_id).video_ids == ["keptaaaaaaa"]
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.SUCCESS
    assert run.report["tracks"][0]["warning"].startswith("search failed")


def test_report_counts_duplicates_and_misses(
    lastfm,
    fake_ytmusic: FakeServer,
) -> None:
    """Totals add up and name every track left out."""
    tracks = [
        ("Harbor Lights", "First Signal"),
        ("Nowhere Choir", "Unreleased Demo Tape"),
        ("Harbor Lights", "Third Wave"),
        ("Harbor Lights", "Song X"),
        ("Band", "Song Y"),
        ("Harbor Lights", "Sixth Sense"),
        ("Harbor Lights", "Song X - 2011 Remaster"),
        ("Phantom Group", "Never Pressed Single"),
        ("The Band", "Song Y"),
        ("Harbor Lights", "Tenth Hour"),
    ]
    fake_ytmusic.add_song("vid1aaaaaaa", "First Signal", "Harbor Lights")
    fake_ytmusic.add_song("vid3aaaaaaa", "Third Wave", "Harbor Lights")
    fake_ytmusic.add_song("vidXaaaaaaa", "Song X", "Harbor Lights")
    fake_ytmusic.add_song("vidYaaaaaaa", "Song Y", "The Band")
    fake_ytmusic.add_song("vid6aaaaaaa", "Sixth Sense", "Harbor Lights")
    fake_ytmusic.add_song("vid10aaaaaa", "Tenth Hour", "Harbor Lights")
    lastfm(plays(*tracks), LIMIT=10)

    run_sync()

    run = SyncRun.objects.get()
    totals = run.report["totals"]
    assert totals == {
        "source": 10,
        "added": 6,
        "unmatched": 2,
        "blacklisted": 0,
        "merged_duplicates": 2,
        "failed": 0,
    }
    merged = {
        row["title"]: row["merged_into"]
        for row in run.report["tracks"]
        if row["status"] == "duplicate"
    }
    assert merged == {
        "Song X - 2011 Remaster": "Harbor Lights - Song X",
        "Song Y": "Band - Song Y",
    }
    row = ManagedPlaylist.objects.get(role="main")
    assert len(fake_ytmusic.playlist(row.playlist_id).video_ids) == 6


def test_dry_run_writes_nothing(
    lastfm,
    fake_ytmusic: FakeServer,
) -> None:
    fake_ytmusic.add_song("newaaaaaaaa", "Bright Circuit", "Lumen Drive")
    fake_ytmusic.add_song("oldaaaaaaaa", "Dim Circuit", "Lumen Drive")
    playlist = fake_ytmusic.add_playlist("Last.fm Recents (auto)", ["oldaaaaaaaa"])
    ManagedPlaylist.objects.create(
        role="main", name="Last.fm Recents (auto)", playlist_id=playlist.playlist_id
    )
    lastfm(plays(("Lumen Drive", "Bright Circuit")), LIMIT=1)
    fake_ytmusic.reset_counts()

    output = run_sync("--dry-run")

    assert fake_ytmusic.writes() == 0
    assert "add: 1" in output
    assert "Lumen Drive - Bright Circuit" in output
    assert "remove: 1" in output
    assert fake_ytmusic.playlist(playlist.playlist_id).video_ids == ["oldaaaaaaaa"]
    assert SyncRun.objects.get().dry_run is True


def test_backfill_reads_older_scrobbles(
    lastfm,
    fake_ytmusic: FakeServer,
) -> None:
    """Backfill: misses at the top are replaced from older scrobbles."""
    recent = [(f"Ghost Act {n}", f"Missing Piece {n}") for n in range(200)]
    older = [(f"Real Act {n}", f"Found Piece {n}") for n in range(30)]
    for index, (artist, title) in enumerate(older):
        fake_ytmusic.add_song(f"found{index:06d}", title, artist)
    emulator = lastfm(plays(*recent, *older), LIMIT=10, BACKFILL_PASSES=2)

    run_sync()

    row = ManagedPlaylist.objects.get(role="main")
    assert fake_ytmusic.playlist(row.playlist_id).video_ids == [
        f"found{index:06d}" for index in range(10)
    ]
    assert emulator.requests["user.getRecentTracks"] == 2


def test_bad_setting_stops_before_calls(
    lastfm,
    fake_ytmusic: FakeServer,
    isolated_home: Path,
) -> None:
    emulator = lastfm(plays(("A", "B")), LIMIT="lots")

    with pytest.raises(CommandError) as raised:
        run_sync()

    assert raised.value.returncode == 2
    assert "LIMIT='lots'" in str(raised.value)
    assert sum(emulator.requests.values()) == 0
    assert sum(fake_ytmusic.calls.values()) == 0


def test_rejected_video_is_replaced(lastfm, fake_ytmusic: FakeServer) -> None:
    """A cached id that became unavailable is searched again and replaced."""
    fake_ytmusic.add_song("goneaaaaaaa", "Crystal Bay", "Nova Tide", available=False)
    fake_ytmusic.add_song("liveaaaaaaa", "Crystal Bay", "Nova Tide")
    cache_match("Nova Tide", "Crystal Bay", "goneaaaaaaa")
    lastfm(plays(("Nova Tide", "Crystal Bay")), LIMIT=1)

    run_sync()

    row = ManagedPlaylist.objects.get(role="main")
    assert fake_ytmusic.playlist(row.playlist_id).video_ids == ["liveaaaaaaa"]
    assert row.entries[0]["video_id"] == "liveaaaaaaa"
    entry = SearchCacheEntry.objects.get(key=track_key("Nova Tide", "Crystal Bay"))
    assert entry.video_id == "liveaaaaaaa"
    assert SyncRun.objects.get().status == SyncRun.Status.SUCCESS


def test_rejected_video_without_replacement(lastfm, fake_ytmusic: FakeServer) -> None:
    fake_ytmusic.add_song("keepaaaaaaa", "Morning Rail", "Nova Tide")
    fake_ytmusic.add_song("goneaaaaaaa", "Crystal Bay", "Nova Tide", available=False)
    cache_match("Nova Tide", "Morning Rail", "keepaaaaaaa")
    cache_match("Nova Tide", "Crystal Bay", "goneaaaaaaa")
    lastfm(plays(("Nova Tide", "Morning Rail"), ("Nova Tide", "Crystal Bay")), LIMIT=2)

    output = run_sync()

    row = ManagedPlaylist.objects.get(role="main")
    assert fake_ytmusic.playlist(row.playlist_id).video_ids == ["keepaaaaaaa"]
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.PARTIAL
    statuses = {r["title"]: r["status"] for r in run.report["tracks"]}
    assert statuses == {"Morning Rail": "added", "Crystal Bay": "invalid"}
    assert run.report["totals"]["failed"] == 1
    assert "left out: Nova Tide - Crystal Bay" in output


class ClosedPipe:
    def write(self, text: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_closed_output_pipe_is_ignored(lastfm, fake_ytmusic: FakeServer) -> None:
    from sync import runs

    fake_ytmusic.add_song("pipeaaaaaaa", "Open Line", "Signal Path")
    lastfm(plays(("Signal Path", "Open Line")), LIMIT=1)

    result = runs.start_run("cli", stream=ClosedPipe())

    assert result.exit_code == 0
    assert result.run.status == SyncRun.Status.SUCCESS
    assert result.run.lines.count() > 3
