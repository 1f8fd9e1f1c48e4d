"""ICE detention statistics, sheet "Facilities FY26" → facilities with their ICE type codes."""

import io

import openpyxl
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from targets.importers.base import ImportFileError, ImportReport, changed_fields, text
from targets.models import Facility, FacilityContract, Jurisdiction, normalize_name

# ICE's "Type Detailed" codes: the contract kind each means, and a first guess at the kind
# of facility (a user corrects it; re-imports never overwrite the kind).
TYPE_CODES: dict[str, tuple[str, str]] = {
    "IGSA": (FacilityContract.Kind.IGSA, Facility.Kind.COUNTY_JAIL),
    "DIGSA": (FacilityContract.Kind.DIGSA, Facility.Kind.COUNTY_JAIL),
    "USMS IGA": (FacilityContract.Kind.USMS_IGA, Facility.Kind.COUNTY_JAIL),
    "CDF": (FacilityContract.Kind.CDF, Facility.Kind.PRIVATE),
    "USMS CDF": (FacilityContract.Kind.USMS_CDF, Facility.Kind.PRIVATE),
    "SPC": (FacilityContract.Kind.SPC, Facility.Kind.ICE_CENTER),
    "STAGING": (FacilityContract.Kind.STAGING, Facility.Kind.ICE_CENTER),
    "FAMILY": (FacilityContract.Kind.FAMILY, Facility.Kind.ICE_CENTER),
    "BOP": (FacilityContract.Kind.BOP, Facility.Kind.FEDERAL_PRISON),
    "STATE": (FacilityContract.Kind.STATE, Facility.Kind.STATE_PRISON),
    "DOD": (FacilityContract.Kind.DOD, Facility.Kind.OTHER),
}
SHEET = "Facilities FY26"
REQUIRED = ("NAME", "ADDRESS", "CITY", "STATE", "ZIP", "AOR", "TYPE DETAILED")
SOURCE = "https://www.ice.gov/detain/detention-management"
ACRONYMS = {
    "FCI",
    "FDC",
    "MDC",
    "USP",
    "SPC",
    "ICE",
    "CCA",
    "BOP",
    "US",
    "U.S.",
    "PO",
    "P.O.",
    "NE",
    "NW",
    "SE",
    "SW",
    "II",
    "III",
    "IV",
    "ICDC",
    "CDF",
    "IPC",
    "DHS",
    "LLC",
    "JTF",
}


# First three digits of a ZIP code → state (USPS prefix ranges; military and overseas
# prefixes left out). Only used when a row has no state.
_ZIP3 = (
    (5, 5, "NY"),
    (6, 7, "PR"),
    (8, 8, "VI"),
    (9, 9, "PR"),
    (10, 27, "MA"),
    (28, 29, "RI"),
    (30, 38, "NH"),
    (39, 49, "ME"),
    (50, 54, "VT"),
    (55, 55, "MA"),
    (56, 59, "VT"),
    (60, 69, "CT"),
    (70, 89, "NJ"),
    (100, 149, "NY"),
    (150, 196, "PA"),
    (197, 199, "DE"),
    (200, 200, "DC"),
    (201, 201, "VA"),
    (202, 205, "DC"),
    (206, 219, "MD"),
    (220, 246, "VA"),
    (247, 268, "WV"),
    (270, 289, "NC"),
    (290, 299, "SC"),
    (300, 319, "GA"),
    (320, 339, "FL"),
    (341, 349, "FL"),
    (350, 369, "AL"),
    (370, 385, "TN"),
    (386, 397, "MS"),
    (398, 399, "GA"),
    (400, 427, "KY"),
    (430, 459, "OH"),
    (460, 479, "IN"),
    (480, 499, "MI"),
    (500, 528, "IA"),
    (530, 549, "WI"),
    (550, 567, "MN"),
    (570, 577, "SD"),
    (580, 588, "ND"),
    (590, 599, "MT"),
    (600, 629, "IL"),
    (630, 658, "MO"),
    (660, 679, "KS"),
    (680, 693, "NE"),
    (700, 715, "LA"),
    (716, 729, "AR"),
    (730, 749, "OK"),
    (750, 799, "TX"),
    (800, 816, "CO"),
    (820, 831, "WY"),
    (832, 838, "ID"),
    (840, 847, "UT"),
    (850, 865, "AZ"),
    (870, 884, "NM"),
    (885, 885, "TX"),
    (889, 898, "NV"),
    (900, 961, "CA"),
    (967, 968, "HI"),
    (969, 969, "GU"),
    (970, 979, "OR"),
    (980, 994, "WA"),
    (995, 999, "AK"),
)


def state_from_zip(zip_code: str) -> str:
    if len(zip_code) < 3 or not zip_code[:3].isdigit():
        return ""
    prefix = int(zip_code[:3])
    return next((state for low, high, state in _ZIP3 if low <= prefix <= high), "")


def readable(value: str) -> str:
    """ICE writes names in capitals; show them as a person would, keeping the acronyms."""
    if not value.isupper():
        return value
    return " ".join(w if w.strip(",.") in ACRONYMS else w.capitalize() for w in value.split())


def _sheet(workbook):
    if SHEET in workbook.sheetnames:
        return workbook[SHEET]
    # A newer report names the sheet after its fiscal year.
    for name in workbook.sheetnames:
        if name.strip().casefold().startswith("facilities fy"):
            return workbook[name]
    raise ImportFileError(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": SHEET})


def import_facilities(
    data: bytes, *, as_of, report: ImportReport, user=None, reason: str = ""
) -> None:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("This file cannot be read as a spreadsheet (.xlsx).")) from error
    sheet = _sheet(workbook)
    rows = list(sheet.iter_rows(values_only=True))
    header_row, columns = None, {}
    for number, row in enumerate(rows[:30], start=1):
        names = [text(v).upper() for v in row]
        if all(column in names for column in REQUIRED):
            header_row, columns = number, {name: i for i, name in enumerate(names) if name}
            break
    if header_row is None:
        raise ImportFileError(
            _("No header row with the columns %(columns)s was found.")
            % {"columns": ", ".join(REQUIRED)}
        )
    states = {
        j.postal_code: j for j in Jurisdiction.objects.filter(kind__in=Jurisdiction.STATE_LEVEL)
    }
    if not states:
        raise ImportFileError(_("Import the Census county list first: no states are loaded."))
    existing = {f.external_id: f for f in Facility.objects.filter(external_id__startswith="ice:")}
    contracts = {(c.facility_id, c.kind): c for c in FacilityContract.objects.all()}
    new, changed, seen = [], [], {}
    wanted_contracts: list[tuple[Facility, str]] = []

    for number, row in enumerate(rows[header_row:], start=header_row + 1):

        def value(column: str, row=row) -> str:
            index = columns[column]
            return text(row[index]) if index < len(row) else ""

        if not any(text(v) for v in row):
            continue
        name = value("NAME")
        if not name:
            # Totals and notes under the table have no facility name.
            continue
        report.rows_read += 1
        postal, code = value("STATE").upper(), value("TYPE DETAILED").upper()
        zip_code = value("ZIP")
        if zip_code.isdigit() and len(zip_code) < 5:
            zip_code = zip_code.zfill(5)  # Excel drops the leading zero of New England ZIPs
        if not postal and (guessed := state_from_zip(zip_code)):
            report.warn(
                number,
                _("no state given; %(state)s read from ZIP code %(zip)s")
                % {"state": guessed, "zip": zip_code},
                name,
            )
            postal = guessed
        state = states.get(postal)
        if state is None:
            report.refuse(number, _("unknown state “%(state)s”") % {"state": postal}, name)
            continue
        key = f"ice:{postal}:{normalize_name(name)}"
        if key in seen:
            report.refuse(number, _("the same facility as row %(row)d") % {"row": seen[key]}, name)
            continue
        seen[key] = number
        contract_kind, facility_kind = TYPE_CODES.get(
            code, (FacilityContract.Kind.OTHER, Facility.Kind.OTHER)
        )
        if code not in TYPE_CODES:
            report.warn(number, _("unfamiliar facility type “%(code)s”") % {"code": code}, name)
        values = {
            "name": readable(name),
            "address": ""
            if value("ADDRESS").upper() == "UNAVAILABLE"
            else readable(value("ADDRESS")),
            "city": readable(value("CITY")),
            "postal_code": zip_code,
            "ice_type_code": code,
            "ice_area_office": value("AOR"),
        }
        facility = existing.get(key)
        if facility is None:
            facility = Facility(
                kind=facility_kind,
                jurisdiction=state,
                external_id=key,
                source_url=SOURCE,
                source_date=as_of,
                **values,
            )
            new.append(facility)
            report.create(number, name)
        elif changes := changed_fields(facility, values):
            changed.append(facility)
            report.update(number, name, changes)
        else:
            report.unchanged += 1
        wanted_contracts.append((facility, contract_kind))

    if new:
        bulk_create_with_history(new, Facility, default_user=user, default_change_reason=reason)
    if changed:
        bulk_update_with_history(
            changed,
            Facility,
            ["name", "address", "city", "postal_code", "ice_type_code", "ice_area_office"],
            default_user=user,
            default_change_reason=reason,
        )
    # The contract kinds ICE's list gives: add new ones, drop those it no longer lists for
    # these facilities. Kinds a user recorded by hand are left alone.
    wanted = {(f.pk, kind) for f, kind in wanted_contracts}
    to_add = [
        FacilityContract(
            facility_id=pk, kind=kind, from_ice_list=True, source_url=SOURCE, source_date=as_of
        )
        for pk, kind in sorted(wanted)
        if (pk, kind) not in contracts
    ]
    if to_add:
        bulk_create_with_history(
            to_add, FacilityContract, default_user=user, default_change_reason=reason
        )
    listed = {f.pk for f, _kind in wanted_contracts}
    stale = [
        c for k, c in contracts.items() if c.from_ice_list and k not in wanted and k[0] in listed
    ]
    for contract in stale:
        contract.history_user = user  # deleting one by one keeps a history row for each
        contract._change_reason = reason
        contract.delete()
