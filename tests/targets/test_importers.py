import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from targets.importers import ImportFileError, run_import
from targets.models import Arrangement, Facility, Jurisdiction, Office
from tests.targets.conftest import (
    COUNTIES,
    FACILITIES,
    PARTICIPATING,
    PENDING,
    load,
    needs_data,
)

pytestmark = needs_data


def test_census_loads_every_county_and_state(counties):
    assert counties.rows_read == 3234
    assert not counties.refused
    assert Jurisdiction.objects.counties().count() == 3234
    harris = Jurisdiction.objects.get(fips="48201")
    assert (harris.name, harris.state.postal_code, harris.parent.name) == (
        "Harris County",
        "TX",
        "Texas",
    )
    assert Jurisdiction.objects.get(fips="22001").kind == Jurisdiction.Kind.PARISH
    assert Jurisdiction.objects.get(fips="51760").kind == Jurisdiction.Kind.INDEPENDENT_CITY


def test_census_reimport_changes_nothing(counties):
    again = load("census_counties", COUNTIES)
    assert again.counts()["created"] == again.counts()["updated"] == 0


def test_every_agreement_row_is_loaded_or_explained(agreements):
    assert agreements.rows_read == 832
    assert len(agreements.created) + len(agreements.refused) == 832
    assert Arrangement.objects.filter(kind="287g").count() == len(agreements.created)
    explained = {w["row"] for w in agreements.warnings} | {r["row"] for r in agreements.refused}
    # The three unreadable dates (text, and the year 5025) are reported with their rows.
    assert {639, 775, 785} <= explained
    grundy = next(w for w in agreements.warnings if w["row"] == 639)
    assert "5025" in grundy["message"]


def test_harrison_county_has_its_warrant_service_agreement_and_harris_none(agreements):
    harrison = Jurisdiction.objects.get(fips="48203")
    (agreement,) = Arrangement.objects.filter(office__jurisdiction=harrison)
    assert agreement.model_287g == Arrangement.Model287g.WARRANT_SERVICE
    assert agreement.signed_on == datetime.date(2025, 2, 24)
    assert agreement.status == Arrangement.Status.ACTIVE
    assert not Arrangement.objects.filter(office__jurisdiction__fips="48201").exists()


def test_trailing_spaces_and_curly_apostrophes_do_not_split_agencies(agreements):
    laramie = Office.objects.filter(name__startswith="Laramie County Sheriff")
    assert laramie.count() == 1
    assert laramie.get().arrangements.count() == 3
    assert not Office.objects.filter(name__endswith=" ").exists()


def test_city_police_get_a_city_under_their_county(agreements):
    office = Office.objects.get(name="Robinson Township Police Department")
    assert office.kind == Office.Kind.POLICE
    assert office.jurisdiction.kind == Jurisdiction.Kind.CITY
    assert office.jurisdiction.name == "Robinson Township"
    # ICE spelled the county "Alleghany": read as Allegheny, with a warning.
    assert office.jurisdiction.parent.name == "Allegheny County"
    # A town's police without a county is filed under a city in the state.
    apopka = Office.objects.get(name="Apopka Police Department")
    assert (apopka.jurisdiction.name, apopka.jurisdiction.parent.name) == ("Apopka", "Florida")


def test_reimporting_the_same_list_changes_nothing(agreements):
    from targets.models import Arrangement as A

    before = A.history.count()
    again = load("ice_287g_participating", PARTICIPATING)
    assert again.counts()["created"] == 0
    assert again.counts()["updated"] == 0
    assert again.counts()["ended"] == 0
    assert A.history.count() == before


def _newer_list(tmp_path, drop_agency: str, redate: tuple[str, datetime.datetime]):
    workbook = openpyxl.load_workbook(PARTICIPATING)
    sheet = workbook.active
    for row in list(sheet.iter_rows(min_row=2)):
        agency = (row[1].value or "").strip()
        if agency == drop_agency:
            for cell in row:
                cell.value = None
        if agency == redate[0]:
            row[5].value = redate[1]
    path = tmp_path / "participatingAgencies08012025.xlsx"
    workbook.save(path)
    return path


def test_a_newer_list_updates_and_ends_what_is_missing(agreements, tmp_path):
    newer = _newer_list(
        tmp_path,
        drop_agency="Cherokee County Sheriff's Office",
        redate=("Crenshaw County Sheriff's Office", datetime.datetime(2025, 7, 30)),
    )
    report = load("ice_287g_participating", newer, as_of=datetime.date(2025, 8, 1))
    cherokee = Arrangement.objects.filter(office__name="Cherokee County Sheriff's Office")
    assert {a.status for a in cherokee} == {Arrangement.Status.ENDED}
    assert {a.ended_on for a in cherokee} == {datetime.date(2025, 8, 1)}
    crenshaw = Arrangement.objects.get(office__name="Crenshaw County Sheriff's Office")
    assert crenshaw.signed_on == datetime.date(2025, 7, 30)
    assert crenshaw.history.count() == 2
    assert crenshaw.history.first().history_change_reason == f"import {newer.name}"
    assert len(report.ended) == cherokee.count()
    assert [u["label"] for u in report.updated] == [
        "Crenshaw County Sheriff's Office (Alabama), Warrant Service Officer"
    ]
    # Everything still listed was seen on the newer list.
    seen = Arrangement.objects.filter(last_seen_on=datetime.date(2025, 8, 1)).count()
    assert seen == 832 - cherokee.count()


def test_an_older_list_does_not_end_newer_agreements(agreements, tmp_path):
    newer = _newer_list(tmp_path, drop_agency="", redate=("", None))
    load("ice_287g_participating", newer, as_of=datetime.date(2025, 8, 1))
    report = load("ice_287g_participating", PARTICIPATING, as_of=datetime.date(2025, 7, 18))
    assert not report.ended
    assert not Arrangement.objects.filter(status=Arrangement.Status.ENDED).exists()


def test_pending_list_keeps_active_agreements_active(agreements):
    report = load("ice_287g_pending", PENDING)
    assert report.rows_read == 26
    assert Arrangement.objects.filter(status=Arrangement.Status.PENDING).count() == len(
        report.created
    )
    assert len(report.created) + report.unchanged == 26


def test_facilities_load_with_type_codes(counties):
    report = load("ice_facilities", FACILITIES, as_of=datetime.date(2026, 4, 9))
    assert report.rows_read == 203
    assert Facility.objects.count() == 203
    imperial = Facility.objects.get(name="Imperial Regional Detention Facility")
    assert imperial.jurisdiction.postal_code == "CA"  # the row has no state; its ZIP says CA
    adelanto = Facility.objects.get(name="Adelanto ICE Processing Center")
    assert adelanto.ice_type_code == "CDF"
    assert [c.kind for c in adelanto.contracts.all()] == ["cdf"]
    again = load("ice_facilities", FACILITIES, as_of=datetime.date(2026, 4, 9))
    assert again.counts()["created"] == again.counts()["updated"] == 0


def test_dry_run_changes_nothing(counties):
    report = load("ice_287g_participating", PARTICIPATING, dry_run=True)
    assert len(report.created) == 832
    assert not Arrangement.objects.exists()
    assert not Office.objects.exists()


def test_messy_rows_are_refused_with_row_numbers(counties):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED"])
    sheet.append(
        [
            "TEXAS ",
            "Example County Sheriff's Office ",
            "County",
            "Harris County ",
            "Jail Enforcement Model ",
            "1/2/2025",
        ]
    )
    sheet.append(["NARNIA", "Nowhere PD", "Municipality", "", "Task Force Model", None])
    sheet.append(["TEXAS", "Other PD", "County", "Harris County", "Dance Model", None])
    sheet.append(
        [
            "TEXAS",
            "Example County Sheriff's Office",
            "County",
            "Harris County",
            "Jail Enforcement Model",
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(
        "ice_287g_participating",
        buffer.getvalue(),
        filename="messy.xlsx",
        as_of=datetime.date(2025, 7, 18),
        dry_run=False,
    )
    assert [r["row"] for r in report.refused] == [3, 4, 5]
    assert "NARNIA" in report.refused[0]["reason"]
    assert "row 2" in report.refused[2]["reason"]
    (agreement,) = Arrangement.objects.all()
    assert agreement.signed_on == datetime.date(2025, 1, 2)


def test_a_file_that_is_not_a_list_is_refused_whole(counties):
    with pytest.raises(ImportFileError):
        run_import(
            "ice_287g_participating",
            b"not a spreadsheet",
            filename="x.xlsx",
            as_of=datetime.date(2025, 7, 18),
            dry_run=False,
        )
    assert not Office.objects.exists()


def test_ice_lists_need_the_counties_first(db):
    with pytest.raises(ImportFileError):
        load("ice_287g_participating", PARTICIPATING)


def test_management_command_reports_and_audits(counties, capsys):
    from core.models import AuditEvent

    call_command("import_reference", "ice_287g_participating", str(PARTICIPATING))
    out = capsys.readouterr().out
    assert "832 rows read: 832 created" in out
    assert "row 639" in out
    event = AuditEvent.objects.get(action="reference.import")
    assert event.details["created"] == 832
