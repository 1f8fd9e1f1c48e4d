"""The 48-hour clock on the edges named in DESIGN.md."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stories.clock import UTC, Rule, held_past, hold_deadline, is_excluded_day

NY = ZoneInfo("America/New_York")
CHI = ZoneInfo("America/Chicago")


def at(tz, *args):
    return datetime(*args, tzinfo=tz)


def test_plain_rule_is_48_hours_straight():
    start = at(NY, 2026, 6, 5, 18, 30)  # a Friday evening
    assert hold_deadline(start, rule=Rule.PLAIN, tz=NY) == at(NY, 2026, 6, 7, 18, 30)


def test_weekday_start_ends_two_days_later():
    # Tuesday 10:00 → Thursday 10:00, no weekend or holiday in between.
    assert hold_deadline(at(NY, 2026, 11, 3, 10, 0), tz=NY) == at(NY, 2026, 11, 5, 10, 0)


def test_friday_evening_skips_the_weekend():
    # Friday 18:00: 6 hours on Friday, then Monday 24, then Tuesday 18 → Tuesday 18:00.
    deadline = hold_deadline(at(CHI, 2026, 6, 5, 18, 0), tz=CHI)
    assert deadline == at(CHI, 2026, 6, 9, 18, 0)


def test_monday_holiday_is_skipped():
    # Friday 2026-01-16 20:00, Monday 2026-01-19 is Martin Luther King Jr. Day:
    # 4 hours Friday, Tuesday 24, Wednesday 20 → Wednesday 20:00.
    assert is_excluded_day(datetime(2026, 1, 19).date())
    assert hold_deadline(at(NY, 2026, 1, 16, 20, 0), tz=NY) == at(NY, 2026, 1, 21, 20, 0)


def test_start_on_a_holiday_counts_from_the_next_working_day():
    # Thanksgiving, Thursday 2026-11-26 at noon; Friday counts, then Monday.
    deadline = hold_deadline(at(NY, 2026, 11, 26, 12, 0), tz=NY)
    assert deadline == at(NY, 2026, 11, 30, 0, 0) + timedelta(hours=24)


def test_start_at_midnight():
    # Wednesday 00:00 → Friday 00:00 exactly.
    assert hold_deadline(at(NY, 2026, 11, 4, 0, 0), tz=NY) == at(NY, 2026, 11, 6, 0, 0)


def test_start_at_midnight_before_a_weekend():
    # Thursday 00:00 → 24h Thursday, 24h Friday → Saturday 00:00 (the instant Friday ends).
    deadline = hold_deadline(at(NY, 2026, 11, 5, 0, 0), tz=NY)
    assert deadline == at(NY, 2026, 11, 7, 0, 0)


def test_observed_holiday_friday_before_a_saturday_holiday():
    # July 4th 2026 is a Saturday: observed Friday 2026-07-03.
    assert is_excluded_day(datetime(2026, 7, 3).date())
    # Thursday 2026-07-02 12:00: 12h Thursday, then Monday 24h, Tuesday 12h.
    assert hold_deadline(at(NY, 2026, 7, 2, 12, 0), tz=NY) == at(NY, 2026, 7, 7, 12, 0)


def test_plain_rule_counts_real_hours_across_spring_forward():
    # DST starts Sunday 2026-03-08 at 02:00: that night has 23 hours.
    start = at(NY, 2026, 3, 7, 12, 0)
    deadline = hold_deadline(start, rule=Rule.PLAIN, tz=NY)
    assert deadline.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=48)
    assert (deadline.day, deadline.hour) == (9, 13)  # the wall clock shows one hour more


def test_regulation_across_spring_forward():
    # Friday 2026-03-06 20:00: 4h Friday; the short Sunday does not count; Monday 24h;
    # Tuesday 20h → Tuesday 20:00 local.
    assert hold_deadline(at(NY, 2026, 3, 6, 20, 0), tz=NY) == at(NY, 2026, 3, 10, 20, 0)


def test_fall_back_counts_real_hours_under_the_regulation():
    # DST ends Sunday 2026-11-01 at 02:00: Sunday does not count anyway. Start Friday
    # 2026-10-30 at 12:00: 12h Friday, Monday 24h, Tuesday 12h → Tuesday 12:00 local.
    assert hold_deadline(at(NY, 2026, 10, 30, 12, 0), tz=NY) == at(NY, 2026, 11, 3, 12, 0)


def test_time_zone_of_the_facility_decides_the_day():
    # 23:30 Friday in Chicago is already Saturday in New York.
    start = at(CHI, 2026, 6, 5, 23, 30)
    chicago = hold_deadline(start, tz=CHI)
    new_york = hold_deadline(start, tz=NY)
    assert chicago == at(CHI, 2026, 6, 9, 23, 30)
    assert new_york == at(NY, 2026, 6, 10, 0, 0)


def test_held_past():
    deadline = at(NY, 2026, 6, 9, 18, 0)
    assert held_past(deadline, at(CHI, 2026, 6, 9, 16, 30)) == timedelta(0)
    assert held_past(deadline, at(CHI, 2026, 6, 9, 18, 0)) == timedelta(hours=1)
    assert held_past(deadline, deadline - timedelta(hours=1)) == timedelta(0)
    assert held_past(deadline, deadline + timedelta(hours=30)) == timedelta(hours=30)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        hold_deadline(datetime(2026, 6, 5, 18, 0), tz=NY)
