"""Issue 7's timeline in a real browser: the demo coordinator opens the campaign timeline,
picks last month, narrows it to actions, and downloads it as a spreadsheet."""

import csv
import io

from django.core.management import call_command
from django.utils.formats import date_format

from actions.demo import demo_month, seed_plan
from coalition.management.commands.seed_demo import DEMO_PASSWORD
from coalition.models import Campaign
from tests.browser.conftest import login


def test_a_month_of_the_campaign_filtered_and_downloaded(page, live_server, transactional_db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    campaign = Campaign.objects.get(slug="example-county")
    seed_plan(campaign=campaign)  # idempotent: seed_demo may already have done it
    month = demo_month()
    label = month.strftime("%Y-%m")

    login(page, live_server, "coordinator@example.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.slug}/")
    # The overview shows the campaign's stages, loaded with htmx.
    page.locator("#plan-stages ol.stages > li").first.wait_for()
    assert page.locator("#plan-stages ol.stages > li").count() == 7
    areas = page.get_by_role("navigation", name="Campaign areas")
    areas.get_by_role("link", name="Actions").click()
    page.get_by_role("link", name="Timeline").first.click()
    page.get_by_role("heading", name="Timeline", level=1).wait_for()

    # A month of the campaign, on a vertical time line.
    page.locator(f'.months a[href="?month={label}"]').click()
    page.wait_for_url(f"**/timeline/?month={label}")
    heading = date_format(month, "F Y")
    line = page.locator("#results .time-line")
    line.get_by_role("heading", name=heading).wait_for()
    for title in (
        "Research meeting with the Undersheriff",
        "Vigil outside the county jail",
        "Testimony at the county budget hearing",
        "Decline every ICE hold request: Presented to the target",
    ):
        assert line.get_by_text(title).count() >= 1, title
    assert line.get_by_text("Deliver the petition to the Sheriff").count() == 0  # next month
    assert page.locator("#results .time-line > li.demand").count() >= 1

    # Only actions: the list narrows in place (htmx) and the address follows.
    page.get_by_label("Actions", exact=True).check()
    page.wait_for_url("**kinds=action**")
    page.locator("#results .time-line > li.demand").first.wait_for(state="detached")
    kinds = set(
        page.locator("#results .time-line > li[data-kind]").evaluate_all(
            "items => items.map(i => i.dataset.kind)"
        )
    )
    assert kinds == {"action"}
    shown = page.locator("#results .time-line > li.action").count()
    assert shown == 6

    # The spreadsheet holds what the page shows.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Date", "Time", "Kind", "Type", "Title"]
    assert len(rows) - 1 == shown
    assert {row[2] for row in rows[1:]} == {"Action"}
    assert all(row[0].startswith(label) for row in rows[1:])
    assert "Vigil outside the county jail" in {row[4] for row in rows[1:]}
