"""The 48-hour rule: when an ICE hold stops being lawful, and how long past it a person was held.

An ICE detainer asks a jail to keep a person up to 48 hours after the criminal system no longer
has a reason to hold them. The federal regulation (8 CFR 287.7(d)) does not count Saturdays,
Sundays or federal holidays in those hours; later detainer forms say a plain 48 hours. Days are
the facility's local days; hours are real elapsed hours (a daylight-saving night has 23 or 25).
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _

HOLD_HOURS = 48
UTC = ZoneInfo("UTC")


class Rule(models.TextChoices):
    REGULATION = "regulation", _("8 CFR 287.7(d): 48 hours, not counting weekends and holidays")
    PLAIN = "plain", _("48 hours straight, as on later detainer forms")


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> holidays.HolidayBase:
    # Observed days included: a holiday on a Saturday is observed on the Friday before.
    return holidays.country_holidays("US", years=year, observed=True)


def is_excluded_day(day: date) -> bool:
    """Saturdays, Sundays and federal holidays do not count under the regulation."""
    return day.weekday() >= 5 or day in _federal_holidays(day.year)


def _next_local_midnight(moment: datetime, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)


def hold_deadline(start: datetime, *, rule: str = Rule.REGULATION, tz: ZoneInfo) -> datetime:
    """The moment the 48 hours run out, counting from `start` (criminal custody ended)."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if rule == Rule.PLAIN:
        # Python adds wall-clock time to aware datetimes of one zone; real hours need UTC.
        return (start.astimezone(UTC) + timedelta(hours=HOLD_HOURS)).astimezone(tz)
    remaining = timedelta(hours=HOLD_HOURS)
    cursor = start
    while True:
        day_end = _next_local_midnight(cursor, tz)
        if is_excluded_day(cursor.astimezone(tz).date()):
            cursor = day_end
            continue
        # Arithmetic on UTC instants: real elapsed time across daylight-saving changes.
        available = day_end.astimezone(UTC) - cursor.astimezone(UTC)
        if remaining <= available:
            return (cursor.astimezone(UTC) + remaining).astimezone(tz)
        remaining -= available
        cursor = day_end


def held_past(deadline: datetime, end: datetime) -> timedelta:
    """How long past the deadline the person was held (zero if released in time)."""
    return max(end.astimezone(UTC) - deadline.astimezone(UTC), timedelta(0))
