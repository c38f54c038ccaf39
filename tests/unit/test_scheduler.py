"""Schedule triggers and next run times, in the user's time zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

from sync import crontab, scheduler
from sync.conf import ConfigError, SyncSettings, load_sync_settings

SINGAPORE = ZoneInfo("Asia/Singapore")
BERLIN = ZoneInfo("Europe/Berlin")


def schedule(**values: str) -> SyncSettings:
    return load_sync_settings(overrides={"AUTO_SYNC_ENABLED": "true", **values})


def local(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)


def test_cron_monday_run_in_local_time() -> None:
    # A user in UTC+8 schedules a run for Monday 00:30 local time. At that
    # moment it is still Sunday 16:30 in UTC.
    settings = schedule(
        TIMEZONE="Asia/Singapore", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="30 0 * * 1"
    )
    now = datetime(2024, 4, 7, 16, 0, tzinfo=UTC)

    times = scheduler.next_run_times(settings, count=2, now=now)

    assert times == [
        local(SINGAPORE, 2024, 4, 8, 0, 30),
        local(SINGAPORE, 2024, 4, 15, 0, 30),
    ]
    assert times[0] == datetime(2024, 4, 7, 16, 30, tzinfo=UTC)
    assert times[0].tzinfo == SINGAPORE
    assert times[0].isocalendar()[:3] == (2024, 15, 1)


def test_header_shows_next_run_locally(db) -> None:
    settings = schedule(
        TIMEZONE="Asia/Singapore", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="30 0 * * 1"
    )
    with time_machine.travel(datetime(2024, 4, 7, 16, 0, tzinfo=UTC), tick=False):
        status = scheduler.status(settings)
        html = render_to_string(
            "sync/partials/schedule_status.html", {"schedule_status": status}
        )

    assert status["next_run_time"] == local(SINGAPORE, 2024, 4, 8, 0, 30)
    assert "Auto sync on" in html
    assert "Mon 00:30" in html
    assert "Sun 16:30" not in html
    assert 'datetime="2024-04-08T00:30:00+08:00"' in html
    assert "scheduler not running" in html


def test_cron_keeps_local_time_across_daylight_saving() -> None:
    settings = schedule(
        TIMEZONE="Europe/Berlin", AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 3 * * *"
    )
    now = local(BERLIN, 2024, 3, 30, 12, 0)

    times = scheduler.next_run_times(settings, count=3, now=now)

    assert times == [
        local(BERLIN, 2024, 3, 31, 3, 0),
        local(BERLIN, 2024, 4, 1, 3, 0),
        local(BERLIN, 2024, 4, 2, 3, 0),
    ]
    assert [time.utcoffset().total_seconds() / 3600 for time in times] == [2, 2, 2]


def test_daily_interval_keeps_local_time() -> None:
    settings = schedule(
        TIMEZONE="Europe/Berlin",
        AUTO_SYNC_INTERVAL_HOURS="24",
        AUTO_SYNC_START_TIME="03:00",
    )
    now = local(BERLIN, 2024, 3, 30, 4, 0)

    times = scheduler.next_run_times(settings, count=3, now=now)

    assert times == [
        local(BERLIN, 2024, 3, 31, 3, 0),
        local(BERLIN, 2024, 4, 1, 3, 0),
        local(BERLIN, 2024, 4, 2, 3, 0),
    ]


def test_anchored_interval_runs_from_anchor() -> None:
    settings = schedule(
        TIMEZONE="Asia/Singapore",
        AUTO_SYNC_INTERVAL_HOURS="6",
        AUTO_SYNC_START_TIME="03:30",
    )
    now = local(SINGAPORE, 2024, 4, 8, 10, 0)

    times = scheduler.next_run_times(settings, count=4, now=now)

    assert times == [
        local(SINGAPORE, 2024, 4, 8, 15, 30),
        local(SINGAPORE, 2024, 4, 8, 21, 30),
        local(SINGAPORE, 2024, 4, 9, 3, 30),
        local(SINGAPORE, 2024, 4, 9, 9, 30),
    ]


def test_anchored_interval_with_changing_minutes() -> None:
    settings = schedule(AUTO_SYNC_INTERVAL_HOURS="1.5", AUTO_SYNC_START_TIME="00:45")
    now = datetime(2024, 4, 8, 1, 0, tzinfo=UTC)

    times = scheduler.next_run_times(settings, count=4, now=now)

    assert times == [
        datetime(2024, 4, 8, 2, 15, tzinfo=UTC),
        datetime(2024, 4, 8, 3, 45, tzinfo=UTC),
        datetime(2024, 4, 8, 5, 15, tzinfo=UTC),
        datetime(2024, 4, 8, 6, 45, tzinfo=UTC),
    ]


def test_anchored_interval_longer_than_a_day() -> None:
    settings = schedule(AUTO_SYNC_INTERVAL_HOURS="48", AUTO_SYNC_START_TIME="05:00")
    now = datetime(2024, 4, 8, 12, 0, tzinfo=UTC)

    times = scheduler.next_run_times(settings, count=2, now=now)

    assert times == [
        datetime(2024, 4, 9, 5, 0, tzinfo=UTC),
        datetime(2024, 4, 11, 5, 0, tzinfo=UTC),
    ]


def test_unanchored_interval_starts_after_one_step() -> None:
    settings = schedule(AUTO_SYNC_INTERVAL_HOURS="6")
    now = datetime(2024, 4, 8, 12, 7, tzinfo=UTC)

    times = scheduler.next_run_times(settings, count=3, now=now)

    assert times == [
        datetime(2024, 4, 8, 18, 7, tzinfo=UTC),
        datetime(2024, 4, 9, 0, 7, tzinfo=UTC),
        datetime(2024, 4, 9, 6, 7, tzinfo=UTC),
    ]


def test_disabled_schedule_has_no_run_times() -> None:
    settings = load_sync_settings()

    assert settings.auto_sync_enabled is False
    assert scheduler.next_run_times(settings) == []
    assert scheduler.build_trigger(settings) is None


def test_cron_type_without_expression_names_the_key() -> None:
    settings = schedule(AUTO_SYNC_TYPE="cron").with_values(auto_sync_cron="")

    with pytest.raises(ConfigError) as raised:
        scheduler.build_trigger(settings)

    assert raised.value.key == "AUTO_SYNC_CRON"
    assert "AUTO_SYNC_TYPE=interval" in str(raised.value)


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ({"AUTO_SYNC_ENABLED": "false"}, "off"),
        ({}, "every 6 h"),
        (
            {"AUTO_SYNC_INTERVAL_HOURS": "1.5", "AUTO_SYNC_START_TIME": "03:30"},
            "every 1.5 h from 03:30",
        ),
        ({"AUTO_SYNC_TYPE": "cron", "AUTO_SYNC_CRON": "15 4 * * *"}, "cron 15 4 * * *"),
    ],
)
def test_describe(values: dict[str, str], text: str) -> None:
    assert scheduler.describe(schedule(**values)) == text


def test_fingerprint_changes_with_each_schedule_key() -> None:
    base = scheduler.schedule_fingerprint(schedule())
    changed = [
        schedule(AUTO_SYNC_TYPE="cron"),
        schedule(AUTO_SYNC_INTERVAL_HOURS="3"),
        schedule(AUTO_SYNC_START_TIME="01:00"),
        schedule(AUTO_SYNC_CRON="5 * * * *"),
        schedule(TIMEZONE="Asia/Singapore"),
        schedule(AUTO_SYNC_ENABLED="false"),
    ]

    for settings in changed:
        assert scheduler.schedule_fingerprint(settings) != base
    assert scheduler.schedule_fingerprint(schedule(LIMIT="50")) == base


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("*", "*"),
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("5-7", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("1/3", "sun,mon,thu"),
        ("mon,wed", "mon,wed"),
        ("SAT", "sat"),
        ("thu-Sat", "thu,fri,sat"),
    ],
)
def test_crontab_weekdays_count_from_sunday(field: str, names: str) -> None:
    assert crontab.crontab_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "5-1", "funday", "*/0"])
def test_crontab_weekdays_rejects_invalid_fields(field: str) -> None:
    with pytest.raises(ValueError):
        crontab.crontab_weekdays(field)


def test_cron_runs_when_day_or_weekday_matches() -> None:
    # crontab(5): "0 12 1 * 1" runs on the 1st and on every Monday.
    settings = schedule(AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 12 1 * 1")
    now = datetime(2024, 3, 28, 0, 0, tzinfo=UTC)

    times = scheduler.next_run_times(settings, count=3, now=now)

    assert times == [
        datetime(2024, 4, 1, 12, 0, tzinfo=UTC),
        datetime(2024, 4, 8, 12, 0, tzinfo=UTC),
        datetime(2024, 4, 15, 12, 0, tzinfo=UTC),
    ]


def test_cron_setting_accepts_seven_for_sunday() -> None:
    settings = schedule(AUTO_SYNC_TYPE="cron", AUTO_SYNC_CRON="0 9 * * 7")
    now = datetime(2024, 4, 8, 0, 0, tzinfo=UTC)

    [first] = scheduler.next_run_times(settings, count=1, now=now)

    assert first == datetime(2024, 4, 14, 9, 0, tzinfo=UTC)
    assert first.strftime("%a") == "Sun"
