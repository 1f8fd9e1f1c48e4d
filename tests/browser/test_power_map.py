"""The power map in a real browser: the demo coordinator marks the sheriff and the county board
as targets, records a meeting-driven change of stance, sees the map move (Cytoscape draws it)
and opens the SVG export; the demo lead, signed in with a code, reads the map on a phone."""

import datetime
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.utils import timezone

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from coalition.models import Campaign
from core.models import User
from targets.models import Assessment, Jurisdiction, Office, Power, StanceChange
from targets.services import save_jurisdiction
from tests.browser.conftest import login
from tests.coalition.factories import MeetingFactory
from tests.factories import enable_totp
from tests.targets.factories import AssessmentFactory, county_power_structure

SHERIFF = "Example County Sheriff's Office"
BOARD = "Example County Board of Supervisors"


def _example_county() -> dict[str, Office]:
    """The demo's county with its sheriff, board (which sets the budget) and jail."""
    county = Jurisdiction.objects.filter(
        name="Example County", kind__in=Jurisdiction.COUNTY_LEVEL
    ).first()
    if county is None:
        state = save_jurisdiction(
            jurisdiction=Jurisdiction(
                name="Anystate", kind=Jurisdiction.Kind.STATE, postal_code="AS"
            )
        )
        county = save_jurisdiction(
            jurisdiction=Jurisdiction(
                name="Example County", kind=Jurisdiction.Kind.COUNTY, parent=state
            )
        )
    if not Office.objects.filter(name=SHERIFF).exists():
        county_power_structure(county)
    board = Office.objects.get(name=BOARD)
    Power.objects.get_or_create(office=board, kind=Power.Kind.SETS_BUDGET)
    return {"sheriff": Office.objects.get(name=SHERIFF), "board": board}


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def _map_ready(page) -> None:
    page.locator("#power-map[data-ready=true]").wait_for()


def _put_on_map(page, name: str, priority: str, stance: str, influence: str) -> None:
    page.get_by_role("button", name="Put someone on the map").click()
    page.get_by_role("button", name=f"Choose {name}").click()
    page.select_option("select[name=priority]", priority)
    page.select_option("select[name=stance]", stance)
    page.select_option("select[name=influence]", influence)
    page.get_by_role("button", name="Put on the map").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("heading", name=name, exact=True).wait_for()


def test_coordinator_maps_targets_records_a_meeting_and_exports_the_map(
    page, live_server, transactional_db
):
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    offices = _example_county()
    campaign = Campaign.objects.get(slug="example-county")
    meeting = MeetingFactory(
        campaign=campaign,
        kind="target",
        title="Budget meeting with the board",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    login(page, live_server, "coordinator@example.org", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/c/example-county/targets/")
    page.get_by_role("link", name="Open the power map").click()
    _put_on_map(page, SHERIFF, "primary", "-2", "5")
    page.goto(f"{live_server.url}/c/example-county/targets/map/")
    _put_on_map(page, BOARD, "secondary", "0", "4")

    # On the board's card: the meeting moved it to passive support.
    form = page.locator("form[action$='/stance/']")
    form.locator("select[name=stance]").select_option("1")
    form.get_by_label("A meeting").check()
    form.locator("select[name=meeting]").select_option(str(meeting.pk))
    form.locator("textarea[name=evidence_text]").fill("Two supervisors asked for the jail's costs.")
    form.get_by_role("button", name="Record the change").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Passive support").first.is_visible()
    board = Assessment.objects.get(campaign=campaign, office=offices["board"])
    change = StanceChange.objects.get(assessment=board, meeting=meeting)
    assert (change.stance_before, change.stance_after) == (0, 1)

    # The map draws both, the board in the passive-support lane, and the budget tie.
    page.goto(f"{live_server.url}/c/example-county/targets/map/")
    _map_ready(page)
    _fits(page)
    board_id, sheriff_id = f"office-{offices['board'].pk}", f"office-{offices['sheriff'].pk}"
    drawn = page.evaluate(
        """([board, sheriff]) => {
            const cy = window.brightlinePowerMap;
            const lanes = JSON.parse(document.getElementById('graph-data').textContent).columns;
            const x = cy.$id(board).position('x');
            return {
                actors: cy.nodes('.actor').length,
                sheriff: cy.$id(sheriff).length,
                boardLane: lanes.findIndex(l => l.start <= x && x <= l.end),
                budget: cy.edges('[kind = "sets_budget"]')
                    .map(e => [e.source().id(), e.target().id()]),
                rendered: cy.$id(board).renderedBoundingBox().w > 0,
            };
        }""",
        [board_id, sheriff_id],
    )
    assert drawn["actors"] >= 3 and drawn["sheriff"] == 1 and drawn["rendered"]
    assert drawn["boardLane"] == 3  # passive support
    assert drawn["budget"] == [[board_id, sheriff_id]]

    # Tapping the board opens its card, with the meeting in its history.
    page.evaluate("(id) => window.brightlinePowerMap.$id(id).emit('tap')", board_id)
    card = page.locator("#node-card")
    card.wait_for(state="visible")
    assert card.get_by_text("Budget meeting with the board", exact=False).is_visible()

    # The table without JavaScript holds the same rows.
    assert page.locator(f"#row-{board_id} td").nth(3).inner_text().strip() == "Passive support"

    # The SVG export opens in a new tab and renders, with its legend.
    page.get_by_role("button", name="Export").click()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Picture to print (SVG)").click()
    svg_page = opened.value
    svg_page.wait_for_load_state()
    shown = svg_page.evaluate(
        """() => ({
            ns: document.documentElement.namespaceURI,
            legend: !!document.getElementById('legend'),
            width: document.documentElement.getBBox().width,
            names: Array.from(document.querySelectorAll('text')).map(t => t.textContent),
        })"""
    )
    svg_page.close()
    assert shown["ns"] == "http://www.w3.org/2000/svg" and shown["legend"]
    assert shown["width"] > 500
    assert any("Supervisors" in name for name in shown["names"])


def test_lead_reads_the_map_on_a_phone(phone_page, live_server, transactional_db):
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    offices = _example_county()
    campaign = Campaign.objects.get(slug="example-county")
    AssessmentFactory(campaign=campaign, office=offices["sheriff"], stance=-2, influence=5)
    secret = enable_totp(User.objects.get(email="lead@example.org"))
    page = phone_page

    login(page, live_server, "lead@example.org", DEMO_PASSWORD)
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/c/example-county/targets/map/")
    _map_ready(page)
    _fits(page)
    sheriff_id = f"office-{offices['sheriff'].pk}"
    assert page.evaluate("(id) => window.brightlinePowerMap.$id(id).length", sheriff_id) == 1
    page.evaluate("(id) => window.brightlinePowerMap.$id(id).emit('tap')", sheriff_id)
    page.locator("#node-card").wait_for(state="visible")
    _fits(page)
    # Filtering by kind hides the organizations on the canvas without a reload.
    page.locator(".map-filters summary").click()
    page.locator("input[name=kinds][value=organization]").uncheck()
    # The filter applies on the change event; wait for it rather than race it.
    page.wait_for_function(
        "() => { const orgs = window.brightlinePowerMap.nodes('.kind-organization');"
        " return orgs.length > 0 && orgs.every(n => n.hidden()); }"
    )
