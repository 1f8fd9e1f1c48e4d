import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.models import Arrangement, Facility, Jurisdiction, Office, Power
from tests.conftest import client_for
from tests.targets.factories import (
    ArrangementFactory,
    CityFactory,
    CountyFactory,
    CustodyStepFactory,
    DetainerPolicyFactory,
    FacilityFactory,
    OfficeFactory,
    OfficialFactory,
    PowerFactory,
)

LISTS = [
    ("targets:jurisdiction_list", CountyFactory),
    ("targets:official_list", OfficialFactory),
    ("targets:policy_list", DetainerPolicyFactory),
    ("targets:office_list", OfficeFactory),
    ("targets:facility_list", FacilityFactory),
    ("targets:arrangement_list", ArrangementFactory),
]


@pytest.mark.parametrize(("name", "factory"), LISTS)
def test_list_queries_do_not_grow_with_rows(name, factory, as_volunteer):
    factory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert as_volunteer.get(reverse(name)).status_code == 200
    factory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        assert as_volunteer.get(reverse(name)).status_code == 200
    assert len(many) == len(few)


def test_list_filters_and_searches(as_volunteer):
    sheriff = OfficeFactory(name="Harrison County Sheriff's Office")
    OfficeFactory(name="Springfield Police Department", kind=Office.Kind.POLICE)
    response = as_volunteer.get(reverse("targets:office_list"), {"q": "harrison sheriff"})
    assert "Harrison County Sheriff" in response.text
    assert "Springfield" not in response.text
    response = as_volunteer.get(reverse("targets:office_list"), {"kind": "police"})
    assert "Springfield" in response.text
    assert "Harrison County Sheriff" not in response.text
    assert sheriff.pk


def test_htmx_filter_returns_only_the_results(as_volunteer):
    OfficeFactory(name="Harrison County Sheriff's Office")
    response = as_volunteer.get(
        reverse("targets:office_list"), {"q": "harrison"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="results">')


def test_coordinator_edits_and_history_shows_who_and_what(coordinator, as_coordinator):
    office = OfficeFactory(name="Example Sheriff's Office", phone="")
    url = reverse("targets:office_edit", args=[office.pk])
    response = as_coordinator.post(
        url,
        {
            "name": "Example County Sheriff's Office",
            "kind": "sheriff",
            "jurisdiction": office.jurisdiction_id,
            "selection": "elected",
            "phone": "555-0100",
            "change_reason": "name on the county website",
        },
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone == "555-0100"
    latest = office.history.first()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "name on the county website"
    page = as_coordinator.get(office.get_absolute_url()).text
    assert "name on the county website" in page
    assert "Example Sheriff&#x27;s Office" in page  # the old name, in the history


def test_creating_an_office_records_its_usual_powers(as_lead):
    county = CountyFactory()
    response = as_lead.post(
        reverse("targets:office_create"),
        {
            "name": "Example County Council",
            "kind": "county_board",
            "jurisdiction": county.pk,
            "add_typical_powers": "on",
        },
    )
    assert response.status_code == 302
    office = Office.objects.get(name="Example County Council")
    assert set(office.powers.values_list("kind", flat=True)) == {
        Power.Kind.PASSES_ORDINANCES,
        Power.Kind.SETS_BUDGET,
        Power.Kind.OVERSIGHT_HEARINGS,
    }


def test_bad_input_is_refused_with_a_message(as_lead):
    office = OfficeFactory()
    response = as_lead.post(reverse("targets:power_create", args=[office.pk]), {"kind": "appoints"})
    assert response.status_code == 400
    assert not office.powers.exists()


def test_volunteer_may_read_but_not_edit(as_volunteer):
    office = OfficeFactory()
    assert as_volunteer.get(office.get_absolute_url()).status_code == 200
    response = as_volunteer.post(reverse("targets:office_edit", args=[office.pk]), {})
    assert response.status_code == 403


def test_seattle_arrestees_end_up_in_the_county_jail_so_the_county_is_the_target(as_lead):
    """The toolkit's example: Seattle has no city jail; Auburn has its own."""
    king = CountyFactory(name="King County")
    seattle = CityFactory(name="Seattle", parent=king)
    auburn = CityFactory(name="Auburn", parent=king)
    executive = OfficeFactory(
        name="King County Executive", kind="county_executive", jurisdiction=king
    )
    council = OfficeFactory(name="King County Council", kind="county_board", jurisdiction=king)
    PowerFactory(office=council, kind=Power.Kind.SETS_BUDGET)
    jail = FacilityFactory(name="King County Jail", jurisdiction=king, controlling_office=executive)
    spd = OfficeFactory(name="Seattle Police Department", kind="police", jurisdiction=seattle)
    apd = OfficeFactory(name="Auburn Police Department", kind="police", jurisdiction=auburn)
    auburn_jail = FacilityFactory(
        name="Auburn City Jail", kind="city_jail", jurisdiction=auburn, controlling_office=apd
    )
    # Recorded through the page, as a user would.
    response = as_lead.post(
        reverse("targets:custody_step_create", args=[spd.pk]),
        {"facility": jail.pk, "stage": "pretrial", "is_usual_final": "on"},
    )
    assert response.status_code == 302
    CustodyStepFactory(arresting_office=apd, facility=auburn_jail)

    page = as_lead.get(reverse("targets:custody", args=[seattle.pk])).text
    targets_section = page.split('id="targets-heading"')[1].split('id="agencies-heading"')[0]
    assert "King County Executive" in targets_section
    assert "King County Council" in targets_section  # sets the budget: a secondary target
    assert "Auburn" not in targets_section

    county_page = as_lead.get(reverse("targets:custody", args=[king.pk])).text
    assert "Auburn Police Department" in county_page.split('id="targets-heading"')[1]


def test_boston_sheriff_is_the_target(as_lead):
    suffolk = CountyFactory(name="Suffolk County")
    boston = CityFactory(name="Boston", parent=suffolk)
    sheriff = OfficeFactory(name="Suffolk County Sheriff's Department", jurisdiction=suffolk)
    bpd = OfficeFactory(name="Boston Police Department", kind="police", jurisdiction=boston)
    nashua = FacilityFactory(
        name="Nashua Street Jail", jurisdiction=boston, controlling_office=sheriff
    )
    south_bay = FacilityFactory(
        name="South Bay House of Correction", jurisdiction=boston, controlling_office=sheriff
    )
    CustodyStepFactory(arresting_office=bpd, facility=nashua, stage="pretrial", is_usual_final=True)
    CustodyStepFactory(
        arresting_office=bpd, facility=south_bay, stage="sentenced", is_usual_final=False
    )
    page = as_lead.get(reverse("targets:custody", args=[boston.pk])).text
    assert (
        "Suffolk County Sheriff"
        in page.split('id="targets-heading"')[1].split("agencies-heading")[0]
    )


def test_cost_estimate_shows_the_arithmetic_and_source(as_volunteer):
    facility = FacilityFactory(daily_bed_cost="170.00", bed_cost_source_url="https://example.gov/b")
    response = as_volunteer.get(
        reverse("targets:cost"),
        {
            "facility": facility.pk,
            "holds_per_year": "100",
            "extra_days_per_hold": "2",
            "pretrial_holds": "10",
            "extra_pretrial_days": "43",
            "holds_source": "Public records request, 2025",
        },
    )
    text = response.text
    assert "100 \u00d7 2" in text
    assert "$34,000.00" in text  # 200 days at $170
    assert "$73,100.00" in text  # 430 days at $170
    assert "$107,100.00" in text
    assert "https://example.gov/b" in text
    assert "Public records request, 2025" in text


def test_287g_near_you_by_county(as_volunteer):
    county = CountyFactory(name="Harrison County")
    sheriff = OfficeFactory(name="Harrison County Sheriff's Office", jurisdiction=county)
    board = OfficeFactory(
        name="Harrison County Commissioners Court", kind="county_board", jurisdiction=county
    )
    PowerFactory(office=board, kind=Power.Kind.SETS_BUDGET)
    ArrangementFactory(
        office=sheriff, model_287g="warrant_service", signed_on=datetime.date(2025, 2, 24)
    )
    ArrangementFactory(
        office=sheriff, model_287g="jail", status="ended", ended_on=datetime.date(2025, 8, 1)
    )
    response = as_volunteer.get(
        reverse("targets:near_you"), {"state": county.state_id, "county": county.pk}
    )
    text = response.text
    assert "Warrant service officer" in text
    assert "Feb. 24, 2025" in text
    assert "Jail enforcement model" not in text.split("<tbody>")[1]
    assert "Harrison County Commissioners Court" in text


def test_campaign_index_links_the_campaigns_place(campaign, observer):
    county = CountyFactory(name="Example County")
    response = client_for(observer).get(reverse("targets:index", args=[campaign.slug]))
    assert county.get_absolute_url() in response.text


def test_arrangement_form_refuses_a_287g_without_model(as_lead):
    office = OfficeFactory()
    response = as_lead.post(
        reverse("targets:arrangement_create"),
        {"office": office.pk, "kind": "287g", "status": "active"},
    )
    assert response.status_code == 400
    assert not Arrangement.objects.exists()


def test_facility_bed_cost_needs_a_source(as_lead):
    response = as_lead.post(
        reverse("targets:facility_create"),
        {"name": "Jail", "kind": "county_jail", "daily_bed_cost": "120"},
    )
    assert response.status_code == 400
    assert not Facility.objects.exists()


def test_jurisdiction_edit_keeps_state_in_step(as_lead):
    county = CountyFactory()
    response = as_lead.post(
        reverse("targets:jurisdiction_create"),
        {"name": "Springfield", "kind": "city", "parent": county.pk},
    )
    assert response.status_code == 302
    city = Jurisdiction.objects.get(name="Springfield")
    assert city.state == county.state


def test_analysis_pages_do_not_grow_with_rows(as_volunteer):
    county = CountyFactory()
    board = OfficeFactory(kind="county_board", jurisdiction=county)
    PowerFactory(office=board, kind=Power.Kind.SETS_BUDGET)

    def add_agencies(n):
        for _ in range(n):
            sheriff = OfficeFactory(jurisdiction=county)
            ArrangementFactory(office=sheriff)
            police = OfficeFactory(kind="police", jurisdiction=CityFactory(parent=county))
            CustodyStepFactory(
                arresting_office=police, facility=FacilityFactory(controlling_office=sheriff)
            )

    urls = [
        reverse("targets:custody", args=[county.pk]),
        reverse("targets:near_you") + f"?state={county.state_id}&county={county.pk}",
    ]
    add_agencies(2)
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            as_volunteer.get(url)
        few.append(len(queries))
    add_agencies(10)
    for url, before in zip(urls, few, strict=True):
        with CaptureQueriesContext(connection) as queries:
            as_volunteer.get(url)
        assert len(queries) == before, url


def test_history_shows_labels_and_names_not_codes(as_coordinator):
    office = OfficeFactory(kind="sheriff")
    other_county = CountyFactory(name="Elsewhere County")
    as_coordinator.post(
        reverse("targets:office_edit", args=[office.pk]),
        {"name": office.name, "kind": "corrections", "jurisdiction": other_county.pk},
    )
    history = as_coordinator.get(office.get_absolute_url()).text.split('id="history-heading"')[1]
    assert "Department of corrections or detention" in history
    assert "Elsewhere County" in history


def test_facility_contracts_are_edited_with_history(as_lead):
    facility = FacilityFactory()
    response = as_lead.post(
        reverse("targets:facility_edit", args=[facility.pk]),
        {
            "name": facility.name,
            "kind": "county_jail",
            "daily_bed_cost": "150",
            "bed_cost_source_url": "https://example.gov/budget.pdf",
            "contract_kinds": ["igsa", "usms_iga"],
        },
    )
    assert response.status_code == 302
    assert sorted(facility.contracts.values_list("kind", flat=True)) == ["igsa", "usms_iga"]
    as_lead.post(
        reverse("targets:facility_edit", args=[facility.pk]),
        {"name": facility.name, "kind": "county_jail", "contract_kinds": ["igsa"]},
    )
    assert list(facility.contracts.values_list("kind", flat=True)) == ["igsa"]
    from targets.models import FacilityContract

    assert FacilityContract.history.filter(history_type="-").count() == 1
