"""Cron expressions read the way crontab(5) reads them, as APScheduler triggers."""

from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

# Weekday names in crontab order: Sunday is 0 (and 7).
CRON_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_trigger(expression: str, zone: ZoneInfo) -> BaseTrigger:
    """Return a trigger that fires as crontab(5) reads ``expression``.

    APScheduler 3's own `CronTrigger.from_crontab()` differs from cron in two
    ways: it numbers weekdays from Monday = 0, so "* * * * 1" would run on
    Tuesdays, and it requires both the day of month and the weekday to match
    when both are set, where cron runs when either matches.
    """
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(
            "use five cron fields (minute hour day month weekday), such as 0 */6 * * *"
        )
    minute, hour, day, month, weekday = fields
    weekday = crontab_weekdays(weekday)
    if day != "*" and weekday != "*":
        return OrTrigger(
            [
                CronTrigger(
                    minute=minute, hour=hour, day=day, month=month, timezone=zone
                ),
                CronTrigger(
                    minute=minute,
                    hour=hour,
                    month=month,
                    day_of_week=weekday,
                    timezone=zone,
                ),
            ]
        )
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=weekday,
        timezone=zone,
    )


def crontab_weekdays(field: str) -> str:
    """Translate a crontab weekday field (Sunday = 0 or 7) to day names.

    "1-5" becomes "mon,tue,wed,thu,fri"; "*" stays "*". Raises ValueError for
    values cron would reject.
    """
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"invalid weekday step in {part!r}")
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            first_text, last_text = base.split("-", 1)
            first, last = _crontab_day(first_text), _crontab_day(last_text)
        else:
            first = _crontab_day(base)
            last = 7 if step_text else first
        if last < first:
            raise ValueError(f"weekday range {base!r} runs backwards")
        days.update(day % 7 for day in range(first, last + 1, step))
    return ",".join(CRON_DAY_NAMES[day] for day in sorted(days))


def _crontab_day(text: str) -> int:
    if text.isdigit():
        number = int(text)
        if number > 7:
            raise ValueError(f"weekday {text} is out of range 0-7")
        return number
    name = text[:3].lower()
    if name not in CRON_DAY_NAMES:
        raise ValueError(f"unknown weekday {text!r}")
    return CRON_DAY_NAMES.index(name)
