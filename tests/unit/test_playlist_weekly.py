"""Weekly snapshots: the local week, naming, mirroring and pruning."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sync.conf import load_sync_settings
from sync.models import ManagedPlaylist
from sync.playlists.sync import DesiredTrack
from sync.playlists.weekly import sync_weekly, week_start_date
from sync.ytmusic.client import build_gateways

SINGAPORE = ZoneInfo("Asia/Singapore")


def test_week_start_uses_local_date_not_utc():
    # Monday 8 Apr 2024 00:30 in Singapore is still Sunday 16:30 in UTC.
    now = datetime(2024, 4, 8, 0, 30, tzinfo=SINGAPORE)
    assert week_start_date(now, "MON", "Asia/Singapore") == date(2024, 4, 8)
    assert week_start_date(now, "MON", "UTC") == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        (1711900200, date(2024, 3, 25)),  # Sun 31 Mar 23:50 local
        (1711901100, date(2024, 4, 1)),  # Mon 1 Apr 00:05 local
        (1712503800, date(2024, 4, 1)),  # Sun 7 Apr 23:30 local
        (1712506200, date(2024, 4, 8)),  # Mon 8 Apr 00:10 local
    ],
)
def test_scrobbles_fall_in_their_local_week(timestamp, expected):
    now = datetime.fromtimestamp(timestamp, UTC)
    assert week_start_date(now, "MON", "Asia/Singapore") == expected


def test_week_spanning_dst_change_keeps_its_start():
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2024, 3, 25, 0, 0, tzinfo=berlin)
    end = datetime(2024, 4, 1, 0, 0, tzinfo=berlin)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=167)
    last_minute = end.astimezone(UTC) - timedelta(minutes=1)
    assert week_start_date(last_minute, "MON", "Europe/Berlin") == date(2024, 3, 25)
    assert week_start_date(end.astimezone(UTC), "MON", "Europe/Berlin") == date(
        2024, 4, 1
    )


def test_week_start_day_setting_is_honoured():
    wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert week_start_date(wednesday, "SUN", "UTC") == date(2026, 11, 29)
    assert week_start_date(wednesday, "WED", "UTC") == date(2026, 12, 2)


def test_week_start_rejects_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        week_start_date(datetime(2026, 12, 2), "MON", "UTC")


@pytest.fixture
def server(fake_ytmusic):
    return fake_ytmusic


def tracks(server, count):
    return [
        DesiredTrack(video_id, "Artist", f"Song {video_id}", f"artist|song {video_id}")
        for video_id in server.add_songs(count)
    ]


def week_of(now: datetime, tz_name: str = "UTC"):
    return week_start_date(now, "MON", tz_name)


def settings_with(write_env, **values):
    write_env(**values)
    settings = load_sync_settings()
    return settings, build_gateways(settings)[0]


@pytest.mark.django_db
def test_weekly_is_named_by_local_week_and_idempotent(server, write_env):
    settings, gateway = settings_with(
        write_env, TIMEZONE="Asia/Singapore", WEEKLY_PLAYLIST_PRIVACY="UNLISTED"
    )
    now = datetime(2024, 4, 8, 0, 30, tzinfo=SINGAPORE)
    result = sync_weekly(
        gateway, settings, tracks(server, 3), week_of(now, "Asia/Singapore")
    )
    row = ManagedPlaylist.objects.get(role="weekly:2024-04-08")
    assert result.name == "Last.fm Recents week of 2024-04-08"
    assert row.name == "Last.fm Recents week of 2024-04-08"
    assert server.playlist(row.playlist_id).privacy == "UNLISTED"
    later = datetime(2024, 4, 8, 9, 0, tzinfo=SINGAPORE)
    sync_weekly(gateway, settings, result.added, week_of(later, "Asia/Singapore"))
    assert len(server.playlists_named(row.name)) == 1
    assert server.calls["create_playlist"] == 1


@pytest.mark.django_db
def test_weekly_rewrites_to_the_desired_list(server, write_env):
    settings, gateway = settings_with(write_env, WEEKLY_PLAYLIST_PREFIX="Weekly")
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    first = tracks(server, 4)
    sync_weekly(gateway, settings, first, week_of(monday))
    sync_weekly(gateway, settings, first[1:], week_of(monday + timedelta(days=2)))
    row = ManagedPlaylist.objects.get(role="weekly:2026-11-30")
    assert row.name == "Weekly week of 2026-11-30"
    assert server.playlist(row.playlist_id).video_ids == [t.video_id for t in first[1:]]


@pytest.mark.django_db
def test_weekly_prunes_beyond_keep_weeks(server, write_env):
    settings, gateway = settings_with(write_env, WEEKLY_KEEP_WEEKS=2)
    songs = tracks(server, 2)
    weeks = [datetime(2026, 11, day, 12, tzinfo=UTC) for day in (9, 16, 23, 30)]
    for now in weeks:
        sync_weekly(gateway, settings, songs, week_of(now))
    roles = list(ManagedPlaylist.objects.values_list("role", flat=True))
    assert roles == ["weekly:2026-11-23", "weekly:2026-11-30"]
    assert len(server.playlists) == 2


@pytest.mark.django_db
def test_weekly_keep_zero_keeps_all(server, write_env):
    settings, gateway = settings_with(write_env, WEEKLY_KEEP_WEEKS=0)
    songs = tracks(server, 1)
    for day in (9, 16, 23):
        sync_weekly(
            gateway, settings, songs, week_of(datetime(2026, 11, day, tzinfo=UTC))
        )
    assert ManagedPlaylist.objects.count() == 3


@pytest.mark.django_db
def test_weekly_disabled_returns_none(server, write_env):
    settings, gateway = settings_with(write_env, WEEKLY_ENABLED="false")
    now = datetime(2026, 11, 30, tzinfo=UTC)
    assert sync_weekly(gateway, settings, tracks(server, 1), week_of(now)) is None
    assert server.writes() == 0


@pytest.mark.django_db
def test_weekly_dry_run_deletes_nothing(server, write_env):
    settings, gateway = settings_with(write_env, WEEKLY_KEEP_WEEKS=1)
    songs = tracks(server, 1)
    sync_weekly(gateway, settings, songs, week_of(datetime(2026, 11, 23, tzinfo=UTC)))
    server.reset_counts()
    lines = []
    sync_weekly(
        gateway,
        settings,
        songs,
        week_of(datetime(2026, 11, 30, tzinfo=UTC)),
        dry_run=True,
        log=lines.append,
    )
    assert server.writes() == 0
    assert ManagedPlaylist.objects.count() == 1
    assert any(line.startswith("Would delete weekly playlist") for line in lines)
