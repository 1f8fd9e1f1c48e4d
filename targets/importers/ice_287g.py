"""ICE's lists of 287(g) participating and pending agencies → agencies and their agreements.

ICE republishes both lists every few weeks with the same columns. An agreement is recognized
across lists by its state, agency name (spacing, case and apostrophes ignored) and model.
"""

import datetime
import difflib
import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from targets.importers.base import ImportFileError, ImportReport, changed_fields, read_date, text
from targets.models import Arrangement, Jurisdiction, Office, normalize_name

MODELS = {
    "jail enforcement model": Arrangement.Model287g.JAIL,
    "task force model": Arrangement.Model287g.TASK_FORCE,
    "warrant service officer": Arrangement.Model287g.WARRANT_SERVICE,
}
AGENCY_TYPES = {"county", "municipality", "state agency"}
REQUIRED = ("STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE")

# Words after a place name that say the agency is that place's own police.
_CITY_POLICE = re.compile(
    r"^(?P<place>.+?)\s+(police\s+(services\s+)?(department|departent|dept\.?)|"
    r"department of public safety|public safety)$",
    re.IGNORECASE,
)
_NOT_A_CITY = re.compile(r"airport|university|college|authority|regional|state police", re.I)
_COUNTY_SUFFIXES = (" city and borough", " county", " parish", " borough", " census area")


def office_kind(name: str) -> str:
    lowered = name.casefold()
    if "sheriff" in lowered:
        return Office.Kind.SHERIFF
    if "constable" in lowered or "constbale" in lowered:
        return Office.Kind.CONSTABLE
    if "highway patrol" in lowered or "state police" in lowered or "state patrol" in lowered:
        return Office.Kind.STATE_POLICE
    if "correction" in lowered or "detention" in lowered or "jail" in lowered:
        return Office.Kind.CORRECTIONS
    if "board of county commissioners" in lowered:
        return Office.Kind.COUNTY_BOARD
    if "district attorney" in lowered:
        return Office.Kind.DISTRICT_ATTORNEY
    if "attorney general" in lowered:
        return Office.Kind.ATTORNEY_GENERAL
    if "police" in lowered or "public safety" in lowered:
        return Office.Kind.POLICE
    return Office.Kind.LAW_ENFORCEMENT


def county_key(name: str) -> str:
    key = normalize_name(name)
    for suffix in _COUNTY_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    return re.sub(r"^saint\b", "st.", key).replace("-", " ")


def document_address(cell: openpyxl.cell.Cell) -> str:
    """The agreement's address, unwrapped from the mail scanner's redirect some links carry."""
    target = cell.hyperlink.target if cell.hyperlink is not None else ""
    if not target:
        return ""
    parsed = urlparse(target)
    if parsed.netloc.endswith("safelinks.protection.outlook.com"):
        target = parse_qs(parsed.query).get("url", [target])[0]
    return target[:500] if target.startswith(("http://", "https://")) else ""


class _Places:
    """States, counties and the cities this importer adds, looked up without a query per row."""

    def __init__(self) -> None:
        self.states = {
            normalize_name(j.name): j
            for j in Jurisdiction.objects.filter(kind__in=Jurisdiction.STATE_LEVEL)
        }
        if not self.states:
            raise ImportFileError(_("Import the Census county list first: no states are loaded."))
        self.counties: dict[int, dict[str, Jurisdiction]] = {}
        # Virginia's independent cities are sometimes listed as "X County": a second index
        # without the word "city", used only when the first finds nothing.
        self.cities_as_counties: dict[int, dict[str, Jurisdiction]] = {}
        for county in Jurisdiction.objects.filter(kind__in=Jurisdiction.COUNTY_LEVEL):
            self.counties.setdefault(county.state_id, {})[county_key(county.name)] = county
            if county.kind == Jurisdiction.Kind.INDEPENDENT_CITY:
                bare = county_key(county.name).removesuffix(" city")
                self.cities_as_counties.setdefault(county.state_id, {})[bare] = county
        self.cities: dict[tuple[int, str], Jurisdiction] = {
            (j.parent_id, normalize_name(j.name)): j
            for j in Jurisdiction.objects.filter(
                kind__in=[Jurisdiction.Kind.CITY, Jurisdiction.Kind.TOWN, Jurisdiction.Kind.VILLAGE]
            )
        }
        self.new_cities: list[Jurisdiction] = []

    def county(self, state: Jurisdiction, name: str) -> tuple[Jurisdiction | None, str]:
        """(county, warning) for a county name as ICE spells it."""
        in_state = self.counties.get(state.pk, {})
        key = county_key(name)
        if key in in_state:
            return in_state[key], ""
        by_city = self.cities_as_counties.get(state.pk, {}).get(key)
        close = [] if by_city else difflib.get_close_matches(key, list(in_state), n=1, cutoff=0.75)
        if by_city:
            return by_city, _("county “%(given)s” read as %(county)s") % {
                "given": name,
                "county": by_city.name,
            }
        if close:
            county = in_state[close[0]]
            return county, _("county “%(given)s” read as %(county)s") % {
                "given": name,
                "county": county.name,
            }
        return None, ""

    def city(self, parent: Jurisdiction, name: str) -> Jurisdiction:
        key = (parent.pk, normalize_name(name))
        if key not in self.cities:
            city = Jurisdiction(name=name, kind=Jurisdiction.Kind.CITY, parent=parent)
            city.inherit_state()
            self.cities[key] = city
            self.new_cities.append(city)
        return self.cities[key]


def _header(sheet) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(sheet.iter_rows(max_row=20, values_only=True), start=1):
        names = [text(v).upper() for v in row]
        if all(column in names for column in REQUIRED):
            return number, {name: i for i, name in enumerate(names) if name}
    raise ImportFileError(
        _("No header row with the columns %(columns)s was found.")
        % {"columns": ", ".join(REQUIRED)}
    )


def import_287g(
    data: bytes,
    *,
    pending: bool,
    as_of: datetime.date,
    report: ImportReport,
    user=None,
    reason: str = "",
) -> None:
    """Load one of ICE's 287(g) lists as it stood on `as_of`."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("This file cannot be read as a spreadsheet (.xlsx).")) from error
    sheet = workbook.worksheets[0]
    header_row, columns = _header(sheet)
    if not pending and "SIGNED" not in columns:
        raise ImportFileError(_("The list of participating agencies needs a SIGNED column."))

    places = _Places()
    offices = {o.external_id: o for o in Office.objects.filter(external_id__startswith="ice:")}
    arrangements = {
        a.external_id: a for a in Arrangement.objects.filter(external_id__startswith="ice287g:")
    }
    new_offices: list[Office] = []
    pending_arrangements: list[tuple[int, Arrangement, Office]] = []
    changed: list[Arrangement] = []
    seen_rows: dict[str, int] = {}
    still_listed: list[int] = []
    this_list = Arrangement.IceList.PENDING if pending else Arrangement.IceList.PARTICIPATING

    for number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1), start=header_row + 1):

        def cell(column: str, cells=cells):
            index = columns.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        def value(column: str, cell=cell):
            found = cell(column)
            return found.value if found is not None else None

        if all(text(c.value) == "" for c in cells):
            continue
        report.rows_read += 1
        state_name, agency = text(value("STATE")), text(value("LAW ENFORCEMENT AGENCY"))
        agency_type, support = text(value("TYPE")).casefold(), text(value("SUPPORT TYPE"))
        county_name = text(value("COUNTY"))
        label = f"{agency} ({state_name.title()}), {support}" if agency else state_name

        state = places.states.get(normalize_name(state_name))
        if state is None:
            report.refuse(number, _("unknown state “%(state)s”") % {"state": state_name}, label)
            continue
        if not agency:
            report.refuse(number, _("no agency name"), label)
            continue
        model = MODELS.get(support.casefold())
        office_key = f"ice:{state.fips}:{normalize_name(agency)}"
        key = f"ice287g:{office_key[4:]}:{model}"
        if model is None:
            report.refuse(
                number,
                _("support type “%(value)s” is not one of ICE's three 287(g) models")
                % {"value": support},
                label,
            )
            continue
        if key in seen_rows:
            report.refuse(
                number,
                _("the same agency and model as row %(row)d") % {"row": seen_rows[key]},
                label,
            )
            continue
        seen_rows[key] = number
        if agency_type not in AGENCY_TYPES:
            report.refuse(
                number,
                _("agency type “%(value)s” is not County, Municipality or State Agency")
                % {"value": text(value("TYPE"))},
                label,
            )
            continue

        signed_on, date_problem = (None, "")
        if not pending:
            signed_on, date_problem = read_date(value("SIGNED"), as_of=as_of)
        existing = arrangements.get(key)
        if date_problem:
            report.warn(
                number,
                _("signed date not loaded: %(problem)s") % {"problem": date_problem}
                + (
                    _("; the date already recorded is kept")
                    if existing and existing.signed_on
                    else ""
                ),
                label,
            )
            if existing:
                signed_on = existing.signed_on

        office = offices.get(office_key)
        if office is None:
            jurisdiction, warning = _agency_place(places, state, agency, agency_type, county_name)
            if warning:
                report.warn(number, warning, label)
            office = Office(
                name=agency,
                kind=office_kind(agency),
                jurisdiction=jurisdiction,
                external_id=office_key,
                source_url="https://www.ice.gov/identify-and-arrest/287g",
                source_date=as_of,
            )
            offices[office_key] = office
            new_offices.append(office)

        document = document_address(cell("MOA")) if cell("MOA") is not None else ""
        if existing is None:
            arrangement = Arrangement(
                kind=Arrangement.Kind.AGREEMENT_287G,
                model_287g=model,
                status=Arrangement.Status.PENDING if pending else Arrangement.Status.ACTIVE,
                signed_on=signed_on,
                last_seen_on=as_of,
                document_url=document,
                ice_list=this_list,
                external_id=key,
                source_url="https://www.ice.gov/identify-and-arrest/287g",
                source_date=as_of,
            )
            pending_arrangements.append((number, arrangement, office))
            report.create(number, label)
            continue
        if existing.last_seen_on and existing.last_seen_on > as_of:
            report.warn(
                number, _("a newer list already describes this agreement; left as is"), label
            )
            continue
        if (
            pending
            and existing.ice_list == Arrangement.IceList.PARTICIPATING
            and (existing.status == Arrangement.Status.ACTIVE)
        ):
            # Already in force according to the participating list: a pending entry for the
            # same agency and model is ICE's lag, not a step back.
            report.unchanged += 1
            continue
        values = {
            "status": Arrangement.Status.PENDING if pending else Arrangement.Status.ACTIVE,
            "ended_on": None,
            "ice_list": this_list,
        }
        if not pending:
            values["signed_on"] = signed_on
        if document:
            values["document_url"] = document
        changes = changed_fields(existing, values)
        still_listed.append(existing.pk)
        if changes:
            changed.append(existing)
            report.update(number, label, changes)
        else:
            report.unchanged += 1

    # Write: the cities and agencies new in this list, then their agreements.
    if places.new_cities:
        bulk_create_with_history(
            places.new_cities, Jurisdiction, default_user=user, default_change_reason=reason
        )
    for office in new_offices:
        office.jurisdiction_id = office.jurisdiction.pk
    if new_offices:
        bulk_create_with_history(
            new_offices, Office, default_user=user, default_change_reason=reason
        )
    new_arrangements = []
    for _row, arrangement, office in pending_arrangements:
        arrangement.office_id = office.pk
        new_arrangements.append(arrangement)
    if new_arrangements:
        bulk_create_with_history(
            new_arrangements,
            Arrangement,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )

    # Agreements this list no longer shows have ended, as far as anyone can tell from it.
    missing = [
        a
        for key, a in arrangements.items()
        if a.ice_list == this_list
        and a.status != Arrangement.Status.ENDED
        and key not in seen_rows
        and (a.last_seen_on is None or a.last_seen_on <= as_of)
    ]
    for arrangement in missing:
        arrangement.status = Arrangement.Status.ENDED
        arrangement.ended_on = as_of
        report.end(
            str(arrangement),
            _("not on ICE's list of %(date)s") % {"date": as_of.isoformat()},
        )
    fields = ["status", "ended_on", "ice_list", "signed_on", "document_url"]
    if changed or missing:
        bulk_update_with_history(
            changed + missing,
            Arrangement,
            fields,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    # Being seen again on a list is bookkeeping, not a change of fact: no history row for it.
    Arrangement.objects.filter(pk__in=still_listed).update(last_seen_on=as_of)


def _agency_place(
    places: _Places, state: Jurisdiction, agency: str, agency_type: str, county_name: str
) -> tuple[Jurisdiction, str]:
    """The jurisdiction an agency belongs to, and a note when it had to be guessed."""
    if agency_type == "state agency":
        return state, ""
    county, warning = places.county(state, county_name) if county_name else (None, "")
    city_match = _CITY_POLICE.match(agency)
    is_city_police = bool(city_match) and not _NOT_A_CITY.search(agency)
    if agency_type == "municipality" and not county_name:
        # ICE often leaves the county of a town's police empty: the town is filed under
        # the state until someone records its county.
        if is_city_police:
            return places.city(state, city_match.group("place")), ""
        return state, ""
    if county is None:
        return state, _(
            "county “%(county)s” not found in %(state)s; the agency is filed under the state"
        ) % {
            "county": county_name or "—",
            "state": state.name,
        }
    if agency_type == "municipality" and is_city_police:
        return places.city(county, city_match.group("place")), warning
    return county, warning
