"""A lead with an authenticator app signs in on a phone and changes a member's role."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from coalition.models import Membership
from coalition.permissions import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, MembershipFactory, UserFactory, enable_totp


def test_lead_signs_in_with_a_code_and_changes_a_role_on_a_phone(
    phone_page, live_server, transactional_db, campaign
):
    lead = UserFactory(email="phone.lead@example.org", name="Paula Lead")
    MembershipFactory(campaign=campaign, user=lead, role=Role.LEAD)
    secret = enable_totp(lead)
    volunteer = MembershipFactory(
        campaign=campaign, user=UserFactory(name="Vera Volunteer"), role=Role.VOLUNTEER
    )
    page = phone_page

    login(page, live_server, lead.email, PASSWORD)
    # The second step of signing in asks for the authenticator's code.
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith(f"/c/{campaign.slug}")

    page.goto(f"{live_server.url}/c/{campaign.slug}/members/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"

    row = page.locator(f"#member-{volunteer.pk}")
    row.locator("select").select_option("coordinator")
    with page.expect_response(lambda r: "/role/" in r.url and r.status == 200):
        row.get_by_role("button").first.click()
    # htmx swapped the row in place: the page itself did not reload.
    page.locator(f"#member-{volunteer.pk} option[value=coordinator][selected]").wait_for(
        state="attached"
    )
    assert page.url.endswith("/members/")
    assert Membership.objects.get(pk=volunteer.pk).role == Role.COORDINATOR
