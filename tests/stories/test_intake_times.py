"""The intake form reads typed times on the facility's clocks, not the server's (issue 17).

The server runs on America/New_York (settings.TIME_ZONE); every case here would come out the
same on any server zone, and one test says so."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from stories.forms import IntakeForm
from stories.timezones import US_TIME_ZONES, wall_clock


@pytest.fixture(autouse=True)
def _english():
    """The messages are read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


CHICAGO = ZoneInfo("America/Chicago")


def _form(**fields) -> IntakeForm:
    data = {"preferred_language": "es", "relationship": "impacted", "hold_rule": "regulation"}
    data.update(fields)
    form = IntakeForm(data)
    form.is_valid()
    return form


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_phoenix_keeps_no_daylight_saving_time():
    # 02:30 on the day New York springs forward does not exist in New York, the server's zone;
    # Phoenix never changes its clocks, so it is a real time there.
    form = _form(time_zone="America/Phoenix", custody_ended_at="2026-03-08T02:30")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["custody_ended_at"] == datetime(2026, 3, 8, 9, 30, tzinfo=UTC)


def test_a_time_on_the_day_the_clocks_change_is_read_in_the_facilitys_zone():
    # 02:30 exists in Los Angeles on 1 November (its clocks go back at 02:00 there too, but
    # 02:30 comes once); the server's zone plays no part.
    form = _form(time_zone="America/Los_Angeles", booked_at="2026-11-01T02:30")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["booked_at"] == datetime(2026, 11, 1, 10, 30, tzinfo=UTC)


def test_the_server_zone_does_not_matter():
    results = set()
    for server_zone in ("America/New_York", "UTC", "Pacific/Honolulu", "America/Chicago"):
        with timezone.override(server_zone):
            form = _form(
                time_zone="America/Phoenix",
                custody_ended_at="2026-03-08T02:30",  # skipped in Chicago and New York
                outcome_at="2026-03-10T09:00",
            )
            assert form.is_valid(), (server_zone, form.errors)
            results.add((form.cleaned_data["custody_ended_at"], form.cleaned_data["outcome_at"]))
    assert len(results) == 1


def test_a_skipped_time_is_refused_with_a_clear_message():
    form = _form(time_zone="America/Chicago", custody_ended_at="2026-03-08T02:30")
    assert not form.is_valid()
    message = " ".join(form.errors["custody_ended_at"])
    assert "There was no 02:30" in message
    assert "America/Chicago" in message
    assert "went forward an hour" in message


def test_a_repeated_time_asks_which_one():
    form = _form(time_zone="America/Chicago", custody_ended_at="2026-11-01T01:30")
    assert not form.is_valid()
    assert "came twice" in " ".join(form.errors["custody_ended_at"])
    assert form.fold_needed == {"custody_ended_at"}
    assert form.timeline["custody_ended_at"][2] is True
    assert form.timeline["outcome_at"][2] is False


@pytest.mark.parametrize(
    ("fold", "utc_hour", "offset_hours"),
    [("0", 6, -5), ("1", 7, -6)],  # first: daylight time (CDT); second: standard time (CST)
)
def test_the_volunteer_chooses_which_repeated_time(fold, utc_hour, offset_hours):
    form = _form(
        time_zone="America/Chicago",
        custody_ended_at="2026-11-01T01:30",
        custody_ended_at_fold=fold,
    )
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["custody_ended_at"]
    assert moment.astimezone(UTC) == datetime(2026, 11, 1, utc_hour, 30, tzinfo=UTC)
    assert moment.astimezone(CHICAGO).utcoffset() == timedelta(hours=offset_hours)
    # The question stays on the page, answered, so it can be changed.
    assert form.fold_needed == {"custody_ended_at"}


def test_the_question_about_a_repeated_time_is_not_asked_otherwise():
    form = _form(time_zone="America/Chicago", custody_ended_at="2026-11-01T03:30")
    assert form.is_valid(), form.errors
    assert form.fold_needed == set()
    # Phoenix's clocks never go back: 01:30 comes once.
    form = _form(time_zone="America/Phoenix", custody_ended_at="2026-11-01T01:30")
    assert form.is_valid(), form.errors
    assert form.fold_needed == set()


@pytest.mark.parametrize("name", ["booked_at", "detainer_lodged_at", "custody_ended_at"])
def test_future_times_are_refused(name):
    tomorrow = timezone.now() + timedelta(days=1)
    form = _form(time_zone="America/Chicago", **{name: _local(tomorrow, "America/Chicago")})
    assert not form.is_valid()
    assert "in the future" in " ".join(form.errors[name])


def test_a_time_later_today_in_a_zone_behind_the_server_is_in_the_future():
    # An hour from now on Honolulu's clocks is in the future, though Honolulu's clocks are
    # behind the server's.
    soon = timezone.now() + timedelta(hours=1)
    form = _form(time_zone="Pacific/Honolulu", outcome_at=_local(soon, "Pacific/Honolulu"))
    assert "in the future" in " ".join(form.errors["outcome_at"])
    earlier = timezone.now() - timedelta(hours=1)
    form = _form(time_zone="Pacific/Honolulu", outcome_at=_local(earlier, "Pacific/Honolulu"))
    assert form.is_valid(), form.errors


def test_review_date_may_be_in_the_future():
    next_year = (timezone.localdate() + timedelta(days=365)).isoformat()
    form = _form(review_on=next_year)
    assert form.is_valid(), form.errors


def test_a_mistyped_year_is_refused_not_a_server_error():
    for typed in ("0202-06-05T18:00", "0001-01-01T00:30", "9999-12-31T23:30"):
        form = _form(time_zone="Pacific/Honolulu", booked_at=typed)
        assert not form.is_valid()
        assert form.errors["booked_at"] == ["Check the year."]


def test_the_timeline_goes_in_order():
    form = _form(
        time_zone="America/Chicago",
        booked_at="2026-06-05T10:00",
        detainer_lodged_at="2026-06-05T09:00",
        custody_ended_at="2026-06-04T18:00",
    )
    assert "before they were booked" in " ".join(form.errors["detainer_lodged_at"])
    assert "before they were booked" in " ".join(form.errors["custody_ended_at"])
    assert form.cleaned_data["booked_at"] == datetime(2026, 6, 5, 10, tzinfo=CHICAGO)

    form = _form(
        time_zone="America/Chicago",
        booked_at="2026-06-05T10:00",
        outcome_at="2026-06-05T09:00",
    )
    assert "before they were booked" in " ".join(form.errors["outcome_at"])

    form = _form(
        time_zone="America/Chicago",
        booked_at="2026-06-01T10:00",
        detainer_lodged_at="2026-06-02T09:00",
        custody_ended_at="2026-06-05T18:00",
        outcome_at="2026-06-07T09:00",
    )
    assert form.is_valid(), form.errors


def test_order_is_checked_on_real_instants_across_the_repeated_hour():
    # 01:10 standard time comes after 01:50 daylight time, the same night.
    form = _form(
        time_zone="America/Chicago",
        custody_ended_at="2026-11-01T01:50",
        custody_ended_at_fold="0",
        outcome_at="2026-11-01T01:10",
        outcome_at_fold="1",
    )
    assert form.is_valid(), form.errors
    form = _form(
        time_zone="America/Chicago",
        custody_ended_at="2026-11-01T01:50",
        custody_ended_at_fold="1",
        outcome_at="2026-11-01T01:10",
        outcome_at_fold="1",
    )
    assert "before criminal custody ended" in " ".join(form.errors["outcome_at"])


def test_what_is_right_can_be_saved_when_another_field_is_wrong():
    form = _form(
        name="Ana",
        time_zone="America/Chicago",
        custody_ended_at="2026-06-05T18:00",
        outcome_at="2026-06-01T09:00",
    )
    assert not form.is_valid()
    data = form.savable_data()
    assert data["name"] == "Ana"
    assert data["custody_ended_at"] == datetime(2026, 6, 5, 18, tzinfo=CHICAGO)
    assert "outcome_at" not in data
    assert not any(name.endswith("_fold") for name in data)
    assert form.unsaved_labels == ["When they were released or handed to ICE"]


def test_times_are_not_saved_when_the_zone_is_not_one_we_know():
    form = _form(name="Ana", time_zone="Mars/Olympus", custody_ended_at="2026-06-05T18:00")
    data = form.savable_data()
    assert data["name"] == "Ana"
    assert "custody_ended_at" not in data and "time_zone" not in data


def test_the_zone_comes_from_the_facility_unless_one_is_chosen(db):
    from tests.targets.factories import CountyFactory, FacilityFactory, StateFactory

    texas = StateFactory(fips="48", name="Texas", postal_code="TX")
    el_paso = CountyFactory(name="El Paso County", fips="48141", parent=texas, state=texas)
    jail = FacilityFactory(jurisdiction=el_paso)
    form = _form(facility=str(jail.pk), time_zone="", custody_ended_at="2026-06-05T18:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "America/Denver"
    assert form.cleaned_data["custody_ended_at"] == datetime(2026, 6, 6, 0, tzinfo=UTC)  # 18:00 MDT
    assert "America/Denver" in str(form.zone_note)

    chosen = _form(facility=str(jail.pk), time_zone="America/Chicago")
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["time_zone"] == "America/Chicago"

    nothing = IntakeForm(
        {"preferred_language": "es", "relationship": "impacted", "hold_rule": "regulation"},
        zone_when_unknown="America/Phoenix",
    )
    assert nothing.is_valid(), nothing.errors
    assert nothing.cleaned_data["time_zone"] == "America/Phoenix"


def test_the_zone_choices_cover_every_zone_offered():
    choices = IntakeForm().fields["time_zone"].choices
    offered = {value for _group, options in choices[1:] for value, _label in options}
    assert offered == set(US_TIME_ZONES)
    assert choices[0][0] == ""  # from the facility's location
    for zone in US_TIME_ZONES:
        ZoneInfo(zone)  # every one is a real zone


@settings(max_examples=300, deadline=None)
@given(
    typed=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2026, 1, 1)),
    zone=st.sampled_from(US_TIME_ZONES),
    fold=st.sampled_from(["", "0", "1"]),
)
def test_any_typed_time_is_saved_as_typed_or_refused_with_a_message(typed, zone, fold):
    typed = typed.replace(second=0, microsecond=0)
    form = _form(
        time_zone=zone,
        custody_ended_at=typed.strftime("%Y-%m-%dT%H:%M"),
        custody_ended_at_fold=fold,
    )
    if form.is_valid():
        # What the page shows again is what was typed, and the same one of a repeated time.
        shown, shown_fold = wall_clock(form.cleaned_data["custody_ended_at"], ZoneInfo(zone))
        assert shown == typed
        if "custody_ended_at" in form.fold_needed:
            assert str(shown_fold) == fold
    else:
        assert list(form.errors) == ["custody_ended_at"]
        assert form.errors["custody_ended_at"][0]


def test_a_zone_saved_another_way_is_offered_so_times_keep_their_meaning():
    form = IntakeForm(initial={"time_zone": "America/Toronto"})
    values = [value for value, _label in form.fields["time_zone"].choices]
    assert "America/Toronto" in values
    assert "Mars/Olympus" not in [
        value
        for value, _l in IntakeForm(initial={"time_zone": "Mars/Olympus"})
        .fields["time_zone"]
        .choices
    ]
