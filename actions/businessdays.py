"""Business days for public-records deadlines: weekdays that are not U.S. federal holidays.

States count their response periods differently (business or calendar days, some add days for
mailing, a few follow state holidays too); the request records the number of business days the
person read in their state's law, and this counts them.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _federal_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("US", years=year, observed=True)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which `days` business days after `start` have passed (start not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return day


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -business_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count
