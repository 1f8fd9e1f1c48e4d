"""Census Bureau county list (national_county.txt) → states and counties with FIPS codes."""

import csv
import io

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from targets.importers.base import ImportFileError, ImportReport, changed_fields
from targets.models import Jurisdiction

Kind = Jurisdiction.Kind

# State-level FIPS codes in the Census file: code → (postal abbreviation, name, kind).
STATES: dict[str, tuple[str, str, str]] = {
    "01": ("AL", "Alabama", Kind.STATE),
    "02": ("AK", "Alaska", Kind.STATE),
    "04": ("AZ", "Arizona", Kind.STATE),
    "05": ("AR", "Arkansas", Kind.STATE),
    "06": ("CA", "California", Kind.STATE),
    "08": ("CO", "Colorado", Kind.STATE),
    "09": ("CT", "Connecticut", Kind.STATE),
    "10": ("DE", "Delaware", Kind.STATE),
    "11": ("DC", "District of Columbia", Kind.DISTRICT),
    "12": ("FL", "Florida", Kind.STATE),
    "13": ("GA", "Georgia", Kind.STATE),
    "15": ("HI", "Hawaii", Kind.STATE),
    "16": ("ID", "Idaho", Kind.STATE),
    "17": ("IL", "Illinois", Kind.STATE),
    "18": ("IN", "Indiana", Kind.STATE),
    "19": ("IA", "Iowa", Kind.STATE),
    "20": ("KS", "Kansas", Kind.STATE),
    "21": ("KY", "Kentucky", Kind.STATE),
    "22": ("LA", "Louisiana", Kind.STATE),
    "23": ("ME", "Maine", Kind.STATE),
    "24": ("MD", "Maryland", Kind.STATE),
    "25": ("MA", "Massachusetts", Kind.STATE),
    "26": ("MI", "Michigan", Kind.STATE),
    "27": ("MN", "Minnesota", Kind.STATE),
    "28": ("MS", "Mississippi", Kind.STATE),
    "29": ("MO", "Missouri", Kind.STATE),
    "30": ("MT", "Montana", Kind.STATE),
    "31": ("NE", "Nebraska", Kind.STATE),
    "32": ("NV", "Nevada", Kind.STATE),
    "33": ("NH", "New Hampshire", Kind.STATE),
    "34": ("NJ", "New Jersey", Kind.STATE),
    "35": ("NM", "New Mexico", Kind.STATE),
    "36": ("NY", "New York", Kind.STATE),
    "37": ("NC", "North Carolina", Kind.STATE),
    "38": ("ND", "North Dakota", Kind.STATE),
    "39": ("OH", "Ohio", Kind.STATE),
    "40": ("OK", "Oklahoma", Kind.STATE),
    "41": ("OR", "Oregon", Kind.STATE),
    "42": ("PA", "Pennsylvania", Kind.STATE),
    "44": ("RI", "Rhode Island", Kind.STATE),
    "45": ("SC", "South Carolina", Kind.STATE),
    "46": ("SD", "South Dakota", Kind.STATE),
    "47": ("TN", "Tennessee", Kind.STATE),
    "48": ("TX", "Texas", Kind.STATE),
    "49": ("UT", "Utah", Kind.STATE),
    "50": ("VT", "Vermont", Kind.STATE),
    "51": ("VA", "Virginia", Kind.STATE),
    "53": ("WA", "Washington", Kind.STATE),
    "54": ("WV", "West Virginia", Kind.STATE),
    "55": ("WI", "Wisconsin", Kind.STATE),
    "56": ("WY", "Wyoming", Kind.STATE),
    "60": ("AS", "American Samoa", Kind.TERRITORY),
    "66": ("GU", "Guam", Kind.TERRITORY),
    "69": ("MP", "Northern Mariana Islands", Kind.TERRITORY),
    "72": ("PR", "Puerto Rico", Kind.TERRITORY),
    "74": ("UM", "U.S. Minor Outlying Islands", Kind.TERRITORY),
    "78": ("VI", "U.S. Virgin Islands", Kind.TERRITORY),
}

_SUFFIX_KINDS = (
    (" County", Kind.COUNTY),
    (" Parish", Kind.PARISH),
    (" City and Borough", Kind.BOROUGH),
    (" Borough", Kind.BOROUGH),
    (" Census Area", Kind.CENSUS_AREA),
    (" Municipio", Kind.MUNICIPIO),
    (" city", Kind.INDEPENDENT_CITY),
    (" Municipality", Kind.BOROUGH),
)


def county_kind(name: str, class_code: str) -> str:
    """The kind of a county equivalent, from its name and Census class code.

    H6 is a county that is also a city (San Francisco, Denver, the District of Columbia);
    C7 an independent city (Virginia's, Baltimore, St. Louis, Carson City).
    """
    if class_code == "H6":
        return Kind.CITY_COUNTY
    if class_code == "C7":
        return Kind.INDEPENDENT_CITY
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix):
            return kind
    return Kind.COUNTY_EQUIVALENT  # American Samoa's districts, the islands of the Virgin Islands


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def import_census_counties(
    data: bytes, *, report: ImportReport, as_of=None, user=None, reason: str = ""
) -> None:
    """`as_of` is unused: the Census list has no publication rhythm to track."""
    rows = list(csv.reader(io.StringIO(_decode(data))))
    if not rows or len(rows[0]) != 5:
        raise ImportFileError(
            _("This does not look like the Census county list: expected 5 columns per line.")
        )
    existing = {
        j.fips: j for j in Jurisdiction.objects.filter(fips__regex=r"^[0-9]{2}([0-9]{3})?$")
    }
    fields = ["name", "kind", "postal_code", "parent", "state"]

    # States first: counties point at them.
    states: dict[str, Jurisdiction] = {}
    new_states, changed_states = [], []
    for code in sorted({row[1].strip() for row in rows if len(row) == 5}):
        if code not in STATES:
            continue
        postal, name, kind = STATES[code]
        values = {"name": name, "kind": kind, "postal_code": postal, "parent_id": None}
        state = existing.get(code)
        if state is None:
            state = Jurisdiction(fips=code, **values)
            new_states.append(state)
            report.create(None, name)
        elif changes := changed_fields(state, values):
            changed_states.append(state)
            report.update(None, name, changes)
        else:
            report.unchanged += 1
        states[code] = state
    if new_states:
        bulk_create_with_history(
            new_states, Jurisdiction, default_user=user, default_change_reason=reason
        )
        # SQLite and PostgreSQL both return primary keys from a bulk insert.
    if changed_states:
        bulk_update_with_history(
            changed_states, Jurisdiction, fields, default_user=user, default_change_reason=reason
        )

    new_counties, changed_counties = [], []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        report.rows_read += 1
        if len(row) != 5:
            report.refuse(number, _("expected 5 columns, found %(n)d") % {"n": len(row)})
            continue
        postal, state_code, county_code, name, class_code = (cell.strip() for cell in row)
        if not (state_code.isdigit() and len(state_code) == 2):
            report.refuse(
                number, _("state code “%(code)s” is not two digits") % {"code": state_code}
            )
            continue
        if not (county_code.isdigit() and len(county_code) == 3):
            report.refuse(
                number, _("county code “%(code)s” is not three digits") % {"code": county_code}
            )
            continue
        state = states.get(state_code)
        if state is None:
            report.refuse(number, _("unknown state code %(code)s") % {"code": state_code}, name)
            continue
        if postal != state.postal_code:
            report.warn(
                number,
                _("state abbreviation %(given)s does not match code %(code)s (%(expected)s)")
                % {"given": postal, "code": state_code, "expected": state.postal_code},
                name,
            )
        if not name:
            report.refuse(number, _("the county has no name"))
            continue
        fips = state_code + county_code
        if fips in seen:
            report.refuse(
                number,
                _("same FIPS code %(fips)s as line %(line)d") % {"fips": fips, "line": seen[fips]},
            )
            continue
        seen[fips] = number
        values = {
            "name": name,
            "kind": county_kind(name, class_code),
            "postal_code": "",
            "parent_id": state.pk,
            "state_id": state.pk,
        }
        label = f"{name}, {state.postal_code}"
        county = existing.get(fips)
        if county is None:
            new_counties.append(Jurisdiction(fips=fips, **values))
            report.create(number, label)
        elif changes := changed_fields(county, values):
            changed_counties.append(county)
            report.update(number, label, changes)
        else:
            report.unchanged += 1
    if new_counties:
        bulk_create_with_history(
            new_counties,
            Jurisdiction,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    if changed_counties:
        bulk_update_with_history(
            changed_counties,
            Jurisdiction,
            fields,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
