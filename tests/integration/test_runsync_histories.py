"""`runsync` end to end over real listening histories.

Last.fm is the emulator (a real HTTP server on 127.0.0.1) serving a real
history shifted to end a few minutes ago; YouTube Music is the in-memory fake
plugged in through YTMUSIC_CLIENT_FACTORY, with a catalogue built from the
history: most songs as official uploads, some only as nightcore or live
re-uploads, some missing.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sync.models import ManagedPlaylist, SearchCacheEntry, SyncRun
from sync.tracks import Scrobble, track_key
from tests.support.catalogue import (
    availability,
    build_catalogue,
    expected_recent,
    video_id_for,
)
from tests.support.histories import load_history, shift_to_now
from tests.support.lastfm_emulator import LastfmEmulator
from tests.support.ytmusic_fake import FakeServer

pytestmark = pytest.mark.django_db

HISTORIES = [
    "krishkumar_lastfm_scrobbles.csv",
    "zsteve_metal_scrobbles.csv",
    "lastfm1k_sample_userid-timestamp-artid-artname-traid-traname.tsv",
]
API_KEY = "0123456789abcdef0123456789abcdef"


@dataclass
class Scenario:
    server: FakeServer
    emulator: LastfmEmulator
    scrobbles: list[Scrobble]
    env_path: Path

    def run(self, *args: str) -> str:
        out = StringIO()
        call_command(
            "runsync", *args, "--no-progress-bar", stdout=out, stderr=StringIO()
        )
        return out.getvalue()

    def main_playlist(self) -> list[str]:
        row = ManagedPlaylist.objects.get(role="main")
        return self.server.playlist(row.playlist_id).video_ids


@pytest.fixture(params=HISTORIES)
def scenario(request, shared_dir: Path, fake_ytmusic: FakeServer, write_env):
    path = shared_dir / "data" / "lastfm-scrobbles" / request.param
    now = datetime.now(UTC)
    scrobbles = shift_to_now(load_history(path), now)
    build_catalogue(fake_ytmusic, scrobbles)
    with LastfmEmulator(scrobbles, user="alice", api_key=API_KEY) as emulator:
        env_path = write_env(
            LASTFM_USER="alice",
            LASTFM_API_KEY=API_KEY,
            LASTFM_API_URL=emulator.url,
            LIMIT=40,
            USE_RECENCY_WEIGHTING="false",
            SLEEP_BETWEEN_SEARCHES=0,
            WEEKLY_ENABLED="false",
        )
        yield Scenario(fake_ytmusic, emulator, scrobbles, env_path)


@pytest.mark.slow
def test_runsync_builds_then_syncs(scenario: Scenario) -> None:
    server = scenario.server
    limit = 40
    expected = expected_recent(scenario.scrobbles, limit)
    if len(expected) < limit:
        limit = len(expected)

    output = scenario.run()

    assert scenario.main_playlist() == expected
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.SUCCESS
    assert "Playlist: https://music.youtube.com/playlist?list=" in output
    assert ManagedPlaylist.objects.get(role="main").track_count == limit
    # Only tracks that could still make the playlist were searched.
    searched = SearchCacheEntry.objects.count()
    assert searched <= run.counts["ranked"]

    # A second run with nothing new: no search and no write.
    server.reset_counts()
    scenario.run()
    assert server.calls["search"] == 0
    assert server.writes() == 0, server.call_log
    assert scenario.main_playlist() == expected

    # Twenty new plays of songs never heard before: only the difference.
    newest = max(s.played_at for s in scenario.scrobbles if s.played_at)
    fresh: list[Scrobble] = []
    number = 0
    while len(fresh) < 20:
        number += 1
        scrobble = Scrobble(
            artist=f"New Artist {number}",
            title=f"Fresh Song {number}",
            album="Fresh",
            played_at=newest + timedelta(seconds=60 * number),
        )
        if availability(scrobble.key) != "official":
            continue
        server.add_song(video_id_for(scrobble.key), scrobble.title, scrobble.artist)
        fresh.append(scrobble)
    scenario.emulator.append(fresh)
    server.reset_counts()

    scenario.run()

    new_ids = [video_id_for(s.key) for s in reversed(fresh)]
    after = expected_recent(list(reversed(fresh)) + scenario.scrobbles, limit)
    assert after[:20] == new_ids
    assert scenario.main_playlist() == after
    added = sum(
        len(call[0][1]) if len(call[0]) > 1 else len(call[1].get("videoIds", []))
        for call in server.calls_of("add_playlist_items")
    )
    assert added == 20
    assert server.calls["search"] == 20
    assert server.calls["create_playlist"] == 0
    assert server.calls["delete_playlist"] == 0


def test_runsync_skips_reuploads(scenario: Scenario) -> None:
    scenario.run()

    rows = ManagedPlaylist.objects.get(role="main").entries
    keys = [track_key(row["artist"], row["title"]) for row in rows]
    assert all(availability(key) == "official" for key in keys)
    unmatched = SearchCacheEntry.objects.filter(found=False)
    for entry in unmatched:
        assert availability(entry.key) != "official", entry.key


def test_malformed_overrides_keep_playlist(
    scenario: Scenario, isolated_home: Path
) -> None:
    scenario.run()
    before = scenario.main_playlist()
    (isolated_home / "config" / "search_overrides.json").write_text(
        '{\n  "_overrides": {\n    "a|b": {"video_id": "x"\n}\n', encoding="utf-8"
    )
    scenario.server.reset_counts()

    with pytest.raises(CommandError) as raised:
        scenario.run()

    assert raised.value.returncode == 2
    assert "search_overrides.json" in str(raised.value)
    assert "line" in str(raised.value)
    assert scenario.server.writes() == 0
    assert scenario.main_playlist() == before


def test_wrong_api_key_keeps_playlist(scenario: Scenario, write_env) -> None:
    scenario.run()
    before = scenario.main_playlist()
    write_env(
        LASTFM_USER="alice",
        LASTFM_API_KEY="f" * 32,
        LASTFM_API_URL=scenario.emulator.url,
        LIMIT=40,
        SLEEP_BETWEEN_SEARCHES=0,
    )
    scenario.server.reset_counts()

    with pytest.raises(CommandError) as raised:
        scenario.run()

    assert raised.value.returncode == 1
    assert "LASTFM_API_KEY" in str(raised.value)
    assert scenario.server.writes() == 0
    assert scenario.main_playlist() == before
    run = SyncRun.objects.latest("started_at")
    assert run.status == SyncRun.Status.FAILED
    assert run.hint
