"""The demo coordinator logs a meeting on a phone: two organizations and their people, an
official from the reference data, a follow-up, and the follow-up on the campaign home."""

from django.core.management import call_command

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from coalition.models import FollowUp, Meeting
from tests.browser.conftest import login
from tests.targets.factories import OfficialFactory


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


def test_coordinator_logs_a_meeting_and_a_follow_up_on_a_phone(
    phone_page, live_server, transactional_db
):
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    OfficialFactory(name="Sheriff Jane Example", title="Sheriff")
    page = phone_page
    login(page, live_server, "coordinator@example.org", DEMO_PASSWORD)

    base = f"{live_server.url}/c/example-county/coalition"
    page.goto(f"{base}/meetings/new/")
    _fits(page)
    page.select_option("select[name=kind]", "target")
    page.fill("input[name=title]", "Meeting with the sheriff about the 287(g) agreement")
    page.fill("input[name=starts_at]", "2026-05-04T10:00")
    page.fill("input[name=location]", "Sheriff's office, 2nd floor")

    # Choosing the organizations brings up their people (htmx, without saving).
    organizations = page.locator("select[name=organizations]")
    organizations.select_option(
        label=["Example County Immigrant Rights Network", "First Street Congregation"]
    )
    page.locator("#attendee-picks label", has_text="Ana Ejemplo").wait_for()
    page.locator("#attendee-picks label", has_text="Ana Ejemplo").locator("input").check()
    page.locator("#attendee-picks label", has_text="Samuel Sample").locator("input").check()

    # Officials come from the reference data, found by a lookup.
    page.fill("input[name=official_lookup]", "sheriff jane")
    page.click("button[name=refresh]")
    official = page.locator("#attendee-picks label", has_text="Sheriff Jane Example")
    official.wait_for()
    official.locator("input").check()
    # The people chosen before the lookup are still chosen.
    assert (
        page.locator("#attendee-picks label", has_text="Ana Ejemplo").locator("input").is_checked()
    )
    page.fill("textarea[name=decisions]", "The sheriff will answer our demands in two weeks.")
    _fits(page)
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")

    meeting = Meeting.objects.get(title__startswith="Meeting with the sheriff")
    assert page.url.endswith(f"/coalition/meetings/{meeting.pk}/")
    assert {c.name for c in meeting.contacts.all()} == {"Ana Ejemplo", "Samuel Sample"}
    assert meeting.organizations.count() == 2
    assert [o.name for o in meeting.officials.all()] == ["Sheriff Jane Example"]
    assert page.get_by_text("Sheriff Jane Example").is_visible()
    _fits(page)

    # A follow-up from the meeting, owned by the coordinator.
    form = page.locator("#followups form")
    form.locator("input[name=title]").fill("Send the sheriff the cost estimate")
    form.locator("select[name=owner]").select_option(label="Carlos Coordinator")
    form.locator("input[name=due_on]").fill("2026-05-11")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    followup = FollowUp.objects.get(title="Send the sheriff the cost estimate")
    assert followup.meeting == meeting

    # The campaign home lists it under "My follow-ups".
    page.goto(f"{live_server.url}/c/example-county/")
    _fits(page)
    mine = page.locator("#home-followups article").first
    assert mine.get_by_text("Send the sheriff the cost estimate").is_visible()
