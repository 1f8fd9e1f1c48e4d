"""Passkeys (WebAuthn) for real: Chromium's virtual authenticator stands in for a phone or a
security key, through the Chrome DevTools Protocol."""

from allauth.mfa.models import Authenticator

from tests.browser.conftest import login
from tests.factories import PASSWORD, UserFactory


def test_add_a_passkey_then_sign_in_with_it_alone(page, live_server, transactional_db):
    user = UserFactory(email="passkey.user@example.org")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    login(page, live_server, user.email, PASSWORD)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/?passwordless")
    if page.locator("input[name=password]").count():  # allauth asks for the password again
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
    page.fill("input[name=name]", "My phone")
    page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.get_by_text("Security key added.").wait_for()
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert authenticator.wrap().name == "My phone"

    # Sign out, then sign in with the passkey only: no address, no password.
    page.goto(f"{live_server.url}/accounts/logout/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    assert page.locator("summary", has_text=user.get_short_name()).is_visible()
    assert page.get_by_text("You are not a member of any campaign yet").is_visible()
