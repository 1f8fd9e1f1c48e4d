"""The foundation's journey in a real browser: the demo lead signs in, is asked for a second
factor, enrols an authenticator app, reaches the campaign home, and switches to Spanish."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import login


def _totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_demo_lead_enrols_a_second_factor_reaches_home_and_reads_spanish(
    page, live_server, transactional_db
):
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    login(page, live_server, "lead@example.org", DEMO_PASSWORD)

    # Two campaigns: the dashboard lists both; opening one asks a lead for a second factor.
    page.get_by_role("link", name="ICE out of Example County").first.click()
    assert "/accounts/2fa/" in page.url
    assert page.get_by_text("set up a second factor").is_visible()

    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a second factor can be added.
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", _totp(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/c/example-county/")
    assert page.get_by_role("heading", name="ICE out of Example County").is_visible()
    assert page.get_by_text("Valeria Volunteer").is_visible()
    assert page.get_by_role("heading", name=re.compile("Lead")).first.is_visible()

    # The language switcher is a form on every page; ES turns the page Spanish.
    page.click("form.lang-switch button[value=es]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/c/example-county/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Miembros").is_visible()
    assert page.get_by_role("link", name="Resumen").is_visible()
