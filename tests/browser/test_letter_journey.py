"""Issue 8's letters in a real browser: someone on a phone reads the letter each official will
get, makes a mistake, sends it; then the campaign's lead, signed in, finds the two letters in
the outbox with the sender's name merged in."""

import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from actions.models import LetterCampaign, OutboxMessage, OutboxStatus, PublicStatus
from coalition.permissions import Role
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import PASSWORD, MembershipFactory, UserFactory, enable_totp
from tests.targets.factories import CountyFactory, OfficeFactory, OfficialFactory

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()


def _blocking_violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']}
        })"""
    )
    return [
        f"{v['impact']}: {v['id']} at {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _letter_campaign(campaign) -> LetterCampaign:
    county = CountyFactory(name="Example County")
    sheriff = OfficialFactory(
        office=OfficeFactory(name="Example County Sheriff's Office", jurisdiction=county),
        name="Ana Ruiz",
        title="Sheriff",
        email="sheriff@example.gov",
    )
    supervisor = OfficialFactory(
        office=OfficeFactory(name="Example County Board", jurisdiction=county),
        name="Ben Cho",
        title="Supervisor",
        email="cho@example.gov",
    )
    letter_campaign = LetterCampaign.objects.create(
        campaign=campaign,
        slug="write-example-county",
        title="Write to the Sheriff and the Board",
        text="Tell them: no more ICE holds in Example County.",
        subject="No more ICE holds",
        body=(
            "Dear {recipient_position} {recipient_name},\n\n"
            "Please stop holding people for ICE.\n\n{sender_name}\n{sender_place}"
        ),
        status=PublicStatus.OPEN,
    )
    letter_campaign.recipients.set([sheriff, supervisor])
    return letter_campaign


def test_a_letter_sent_from_a_phone_reaches_the_leads_outbox(
    browser, page, live_server, transactional_db, campaign
):
    letter_campaign = _letter_campaign(campaign)
    lead = UserFactory(email="letters.lead@example.org", name="Lena Lead")
    MembershipFactory(campaign=campaign, user=lead, role=Role.LEAD)
    secret = enable_totp(lead)
    mail.outbox = []

    # The public, on a phone: no account. axe is injected from the test, hence bypass_csp.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(f"{live_server.url}/en/act/letters/{letter_campaign.slug}/")
    phone.get_by_role("heading", name="Write to the Sheriff and the Board").wait_for()
    letters = phone.locator("details.letter-to")
    assert letters.count() == 2
    assert "Dear Sheriff Ana Ruiz," in letters.nth(0).inner_text()
    letters.nth(1).locator("summary").click()
    assert "Dear Supervisor Ben Cho," in letters.nth(1).inner_text()
    assert "[your name]" in letters.nth(1).inner_text()

    # A mistake first: the page says what is wrong, next to the field, and stores nothing.
    phone.get_by_label("Your name").fill("María López")
    phone.get_by_label("Your email").fill("maria-at-example.org")
    phone.get_by_label("Your town or postal code").fill("Example City")
    phone.get_by_role("button", name="Send my 2 letters").click()
    phone.get_by_role("alert").get_by_text("like name@example.org").wait_for()
    assert phone.get_by_label("Your email").get_attribute("aria-invalid") == "true"
    assert not _blocking_violations(phone)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the phone"
    assert not OutboxMessage.objects.exists()

    phone.get_by_label("Your email").fill("maria@example.org")
    phone.get_by_role("button", name="Send my 2 letters").click()
    phone.get_by_role("heading", name="Thank you!").wait_for()
    assert phone.locator(".letters-count .count").inner_text() == "1"
    assert "María" not in phone.content()
    assert not _blocking_violations(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "letter_sent_on_a_phone.png"), full_page=True)
    context.close()

    # The lead, signed in with a second factor, finds both letters in the outbox.
    login(page, live_server, lead.email, PASSWORD)
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/c/{campaign.slug}/letters/")
    page.get_by_role("link", name="Write to the Sheriff and the Board").click()
    page.get_by_role("button", name="Outbox").click()
    page.get_by_role("heading", name="Outbox", level=1).wait_for()
    rows = page.locator("table.outbox tbody tr")
    assert rows.count() == 2
    texts = []
    for n in range(2):
        row = rows.nth(n)
        assert "María López" in row.inner_text()
        assert row.locator(".outbox-status").inner_text() == "Sent"
        row.locator("summary").click()
        texts.append(row.locator(".letter-text").inner_text())
    merged = "\n".join(texts)
    assert "Dear Sheriff Ana Ruiz," in merged
    assert "Dear Supervisor Ben Cho," in merged
    assert merged.count("María López") == 2 and merged.count("Example City") == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["cho@example.gov", "sheriff@example.gov"]
