"""A coordinator imports a contacts spreadsheet through the web: the dry run lists what it
would do and saves nothing; confirming writes the rows the dry run checked (kept, encrypted)
and the job page says it is done."""

import pytest
from django.urls import reverse

from coalition.models import Contact
from exchange.models import Job, StagedRows
from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

CSV = (
    "name,email,phone,preferred_channel,languages\r\n"
    "Ana Ruiz,ana@example.org,(555) 010-2000,email,es en\r\n"
    "Bo Li,bo@example.org,,,\r\n"
    "Cy Zed,,+1 555 010 3000,call,en\r\n"
)


def test_coordinator_dry_runs_then_confirms_a_contacts_import(
    page, live_server, campaign, coordinator, tmp_path
):
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(CSV, encoding="utf-8")
    login(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/exchange/c/{campaign.slug}/import/contacts/")
    page.set_input_files("input[name=file]", str(sheet))
    page.get_by_role("button", name="Dry run").click()
    page.wait_for_load_state("networkidle")

    page.get_by_text("3 to create, 0 to update, 0 refused.").wait_for()
    assert not Contact.objects.for_campaign(campaign).exists()  # a dry run saves nothing
    job = Job.objects.for_campaign(campaign).get()
    assert StagedRows.objects.filter(job=job).count() == 2  # what they hold, and one batch

    page.get_by_role("button", name="Confirm the import").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Done").first.wait_for()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report["applied_from_dry_run"] is True
    assert page.get_by_text("3 of 3 rows").is_visible()
    contacts = Contact.objects.for_campaign(campaign)
    assert sorted(c.name for c in contacts) == ["Ana Ruiz", "Bo Li", "Cy Zed"]
    assert not StagedRows.objects.filter(job=job).exists()

    contacts_page = reverse("coalition:contact_list", kwargs={"campaign_slug": campaign.slug})
    page.goto(f"{live_server.url}{contacts_page}?q=ana@example.org")  # by the keyed hash
    assert page.get_by_text("Ana Ruiz").first.is_visible()
