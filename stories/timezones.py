"""Time zones for the 48-hour clock: the facility's local days decide what counts, and the
times a volunteer types are the facility's wall-clock times.

A facility's zone comes from where it is, most precise first: its ZIP code, its city, its
county, and its state only when nothing else is known. A state is not enough: El Paso keeps
Mountain time in Central Texas, Paducah keeps Central time in Eastern Kentucky, Knoxville
Eastern time in Central Tennessee, Walton County Central time in Eastern Florida, Rapid City
Mountain time in Central South Dakota. The `zipcodes` package answers offline.
"""

import re
from collections import Counter
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import zipcodes

from targets.models import Jurisdiction

# The zones most people are in come first; the form shows them as its first group.
MAIN_TIME_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
]
# Every other zone a U.S. ZIP code can be in (zipcodes' data): parts of Indiana, Kentucky,
# Michigan, North Dakota, Idaho and Alaska keep their own histories, and the territories.
LOCAL_TIME_ZONES = [
    "America/Detroit",
    "America/Indiana/Indianapolis",
    "America/Indiana/Knox",
    "America/Indiana/Marengo",
    "America/Indiana/Petersburg",
    "America/Indiana/Tell_City",
    "America/Indiana/Vevay",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Kentucky/Louisville",
    "America/Kentucky/Monticello",
    "America/Menominee",
    "America/North_Dakota/Beulah",
    "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem",
    "America/Boise",
    "America/Juneau",
    "America/Sitka",
    "America/Metlakatla",
    "America/Yakutat",
    "America/Nome",
    "America/Adak",
    "America/St_Thomas",
    "Pacific/Saipan",
    "Pacific/Pago_Pago",
    "Pacific/Chuuk",
    "Pacific/Palau",
    "Pacific/Majuro",
]
US_TIME_ZONES = MAIN_TIME_ZONES + LOCAL_TIME_ZONES
_KNOWN = frozenset(US_TIME_ZONES)

# The zone most of each state's population lives in: the last resort, when nothing is known of
# a facility but its state.
STATE_TIME_ZONES = {
    **dict.fromkeys(
        [
            "CT",
            "DE",
            "DC",
            "FL",
            "GA",
            "ME",
            "MD",
            "MA",
            "NH",
            "NJ",
            "NY",
            "NC",
            "OH",
            "PA",
            "RI",
            "SC",
            "VT",
            "VA",
            "WV",
        ],
        "America/New_York",
    ),
    "MI": "America/Detroit",
    "IN": "America/Indiana/Indianapolis",
    "KY": "America/Kentucky/Louisville",
    **dict.fromkeys(
        [
            "AL",
            "AR",
            "IL",
            "IA",
            "KS",
            "LA",
            "MN",
            "MS",
            "MO",
            "NE",
            "ND",
            "OK",
            "SD",
            "TN",
            "TX",
            "WI",
        ],
        "America/Chicago",
    ),
    **dict.fromkeys(["CO", "MT", "NM", "UT", "WY"], "America/Denver"),
    "ID": "America/Boise",
    "AZ": "America/Phoenix",
    **dict.fromkeys(["CA", "NV", "OR", "WA"], "America/Los_Angeles"),
    "AK": "America/Anchorage",
    "HI": "Pacific/Honolulu",
    "PR": "America/Puerto_Rico",
    "VI": "America/St_Thomas",
    "GU": "Pacific/Guam",
    "MP": "Pacific/Saipan",
    "AS": "Pacific/Pago_Pago",
}

# Counties (by Census FIPS code) that straddle two zones where the ZIP codes do not settle it:
# the zone of the county seat, where the county jail is.
SPLIT_COUNTIES = {
    "04001": "America/Phoenix",  # Apache County, AZ: St. Johns; the Navajo Nation keeps DST
    "21231": "America/Kentucky/Monticello",  # Wayne County, KY: Monticello
    "31031": "America/Chicago",  # Cherry County, NE: Valentine
    "46117": "America/Chicago",  # Stanley County, SD: Fort Pierre
}

_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")
_COUNTY_SUFFIXES = (
    " County",
    " Parish",
    " Borough",
    " Census Area",
    " city",
    " City",
    " Municipio",
)


def zone_for_state(postal_code: str, default: str = "America/New_York") -> str:
    return STATE_TIME_ZONES.get((postal_code or "").upper(), default)


def _winner(counts: Counter[str]) -> str | None:
    """The zone most of these ZIP codes are in; None when two zones tie or none is known."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _zones(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(row["timezone"] for row in rows if row.get("timezone") in _KNOWN)


@lru_cache(maxsize=4096)
def zone_for_zip(postal_code: str) -> str | None:
    match = _ZIP.match(postal_code or "")
    if not match:
        return None
    return _winner(_zones(zipcodes.matching(match.group(1))))


def _name_variants(name: str, *, county: bool) -> list[str]:
    """The spellings zipcodes may use for a place: "St. Johns" is "Saint Johns" there,
    "DeFuniak Springs" is "Defuniak Springs", and a county may be named without "County"."""
    name = " ".join(name.split())
    variants = [name, name.title()]
    if county and not name.endswith(_COUNTY_SUFFIXES):
        variants += [f"{v} County" for v in variants]
    saints = [
        re.sub(rf"\b{re.escape(old)}(?=\s)", new, v)
        for v in variants
        for old, new in (("St.", "Saint"), ("St", "Saint"), ("St.", "St"), ("St", "St."))
    ]
    return list(dict.fromkeys(variants + saints))


@lru_cache(maxsize=4096)
def _zones_in(state: str, field: str, name: str) -> Counter[str]:
    """The zones of the ZIP codes of a county or city of `state` (read, never changed: the
    answer is kept for the process, as the data never changes while it runs)."""
    for variant in _name_variants(name, county=field == "county"):
        rows = zipcodes.filter_by(state=state, **{field: variant})
        if rows:
            return _zones(rows)
    return Counter()


def _county_of(jurisdiction: Any) -> Any:
    place = jurisdiction
    while place is not None and place.kind not in Jurisdiction.STATE_LEVEL:
        if place.kind in Jurisdiction.COUNTY_LEVEL:
            return place
        place = place.parent
    return None


def _state_of(jurisdiction: Any) -> str:
    place = jurisdiction
    while place is not None:
        if place.is_state_level:
            return place.postal_code.upper()
        if place.state_id:
            return place.state.postal_code.upper()
        place = place.parent
    return ""


def zone_for_facility(facility: Any, default: str | None = None) -> str | None:
    """The time zone a facility keeps, from where it is: its ZIP code; else its county (a
    county split between two zones: its city, then the county seat's zone); else its city;
    its state only when nothing else is known; `default` when not even that is. Always one of
    US_TIME_ZONES (or `default`). The intake form and any importer call this one function."""
    if facility is None:
        return default
    zone = zone_for_zip(facility.postal_code)
    if zone:
        return zone
    jurisdiction = facility.jurisdiction if facility.jurisdiction_id else None
    state = _state_of(jurisdiction)
    county = _county_of(jurisdiction)
    city = " ".join(facility.city.split())
    in_county = _zones_in(state, "county", county.name) if state and county else Counter()
    if len(in_county) == 1:
        return next(iter(in_county))
    in_city = _zones_in(state, "city", city) if state and city else Counter()
    if len(in_county) > 1:
        # A county across two zones: the facility's own town, else the county seat's zone.
        zone = (
            (_winner(in_city) if len(in_city) == 1 else None)
            or SPLIT_COUNTIES.get(county.fips)
            or _winner(in_county)
        )
        if zone:
            return zone
    if county is not None and county.fips in SPLIT_COUNTIES:
        return SPLIT_COUNTIES[county.fips]
    zone = _winner(in_city)
    if zone:
        return zone
    return STATE_TIME_ZONES.get(state, default)


# Wall-clock times: what a volunteer types is the time on the facility's clocks.


class SkippedTime(ValueError):
    """The clocks jumped over this time (daylight saving time began)."""


class RepeatedTime(ValueError):
    """The clocks showed this time twice (daylight saving time ended): say which one."""


def is_repeated(naive: datetime, tz: ZoneInfo) -> bool:
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_skipped(naive, tz)


def is_skipped(naive: datetime, tz: ZoneInfo) -> bool:
    utc = ZoneInfo("UTC")
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(utc).astimezone(tz).replace(tzinfo=None) != naive


def local_moment(naive: datetime, tz: ZoneInfo, fold: int | None = None) -> datetime:
    """The instant the facility's clocks showed `naive`. A time the clocks skipped raises
    SkippedTime; a time they showed twice raises RepeatedTime unless `fold` says which one
    (0: the first, still daylight time; 1: the second, standard time)."""
    if is_skipped(naive, tz):
        raise SkippedTime(naive)
    if is_repeated(naive, tz):
        if fold not in (0, 1):
            raise RepeatedTime(naive)
        return naive.replace(tzinfo=tz, fold=fold)
    return naive.replace(tzinfo=tz)


def wall_clock(moment: datetime, tz: ZoneInfo) -> tuple[datetime, int]:
    """The facility's clock reading of an instant, naive, and which of a repeated time it was."""
    local = moment.astimezone(tz)
    return local.replace(tzinfo=None, fold=0), local.fold
