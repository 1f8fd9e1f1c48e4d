"""The map page: placement, ties typed by the campaign and drawn from the reference data,
filters, relationships, the movement view, and a query count that does not grow with rows."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from targets.models import (
    Office,
    Power,
    Priority,
    Relationship,
    RelationshipKind,
    Stance,
)
from targets.power_map.graph import MapFilters, build_power_map
from tests.coalition.factories import ContactFactory, OrganizationFactory, affiliate
from tests.conftest import client_for
from tests.targets.factories import (
    AssessmentFactory,
    CountyFactory,
    FacilityFactory,
    OfficeFactory,
    OfficialFactory,
    PowerFactory,
    county_power_structure,
    stance_history,
)


def url(name: str, campaign, **kwargs) -> str:
    return reverse(f"targets:{name}", kwargs={"campaign_slug": campaign.slug, **kwargs})


def graph_of(response) -> dict:
    match = re.search(
        r'<script id="graph-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page passes the graph as JSON"
    return json.loads(match.group(1))


@pytest.fixture
def places(db):
    return county_power_structure()


@pytest.fixture
def mapped(campaign, places):
    """The sheriff (primary), the board (secondary) and the sheriff in office on the map."""
    sheriff = AssessmentFactory(
        campaign=campaign, office=places["sheriff"], stance=Stance.ACTIVE_OPPOSITION, influence=5
    )
    board = AssessmentFactory(
        campaign=campaign,
        office=places["board"],
        priority=Priority.SECONDARY,
        stance=Stance.NEUTRAL,
        influence=4,
    )
    official = AssessmentFactory(
        campaign=campaign, office=None, official=places["official"], stance=-1, influence=5
    )
    return {"sheriff": sheriff, "board": board, "official": official}


def test_everyone_in_the_campaign_reads_the_map(campaign, people, mapped, places):
    for role in ("lead", "coordinator", "volunteer", "observer"):
        response = client_for(people[role]).get(url("power_map", campaign))
        assert response.status_code == 200, role
        assert f'id="row-office-{places["sheriff"].pk}"' in response.content.decode()


def test_the_map_places_actors_by_stance_and_influence(as_volunteer, campaign, mapped, places):
    graph = graph_of(as_volunteer.get(url("power_map", campaign)))
    nodes = {n["id"]: n for n in graph["nodes"]}
    sheriff = nodes[f"office-{places['sheriff'].pk}"]
    board = nodes[f"office-{places['board'].pk}"]
    columns = graph["columns"]
    assert columns[0]["start"] <= sheriff["x"] <= columns[0]["end"]  # active opposition
    assert columns[2]["start"] <= board["x"] <= columns[2]["end"]  # neutral
    assert sheriff["y"] < board["y"]  # influence 5 above influence 4
    assert sheriff["priority"] == "primary" and board["priority"] == "secondary"
    assert sheriff["card"]["stance"] == "Active opposition"
    assert "Runs a jail or holding facility" in sheriff["card"]["powers"]


def test_ties_come_from_the_reference_data_without_typing_them(
    as_volunteer, campaign, mapped, places
):
    edges = {
        (e["kind"], e["source"], e["target"]): e
        for e in graph_of(as_volunteer.get(url("power_map", campaign)))["edges"]
    }
    sheriff, board = f"office-{places['sheriff'].pk}", f"office-{places['board'].pk}"
    # The board sets the sheriff's budget (a power of the board, in the same county).
    assert edges[("sets_budget", board, sheriff)]["derived"] is True
    # The sheriff controls the jail, which appears on the map.
    assert ("controls_facility", sheriff, f"facility-{places['jail'].pk}") in edges
    # The sheriff in office holds the office.
    assert ("holds_office", f"official-{places['official'].pk}", sheriff) in edges
    # The board appoints the executive, who is not on the map: no tie is drawn to nowhere.
    assert not [k for k in edges if k[0] == "appoints"]


def test_appointments_and_board_membership_are_drawn(campaign, places):
    AssessmentFactory(campaign=campaign, office=places["board"])
    AssessmentFactory(campaign=campaign, office=places["executive"])
    member = OfficialFactory(office=places["board"], title="Supervisor, District 2")
    AssessmentFactory(campaign=campaign, office=None, official=member)
    built = build_power_map(campaign)
    kinds = {(e.kind, e.source, e.target) for e in built.edges}
    board, executive = f"office-{places['board'].pk}", f"office-{places['executive'].pk}"
    assert (RelationshipKind.APPOINTS, board, executive) in kinds
    assert (RelationshipKind.MEMBER_OF, f"official-{member.pk}", board) in kinds
    # Two offices that both set budgets do not set each other's.
    assert not [k for k in kinds if k[0] == RelationshipKind.SETS_BUDGET]


def test_a_budget_power_elsewhere_draws_no_tie(campaign, places):
    other_county = CountyFactory()
    council = OfficeFactory(kind=Office.Kind.COUNTY_BOARD, jurisdiction=other_county)
    PowerFactory(office=council, kind=Power.Kind.SETS_BUDGET)
    AssessmentFactory(campaign=campaign, office=council)
    AssessmentFactory(campaign=campaign, office=places["sheriff"])
    kinds = [e.kind for e in build_power_map(campaign).edges]
    assert kinds == [RelationshipKind.CONTROLS_FACILITY]


def test_allies_appear_with_their_own_stance_and_influence(as_volunteer, campaign, mapped):
    ally = OrganizationFactory(campaign=campaign, name="Faith Table", stance=2, influence=3)
    OrganizationFactory(campaign=campaign, name="Not Assessed Yet", stance=None, influence=None)
    contact = ContactFactory(campaign=campaign)
    affiliate(contact, ally)
    graph = graph_of(as_volunteer.get(url("power_map", campaign)))
    names = {n["card"]["name"]: n for n in graph["nodes"]}
    assert names["Faith Table"]["kind"] == "organization"
    assert names["Faith Table"]["x"] > graph["columns"][4]["start"]
    # A count, never the people themselves.
    assert names["Faith Table"]["card"]["contacts"] == 1
    assert contact.name not in json.dumps(graph)
    assert "Not Assessed Yet" not in names


def test_the_map_filters_by_kind_priority_and_tie(as_volunteer, campaign, mapped, places):
    response = as_volunteer.get(
        url("power_map", campaign),
        {"filtered": "1", "kinds": ["office"], "priorities": ["primary", "secondary"]},
    )
    graph = graph_of(response)
    assert {n["kind"] for n in graph["nodes"]} == {"office"}
    assert graph["edges"] == []  # no relationship kind chosen
    response = as_volunteer.get(
        url("power_map", campaign),
        {
            "filtered": "1",
            "kinds": ["office", "facility"],
            "priorities": ["primary", "secondary", "context"],
            "relationships": ["controls_facility"],
        },
    )
    graph = graph_of(response)
    assert [e["kind"] for e in graph["edges"]] == []  # ties from the reference data are off
    assert "1 actor hidden" in response.content.decode()


def test_bad_filters_show_the_whole_map(as_volunteer, campaign, mapped):
    response = as_volunteer.get(url("power_map", campaign), {"filtered": "1", "kinds": ["dragon"]})
    assert response.status_code == 200
    assert len(graph_of(response)["nodes"]) == 4  # three actors and the jail
    assert "were not valid" in response.content.decode()


def test_an_empty_map_says_where_to_start(as_coordinator, campaign):
    response = as_coordinator.get(url("power_map", campaign))
    assert response.status_code == 200
    assert "Nothing on the map yet." in response.content.decode()


def test_the_map_page_needs_no_inline_script(as_volunteer, campaign, mapped):
    page = as_volunteer.get(url("power_map", campaign)).content.decode()
    assert "/static/vendor/cytoscape/cytoscape.min.js" in page
    assert "/static/targets/power_map.js" in page
    assert 'id="__________cytoscape_stylesheet"' in page


def _grow(campaign, n: int) -> None:
    for i in range(n):
        office = OfficeFactory(kind=Office.Kind.POLICE)
        PowerFactory(office=office, kind=Power.Kind.MAKES_ARRESTS)
        FacilityFactory(controlling_office=office)
        assessment = AssessmentFactory(campaign=campaign, office=office, stance=i % 5 - 2)
        stance_history(assessment, (datetime.date(2026, 1, 1), None, assessment.stance))
        official = OfficialFactory(office=office)
        AssessmentFactory(campaign=campaign, office=None, official=official)
        organization = OrganizationFactory(campaign=campaign, stance=1)
        AssessmentFactory(
            campaign=campaign, office=None, organization=organization, stance=None, influence=None
        )
        Relationship.objects.create(
            campaign=campaign,
            kind=RelationshipKind.INFLUENCES,
            from_organization=organization,
            to_office=office,
        )


@pytest.mark.parametrize("name", ["power_map", "movement", "map_export", "relationship_create"])
def test_queries_do_not_grow_with_the_number_of_targets(as_lead, campaign, name):
    _grow(campaign, 2)
    with CaptureQueriesContext(connection) as few:
        assert as_lead.get(url(name, campaign)).status_code == 200
    _grow(campaign, 12)
    with CaptureQueriesContext(connection) as many:
        assert as_lead.get(url(name, campaign)).status_code == 200
    assert len(many) == len(few), f"{len(few)} queries with 2 rows, {len(many)} with 14"


@pytest.mark.parametrize("fmt", ["svg", "csv", "xlsx", "json", "graphml"])
def test_export_queries_do_not_grow_with_the_number_of_targets(as_lead, campaign, fmt):
    _grow(campaign, 2)
    with CaptureQueriesContext(connection) as few:
        assert as_lead.get(url("map_download", campaign, fmt=fmt)).status_code == 200
    _grow(campaign, 12)
    with CaptureQueriesContext(connection) as many:
        assert as_lead.get(url("map_download", campaign, fmt=fmt)).status_code == 200
    assert len(many) == len(few)


def test_the_detail_page_shows_the_ties_and_the_history(as_volunteer, campaign, mapped, places):
    stance_history(
        mapped["board"],
        (datetime.date(2026, 1, 10), None, Stance.PASSIVE_OPPOSITION),
        (datetime.date(2026, 3, 2), Stance.PASSIVE_OPPOSITION, Stance.NEUTRAL),
    )
    page = as_volunteer.get(mapped["board"].get_absolute_url()).content.decode()
    assert "sets the budget of" in page
    assert "Passive opposition → Neutral or unknown" in page
    assert "Said so at the forum." in page


# Relationships typed by the campaign


def test_a_coordinator_adds_a_relationship(as_coordinator, campaign, mapped, places):
    union = OrganizationFactory(campaign=campaign, name="Deputies' Union", stance=-2)
    response = as_coordinator.post(
        url("relationship_create", campaign),
        {
            "kind": "influences",
            "source": f"organization-{union.pk}",
            "target": f"office-{places['sheriff'].pk}",
            "started_on": "2024-01-01",
            "source_url": "https://news.example.org/endorsement",
            "source_note": "Endorsed the sheriff",
        },
    )
    assert response.status_code == 302
    relationship = Relationship.objects.for_campaign(campaign).get()
    assert relationship.from_organization == union and relationship.to_office == places["sheriff"]
    assert relationship.started_on == datetime.date(2024, 1, 1)
    edges = graph_of(as_coordinator.get(url("power_map", campaign)))["edges"]
    assert {"influences"} <= {e["kind"] for e in edges if not e["derived"]}
    assert AuditEvent.objects.filter(action="power_map.relationship_added").exists()


def test_a_tie_the_reference_data_holds_is_not_typed_twice(
    as_coordinator, campaign, mapped, places
):
    response = as_coordinator.post(
        url("relationship_create", campaign),
        {
            "kind": "sets_budget",
            "source": f"office-{places['board'].pk}",
            "target": f"office-{places['sheriff'].pk}",
        },
    )
    assert response.status_code == 400
    assert "reference data already records this" in response.content.decode()
    assert not Relationship.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "reports_to", "source": "{sheriff}", "target": "{sheriff}"}, "two different"),
        ({"kind": "reports_to", "source": "{sheriff}", "target": "{jail}"}, "only be controlled"),
        ({"kind": "controls_facility", "source": "{board}", "target": "{sheriff}"}, "a facility"),
        ({"kind": "holds_office", "source": "{sheriff}", "target": "{board}"}, "valid choice"),
        ({"kind": "reports_to", "source": "office-999999", "target": "{board}"}, "valid choice"),
        (
            {
                "kind": "reports_to",
                "source": "{sheriff}",
                "target": "{board}",
                "started_on": "2025-01-01",
                "ended_on": "2024-01-01",
            },
            "end comes after",
        ),
    ],
)
def test_bad_relationships_are_refused(as_coordinator, campaign, mapped, places, data, message):
    ids = {
        "sheriff": f"office-{places['sheriff'].pk}",
        "board": f"office-{places['board'].pk}",
        "jail": f"facility-{places['jail'].pk}",
    }
    data = {k: v.format(**ids) for k, v in data.items()}
    response = as_coordinator.post(url("relationship_create", campaign), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Relationship.objects.exists()


def test_another_campaigns_organization_is_not_a_choice(
    as_coordinator, campaign, other_campaign, mapped, places
):
    theirs = OrganizationFactory(campaign=other_campaign, stance=1, influence=2)
    response = as_coordinator.post(
        url("relationship_create", campaign),
        {
            "kind": "influences",
            "source": f"organization-{theirs.pk}",
            "target": f"office-{places['sheriff'].pk}",
        },
    )
    assert response.status_code == 400
    assert not Relationship.objects.exists()


def test_relationships_are_edited_and_removed(as_coordinator, campaign, mapped, places):
    relationship = Relationship.objects.create(
        campaign=campaign,
        kind=RelationshipKind.REPORTS_TO,
        from_office=places["sheriff"],
        to_office=places["board"],
    )
    response = as_coordinator.post(
        url("relationship_edit", campaign, pk=relationship.pk),
        {
            "kind": "influences",
            "source": f"office-{places['sheriff'].pk}",
            "target": f"office-{places['board'].pk}",
            "source_note": "Budget hearing, March",
        },
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.kind == "influences" and relationship.source_note == "Budget hearing, March"
    response = as_coordinator.post(url("relationship_delete", campaign, pk=relationship.pk))
    assert response.status_code == 302
    assert not Relationship.objects.exists()
    assert AuditEvent.objects.filter(action="power_map.relationship_deleted").exists()


def test_relationships_of_another_campaign_are_out_of_reach(
    as_coordinator, campaign, other_campaign, places
):
    theirs = Relationship.objects.create(
        campaign=other_campaign,
        kind=RelationshipKind.REPORTS_TO,
        from_office=places["sheriff"],
        to_office=places["board"],
    )
    assert as_coordinator.get(url("relationship_edit", campaign, pk=theirs.pk)).status_code == 404
    assert (
        as_coordinator.post(url("relationship_delete", campaign, pk=theirs.pk)).status_code == 404
    )
    assert Relationship.objects.filter(pk=theirs.pk).exists()


def test_volunteers_may_not_touch_relationships(campaign, mapped, places, volunteer):
    client = client_for(volunteer)
    assert client.get(url("relationship_create", campaign)).status_code == 403
    response = client.post(
        url("relationship_create", campaign),
        {
            "kind": "reports_to",
            "source": f"office-{places['sheriff'].pk}",
            "target": f"office-{places['board'].pk}",
        },
    )
    assert response.status_code == 403
    assert not Relationship.objects.exists()


# Movement over the campaign


def test_the_movement_view_shows_who_moved_when_and_after_what(as_volunteer, campaign, mapped):
    stance_history(
        mapped["board"],
        (datetime.date(2026, 1, 10), None, Stance.PASSIVE_OPPOSITION),
        (datetime.date(2026, 3, 2), Stance.PASSIVE_OPPOSITION, Stance.PASSIVE_SUPPORT),
    )
    stance_history(
        mapped["sheriff"],
        (datetime.date(2026, 1, 10), None, Stance.PASSIVE_OPPOSITION),
        (datetime.date(2026, 4, 2), Stance.PASSIVE_OPPOSITION, Stance.ACTIVE_OPPOSITION),
    )
    response = as_volunteer.get(url("movement", campaign))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 move towards support" in page and "1 move towards opposition" in page
    assert "Passive opposition → Passive support" in page
    assert "Said so at the forum." in page
    assert page.count("<polyline") == 2  # one line for each actor who moved
    assert response.context["rows"][0]["change"].happened_on == datetime.date(2026, 4, 2)


def test_the_movement_view_without_moves(as_volunteer, campaign, mapped):
    page = as_volunteer.get(url("movement", campaign)).content.decode()
    assert "No one has moved yet" in page


def test_filters_leave_the_default_map_alone():
    assert MapFilters().is_default
    assert not MapFilters(derived=False).is_default
