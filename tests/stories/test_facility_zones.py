"""A facility's time zone comes from where it is, not from its state (issue 17): El Paso,
west Kentucky, Knox County TN, Walton County FL and western South Dakota keep other clocks
than most of their state."""

from zoneinfo import ZoneInfo

import pytest
import zipcodes
from hypothesis import given, settings
from hypothesis import strategies as st

from stories.forms import IntakeForm
from stories.timezones import (
    SPLIT_COUNTIES,
    STATE_TIME_ZONES,
    US_TIME_ZONES,
    zone_for_facility,
    zone_for_state,
    zone_for_zip,
)
from targets.models import Facility, Jurisdiction
from tests.targets.factories import CityFactory, CountyFactory, StateFactory

pytestmark = pytest.mark.django_db

STATES = {
    "AZ": ("04", "Arizona"),
    "FL": ("12", "Florida"),
    "KY": ("21", "Kentucky"),
    "NE": ("31", "Nebraska"),
    "SD": ("46", "South Dakota"),
    "TN": ("47", "Tennessee"),
    "TX": ("48", "Texas"),
}


def _state(postal: str) -> Jurisdiction:
    fips, name = STATES[postal]
    return StateFactory(fips=fips, name=name, postal_code=postal)


def _county(postal: str, name: str, fips: str) -> Jurisdiction:
    state = _state(postal)
    return CountyFactory(name=name, fips=fips, parent=state, state=state)


def _facility(jurisdiction=None, *, postal_code: str = "", city: str = "") -> Facility:
    # Not saved: the function reads only where the facility is.
    return Facility(name="Jail", jurisdiction=jurisdiction, postal_code=postal_code, city=city)


# The places the issue names. The state's table says otherwise for each one.
SPLIT_PLACES = [
    ("TX", "El Paso County", "48141", "79901", "El Paso", "America/Denver"),
    ("KY", "McCracken County", "21145", "42001", "Paducah", "America/Chicago"),
    ("TN", "Knox County", "47093", "37902", "Knoxville", "America/New_York"),
    ("FL", "Walton County", "12131", "32433", "DeFuniak Springs", "America/Chicago"),
    ("SD", "Pennington County", "46103", "57701", "Rapid City", "America/Denver"),
]


@pytest.mark.parametrize(("state", "county", "fips", "zip_code", "city", "zone"), SPLIT_PLACES)
def test_the_known_split_places_come_out_right(state, county, fips, zip_code, city, zone):
    assert zone_for_state(state) != zone  # the state alone would be wrong
    place = _county(state, county, fips)
    # From the county alone, the ZIP code alone, the city and state alone.
    assert zone_for_facility(_facility(place)) == zone
    assert zone_for_facility(_facility(postal_code=zip_code)) == zone
    assert zone_for_facility(_facility(place.state, city=city.upper())) == zone
    # A city jurisdiction inside the county.
    town = CityFactory(name=city, parent=place, state=place.state)
    assert zone_for_facility(_facility(town)) == zone
    # ZIP+4 too.
    assert zone_for_facility(_facility(postal_code=f"{zip_code}-1234")) == zone


def test_the_zip_code_comes_first():
    el_paso = _county("TX", "El Paso County", "48141")
    # A facility filed under El Paso County whose address is in Dallas.
    assert zone_for_facility(_facility(el_paso, postal_code="75201")) == "America/Chicago"
    # A ZIP code that is not one falls through to the county.
    assert zone_for_facility(_facility(el_paso, postal_code="ABCDE")) == "America/Denver"
    assert zone_for_facility(_facility(el_paso, postal_code="00000")) == "America/Denver"


def test_a_county_across_two_zones_takes_the_town_then_the_county_seat():
    apache = _county("AZ", "Apache County", "04001")
    # The Navajo Nation keeps daylight saving time; the rest of Arizona does not.
    assert zone_for_facility(_facility(apache, city="Window Rock")) == "America/Denver"
    assert zone_for_facility(_facility(apache, city="St. Johns")) == "America/Phoenix"
    assert zone_for_facility(_facility(apache)) == "America/Phoenix"  # St. Johns, the seat
    cherry = _county("NE", "Cherry County", "31031")
    assert zone_for_facility(_facility(cherry)) == "America/Chicago"  # Valentine


def test_the_state_only_when_nothing_else_is_known():
    texas = _state("TX")
    unknown = CountyFactory(name="Nowhere County", fips="48999", parent=texas, state=texas)
    assert zone_for_facility(_facility(unknown)) == "America/Chicago"
    assert zone_for_facility(_facility(texas)) == "America/Chicago"
    assert zone_for_facility(_facility()) is None
    assert zone_for_facility(_facility(), default="America/Phoenix") == "America/Phoenix"
    assert zone_for_facility(None, default="America/Phoenix") == "America/Phoenix"


def test_every_zone_the_function_can_give_is_a_choice_of_the_form():
    choices = IntakeForm().fields["time_zone"].choices
    offered = {value for _group, options in choices[1:] for value, _label in options}
    assert set(STATE_TIME_ZONES.values()) <= offered
    assert set(SPLIT_COUNTIES.values()) <= offered
    # Every real zone of a U.S. ZIP code is offered (the data holds a few that are not zones).
    in_data = {row["timezone"] for row in zipcodes.list_all() if row["country"] == "US"}
    real = set()
    for zone in in_data:
        try:
            ZoneInfo(zone)
        except (ValueError, KeyError, OSError):
            continue
        real.add(zone)
    assert real <= offered, real - offered
    assert offered == set(US_TIME_ZONES)


_ZIPS = [row["zip_code"] for row in zipcodes.list_all()]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ZIPS))
def test_any_zip_code_gives_an_offered_zone_or_nothing(zip_code):
    assert zone_for_zip(zip_code) in {None, *US_TIME_ZONES}
