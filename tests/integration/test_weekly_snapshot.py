"""Weekly snapshots cover the user's local week that just ended."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from sync.models import ManagedPlaylist
from sync.tracks import Scrobble
from sync.weekly_snapshot import last_completed_week
from tests.support.lastfm_emulator import LastfmEmulator
from tests.support.ytmusic_fake import FakeServer

SINGAPORE = ZoneInfo("Asia/Singapore")
BERLIN = ZoneInfo("Europe/Berlin")
API_KEY = "0123456789abcdef0123456789abcdef"


def test_window_is_previous_local_week() -> None:
    now = datetime(2024, 4, 8, 0, 30, tzinfo=SINGAPORE)

    window = last_completed_week(now, "MON", "Asia/Singapore")

    assert window.first_day.isoformat() == "2024-04-01"
    assert int(window.start.timestamp()) == 1711900800
    assert int(window.end.timestamp()) == 1712505600
    assert window.label == "2024-W14"


def test_window_spans_clock_change() -> None:
    now = datetime(2024, 4, 2, 12, 0, tzinfo=BERLIN)

    window = last_completed_week(now, "MON", "Europe/Berlin")

    assert window.first_day.isoformat() == "2024-03-25"
    assert window.end - window.start == timedelta(hours=167)
    assert window.label == "2024-W13"


def test_window_starts_on_sunday() -> None:
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    window = last_completed_week(now, "SUN", "UTC")

    assert window.first_day.isoformat() == "2026-11-22"
    assert window.first_day.weekday() == 6


@pytest.mark.django_db
def test_snapshot_has_that_weeks_plays(fake_ytmusic: FakeServer, write_env) -> None:
    plays = {
        1711900200: ("Before Week", "Sunday Night"),
        1711901100: ("In Week", "Monday Morning"),
        1712503800: ("In Week", "Sunday Late"),
        1712506200: ("After Week", "Next Monday"),
    }
    scrobbles = []
    for uts, (artist, title) in plays.items():
        fake_ytmusic.add_song(f"{title[:6]:_<6}{uts % 100000:05d}", title, artist)
        scrobbles.append(
            Scrobble(artist, title, "", datetime.fromtimestamp(uts, tz=UTC))
        )

    with LastfmEmulator(scrobbles, user="alice", api_key=API_KEY) as emulator:
        write_env(
            LASTFM_USER="alice",
            LASTFM_API_KEY=API_KEY,
            LASTFM_API_URL=emulator.url,
            TIMEZONE="Asia/Singapore",
            SLEEP_BETWEEN_SEARCHES=0,
            LIMIT=10,
        )
        with time_machine.travel(datetime(2024, 4, 8, 0, 30, tzinfo=SINGAPORE)):
            call_command("runsync", "--no-progress-bar", stdout=StringIO())
        row = ManagedPlaylist.objects.get(role="weekly:2024-04-01")
        titles = [
            fake_ytmusic.songs[video_id].title
            for video_id in fake_ytmusic.playlist(row.playlist_id).video_ids
        ]
        creates = fake_ytmusic.calls["create_playlist"]

        with time_machine.travel(datetime(2024, 4, 8, 9, 0, tzinfo=SINGAPORE)):
            call_command("runsync", "--no-progress-bar", stdout=StringIO())

    assert row.name == "Last.fm Recents week of 2024-04-01"
    assert sorted(titles) == ["Monday Morning", "Sunday Late"]
    assert fake_ytmusic.calls["create_playlist"] == creates
    assert ManagedPlaylist.objects.filter(role__startswith="weekly:").count() == 1
