"""Exports of the power map: the print-ready SVG and PDF, the spreadsheet (CSV, XLSX) with its
formulas neutralized, graph data (JSON, GraphML), the export with contacts, and their audit."""

import csv
import datetime
import io
import json

import pytest
from defusedxml import ElementTree as ET
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from targets.models import Priority, Relationship, RelationshipKind, Stance
from targets.power_map.exports import neutralize
from tests.coalition.factories import ContactFactory, OrganizationFactory, affiliate
from tests.conftest import client_for
from tests.targets.factories import (
    AssessmentFactory,
    county_power_structure,
    stance_history,
)

SVG = "{http://www.w3.org/2000/svg}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+2", "-3", "@SUM(A1)", "\tx", "\rx"]


def url(name: str, campaign, **kwargs) -> str:
    return reverse(f"targets:{name}", kwargs={"campaign_slug": campaign.slug, **kwargs})


@pytest.fixture
def places(db):
    return county_power_structure()


@pytest.fixture
def mapped(campaign, places):
    sheriff = AssessmentFactory(
        campaign=campaign,
        office=places["sheriff"],
        stance=Stance.ACTIVE_OPPOSITION,
        influence=5,
        notes="=cmd|' /C calc'!A0",
    )
    board = AssessmentFactory(
        campaign=campaign,
        office=places["board"],
        priority=Priority.SECONDARY,
        stance=Stance.NEUTRAL,
        influence=4,
    )
    stance_history(
        board,
        (datetime.date(2026, 1, 10), None, Stance.PASSIVE_OPPOSITION),
        (datetime.date(2026, 3, 2), Stance.PASSIVE_OPPOSITION, Stance.NEUTRAL),
    )
    union = OrganizationFactory(campaign=campaign, name="+Deputies' Union", stance=-2, influence=3)
    Relationship.objects.create(
        campaign=campaign,
        kind=RelationshipKind.INFLUENCES,
        from_organization=union,
        to_office=places["sheriff"],
        source_note="@endorsement",
    )
    return {"sheriff": sheriff, "board": board, "union": union}


def download(client, campaign, fmt, **params):
    return client.get(url("map_download", campaign, fmt=fmt), params)


@pytest.mark.parametrize("value", FORMULAS)
def test_cells_that_start_like_a_formula_are_neutralized(value):
    assert neutralize(value) == "'" + value
    assert neutralize("Sheriff") == "Sheriff"
    assert neutralize(None) == ""


def test_the_svg_is_well_formed_with_a_legend_and_the_date(as_lead, campaign, mapped, places):
    response = download(as_lead, campaign, "svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("inline;")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Power map: ICE out of Example County" in texts
    today = timezone.localdate()
    assert root.find(f".//{SVG}desc").text.endswith(today.isoformat())
    assert root.find(f".//{SVG}text[@id='map-date']") is not None
    legend = root.find(f".//{SVG}g[@id='legend']")
    legend_text = " ".join(t.text or "" for t in legend.iter(f"{SVG}text"))
    for words in ("Legend", "Official", "Primary target", "sets the budget of", "influences"):
        assert words in legend_text
    actors = root.find(f".//{SVG}g[@id='actors']")
    assert actors.find(f"{SVG}g[@id='node-office-{places['sheriff'].pk}']") is not None
    assert len(root.find(f".//{SVG}g[@id='ties']")) >= 2


def test_names_cannot_inject_markup_into_the_svg(as_lead, campaign, places):
    places["sheriff"].name = '<script>alert(1)</script> & "Sheriff"'
    places["sheriff"].save()
    AssessmentFactory(campaign=campaign, office=places["sheriff"])
    content = download(as_lead, campaign, "svg").content
    root = ET.fromstring(content)  # still well-formed
    assert not list(root.iter(f"{SVG}script"))
    assert b"<script>" not in content


def test_the_pdf_prints_the_map(as_coordinator, campaign, mapped):
    response = download(as_coordinator, campaign, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment;" in response["Content-Disposition"]


def test_the_csv_lists_targets_with_powers_history_and_neutralized_cells(
    as_coordinator, campaign, mapped, places
):
    response = download(as_coordinator, campaign, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    sheriff = by_name[places["sheriff"].name]
    assert sheriff["Priority"] == "Primary target"
    assert sheriff["Stance"] == "Active opposition"
    assert sheriff["Influence (1-5)"] == "5"
    assert "Runs a jail or holding facility" in sheriff["Powers"]
    assert sheriff["Notes"].startswith("'=cmd")
    board = by_name[places["board"].name]
    assert "Passive opposition → Neutral or unknown" in board["History"]
    assert "sets the budget of" in board["Ties"]
    assert "'+Deputies' Union" in by_name
    # No personal data in this export.
    assert "Contacts in the coalition" not in header
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_xlsx_has_three_sheets_of_text(as_coordinator, campaign, mapped, places):
    response = download(as_coordinator, campaign, "xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Actors", "History", "Ties"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue  # an empty cell
                assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                assert not str(cell.value or "").startswith(("=", "+", "-", "@"))
    actors = book["Actors"]
    values = [[c.value for c in row] for row in actors.iter_rows()]
    names = [row[0] for row in values[1:]]
    assert places["sheriff"].name in names and "'+Deputies' Union" in names
    ties = [[c.value for c in row][:3] for row in book["Ties"].iter_rows()][1:]
    assert ["'+Deputies' Union", "influences", places["sheriff"].name] in ties


def test_graphml_parses_with_the_schema_namespace(as_coordinator, campaign, mapped, places):
    response = download(as_coordinator, campaign, "graphml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{GRAPHML}key")}
    assert keys["n_stance"].get("attr.type") == "int"
    assert keys["e_kind"].get("for") == "edge"
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): n for n in graph.findall(f"{GRAPHML}node")}
    sheriff = nodes[f"office-{places['sheriff'].pk}"]
    data = {d.get("key"): d.text for d in sheriff.findall(f"{GRAPHML}data")}
    assert data["n_label"] == places["sheriff"].name and data["n_stance"] == "-2"
    edges = graph.findall(f"{GRAPHML}edge")
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    kinds = {d.text for e in edges for d in e.findall(f"{GRAPHML}data") if d.get("key") == "e_kind"}
    assert {"sets_budget", "controls_facility", "influences"} <= kinds


def test_json_is_node_link_data(as_coordinator, campaign, mapped, places):
    response = download(as_coordinator, campaign, "json")
    data = json.loads(response.content)
    assert data["directed"] is True
    ids = {n["id"] for n in data["nodes"]}
    assert f"office-{places['sheriff'].pk}" in ids
    assert all(link["source"] in ids and link["target"] in ids for link in data["links"])
    derived = [link for link in data["links"] if link["derived"]]
    assert derived and all(link["basis"].startswith("reference data") for link in derived)


@pytest.mark.parametrize("fmt", ["svg", "pdf", "csv", "xlsx", "json", "graphml"])
def test_every_export_is_audited(as_coordinator, campaign, mapped, coordinator, fmt):
    response = download(as_coordinator, campaign, fmt)
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="power_map.exported")
    assert event.actor == coordinator and event.campaign_id == campaign.pk
    assert event.details["format"] == fmt and event.details["personal_data"] is False
    assert {o["model"] for o in event.objects_affected} == {"targets.assessment"}
    assert response["Cache-Control"] == "no-store"


def test_exports_follow_the_maps_filters(as_coordinator, campaign, mapped, places):
    response = download(
        as_coordinator,
        campaign,
        "json",
        filtered="1",
        kinds="office",
        priorities="primary",
    )
    data = json.loads(response.content)
    assert [n["id"] for n in data["nodes"]] == [f"office-{places['sheriff'].pk}"]
    assert AuditEvent.objects.get(action="power_map.exported").details["filtered"] is True


def test_an_unknown_format_is_not_found(as_coordinator, campaign, mapped):
    assert download(as_coordinator, campaign, "docx").status_code == 404
    assert not AuditEvent.objects.filter(action="power_map.exported").exists()


def test_volunteers_and_observers_may_not_export(campaign, mapped, volunteer, observer):
    for user in (volunteer, observer):
        client = client_for(user)
        assert client.get(url("map_export", campaign)).status_code == 403
        assert download(client, campaign, "svg").status_code == 403
    assert not AuditEvent.objects.filter(action="power_map.exported").exists()


def test_outsiders_get_404_for_exports(as_outsider, campaign, mapped):
    assert download(as_outsider, campaign, "csv").status_code == 404
    assert as_outsider.get(url("map_export_contacts", campaign)).status_code == 404


def test_the_export_page_links_every_format(as_coordinator, campaign, mapped):
    page = as_coordinator.get(url("map_export", campaign)).content.decode()
    for fmt in ("svg", "pdf", "xlsx", "csv", "graphml", "json"):
        assert url("map_download", campaign, fmt=fmt) in page


# With contacts: personal data, for leads, with a purpose


@pytest.fixture
def people_of_the_union(campaign, mapped):
    union = mapped["union"]
    AssessmentFactory(
        campaign=campaign, office=None, organization=union, stance=None, influence=None
    )
    reachable = ContactFactory(
        campaign=campaign, name="Rita Reachable", email="rita@example.org", phone="555-0101"
    )
    affiliate(reachable, union, "=president")
    no_email = ContactFactory(
        campaign=campaign,
        name="Omar Optout",
        email="omar@example.org",
        phone="555-0102",
        email_opt_out_at=timezone.now(),
    )
    affiliate(no_email, union)
    gone = ContactFactory(
        campaign=campaign, name="Dana Donotcontact", do_not_contact_at=timezone.now()
    )
    affiliate(gone, union)
    return {"reachable": reachable, "no_email": no_email, "gone": gone}


def test_a_lead_exports_the_spreadsheet_with_contacts_and_a_purpose(
    as_lead, campaign, people_of_the_union, lead
):
    response = as_lead.post(
        url("map_export_contacts", campaign),
        {"format": "csv", "purpose": "Call list for the budget hearing"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    union = next(dict(zip(header, r, strict=True)) for r in rows[1:] if "Union" in r[0])
    contacts = union["Contacts in the coalition"]
    assert "Rita Reachable (=president) · rita@example.org · 555-0101" in contacts
    assert "Omar Optout · 555-0102" in contacts and "omar@example.org" not in contacts
    assert "Dana" not in contacts
    event = AuditEvent.objects.get(action="power_map.exported")
    assert event.actor == lead and event.reason == "Call list for the budget hearing"
    assert event.details["personal_data"] is True and event.details["contacts"] == 2
    named = {(o["model"], o["pk"]) for o in event.objects_affected}
    assert ("coalition.contact", str(people_of_the_union["reachable"].pk)) in named
    assert ("coalition.contact", str(people_of_the_union["gone"].pk)) not in named


def test_the_xlsx_with_contacts(as_lead, campaign, people_of_the_union):
    response = as_lead.post(
        url("map_export_contacts", campaign), {"format": "xlsx", "purpose": "Phone bank"}
    )
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in next(book["Actors"].iter_rows())]
    assert header[-1] == "Contacts in the coalition"


@pytest.mark.parametrize(
    "data", [{"format": "csv", "purpose": ""}, {"format": "pdf", "purpose": "A good reason"}]
)
def test_the_contacts_export_needs_a_purpose_and_a_format(as_lead, campaign, mapped, data):
    response = as_lead.post(url("map_export_contacts", campaign), data)
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="power_map.exported").exists()


def test_coordinators_may_not_export_contacts(as_coordinator, campaign, people_of_the_union):
    response = as_coordinator.post(
        url("map_export_contacts", campaign), {"format": "csv", "purpose": "Phone bank"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="power_map.exported").exists()


def test_without_weasyprint_the_pdf_export_says_so_and_changes_nothing(
    as_lead, campaign, monkeypatch
):
    import sys

    from django.urls import reverse

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    url = reverse("targets:map_download", kwargs={"campaign_slug": campaign.slug, "fmt": "pdf"})
    response = as_lead.get(url, follow=True)
    assert response.status_code == 200
    assert "cannot make PDFs" in response.content.decode()
