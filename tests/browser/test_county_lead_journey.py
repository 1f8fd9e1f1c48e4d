"""Issue 8 in a real browser: on a phone, in Spanish, a person looks up 287(g) agreements,
finds their county and offers to lead its campaign; a site administrator with an
authenticator app reviews the offer, approves it and sees the new campaign. axe-core checks
every page on the way (no serious or critical violation)."""

import datetime
import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from actions.models import CampaignPlan, LeadRequest, LeadRequestStatus
from coalition.models import Invitation
from coalition.permissions import Role
from targets.models import Arrangement, Office, Power
from tests.browser.conftest import login
from tests.factories import PASSWORD, UserFactory, enable_totp
from tests.targets.factories import (
    ArrangementFactory,
    CountyFactory,
    OfficeFactory,
    PowerFactory,
    StateFactory,
)

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def _axe(page) -> None:
    """No serious or critical accessibility violation on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated by the browser's tools, not subject to CSP
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target).join(', ')}`);
        }"""
    )
    assert not violations, f"{page.url}: {violations}"


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_person_offers_to_lead_and_staff_approve_it(
    phone_page, page, live_server, transactional_db
):
    texas = StateFactory(name="Texas", fips="48", postal_code="TX")
    harrison = CountyFactory(name="Harrison County", parent=texas, state=texas, fips="48203")
    CountyFactory(name="Harris County", parent=texas, state=texas, fips="48201")
    sheriff = OfficeFactory(name="Harrison County Sheriff's Office", jurisdiction=harrison)
    ArrangementFactory(
        office=sheriff,
        model_287g=Arrangement.Model287g.WARRANT_SERVICE,
        signed_on=datetime.date(2025, 2, 24),
    )
    board = OfficeFactory(
        name="Harrison County Commissioners Court",
        kind=Office.Kind.COUNTY_BOARD,
        jurisdiction=harrison,
    )
    PowerFactory(office=board, kind=Power.Kind.SETS_BUDGET)

    # 1. On a phone set to Spanish: the public index, then the 287(g) lookup for Texas.
    person = phone_page
    person.goto(f"{live_server.url}/act/")
    assert "/es/act/" in person.url
    assert person.locator("html").get_attribute("lang") == "es"
    _axe(person)
    person.locator("a[href='/es/act/287g/']").first.click()
    person.select_option("select[name=state]", "TX")
    person.locator("main form[method=get] button[type=submit]").click()
    person.wait_for_load_state("networkidle")
    assert "state=TX" in person.url
    assert person.get_by_text("Harrison County Commissioners Court").is_visible()
    _fits(person)
    _axe(person)

    # 2. Finds the county by name and opens its page.
    person.goto(f"{live_server.url}/es/act/lead/")
    _axe(person)
    person.fill("input[name=q]", "harrison")
    person.locator("main form[method=get] button[type=submit]").click()
    person.wait_for_load_state("networkidle")
    _fits(person)
    _axe(person)
    person.locator("a[href='/es/act/lead/48203/']").first.click()
    person.wait_for_load_state("networkidle")
    assert person.locator("h1").inner_text() == "Harrison County, TX"
    _fits(person)
    _axe(person)

    # 3. Sends the form once with a bad address (a clear error, nothing stored), then right.
    person.fill("input[name=name]", "Rosa Organizadora")
    person.fill("input[name=email]", "rosa@")
    person.locator("#lead form button[type=submit]").click()
    person.wait_for_load_state("networkidle")
    assert person.get_by_text("Introduzca una dirección de correo electrónico válida.").is_visible()
    assert not LeadRequest.objects.exists()
    _axe(person)
    person.fill("input[name=email]", "rosa@example.org")
    person.fill("input[name=phone]", "903 555 0100")
    person.fill("textarea[name=message]", "Mi congregación está lista.")
    person.locator("#lead form button[type=submit]").click()
    person.wait_for_load_state("networkidle")
    assert "/es/act/lead/48203/?sent=1" in person.url
    assert person.locator("#lead [role=status]").is_visible()
    _fits(person)
    _axe(person)
    offer = LeadRequest.objects.get()
    assert (offer.jurisdiction_id, offer.language, offer.status) == (
        harrison.pk,
        "es",
        LeadRequestStatus.PENDING,
    )

    # 4. A site administrator with an authenticator app reviews and approves the offer.
    staff = UserFactory(email="admin@example.org", name="Ana Admin", is_staff=True)
    secret = enable_totp(staff)
    login(page, live_server, staff.email, PASSWORD)
    page.fill("input[name=code]", _code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/staff/lead-requests/")
    row = page.locator(f"#request-{offer.pk}")
    assert "Harrison County, TX" in row.inner_text()
    assert "rosa@example.org" in row.inner_text()
    assert "Warrant service officer" in row.inner_text()
    _axe(page)
    row.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Mi congregación está lista.").is_visible()
    _axe(page)
    page.fill("textarea[name=note]", "Spoke with Rosa on the phone.")
    page.get_by_role("button", name="Approve and invite as lead").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("End 287(g) in Harrison County, TX").first.is_visible()
    _axe(page)

    # The new campaign, set on the county, with its lead invited.
    plan = CampaignPlan.objects.select_related("campaign").get()
    assert plan.jurisdiction_id == harrison.pk
    invitation = Invitation.objects.get()
    assert (invitation.campaign_id, invitation.role) == (plan.campaign_id, Role.LEAD)
    page.goto(f"{live_server.url}/staff/lead-requests/?status=approved")
    assert page.get_by_text(plan.campaign.name).first.is_visible()

    # The county's public page now says a campaign is organizing there, without naming it.
    person.goto(f"{live_server.url}/es/act/lead/48203/")
    assert plan.campaign.name not in person.content()
