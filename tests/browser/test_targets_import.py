"""A coordinator imports the Census counties and ICE's 287(g) list through the upload page:
dry run first (nothing saved), then confirm; then finds Harrison County's agreement."""

import pytest

from targets.models import Arrangement, Jurisdiction
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.targets.conftest import COUNTIES, PARTICIPATING

pytestmark = pytest.mark.browser


def _upload(page, live_server, kind: str, path) -> None:
    page.goto(f"{live_server.url}/reference/imports/")
    page.select_option("select[name=kind]", kind)
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Dry run").click()
    page.wait_for_load_state("networkidle")


def test_coordinator_dry_runs_then_confirms_imports(page, live_server, coordinator):
    login(page, live_server, coordinator.email, PASSWORD)

    _upload(page, live_server, "census_counties", COUNTIES)
    assert page.get_by_role("heading", name="Dry run: what the import would do").is_visible()
    assert page.locator("[data-count=rows]").inner_text() == "3234"
    assert not Jurisdiction.objects.exists()  # a dry run saves nothing
    page.get_by_role("button", name="Confirm and apply").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Import applied.").is_visible()
    assert Jurisdiction.objects.counties().count() == 3234

    _upload(page, live_server, "ice_287g_participating", PARTICIPATING)
    assert page.locator("[data-count=created]").inner_text() == "832"
    warnings = page.get_by_role("heading", name="Rows loaded with a warning")
    assert warnings.is_visible()
    row_639 = page.locator("tr", has_text="Grundy County Sheriff")
    assert "5025" in row_639.inner_text()
    assert not Arrangement.objects.exists()
    page.get_by_role("button", name="Confirm and apply").click()
    page.wait_for_load_state("networkidle")
    assert Arrangement.objects.count() == 832

    # Browse to Harrison County, Texas, and see its agreement.
    page.goto(f"{live_server.url}/reference/jurisdictions/?q=Harrison&state=")
    page.get_by_role("link", name="Harrison County").first.wait_for()
    harrison = Jurisdiction.objects.get(fips="48203")
    page.goto(f"{live_server.url}{harrison.get_absolute_url()}")
    agreements = page.locator("section[aria-labelledby=arr-heading]")
    assert "287(g), warrant service officer" in agreements.inner_text()
    assert "Feb. 24, 2025" in agreements.inner_text()
    harris = Jurisdiction.objects.get(fips="48201")
    page.goto(f"{live_server.url}{harris.get_absolute_url()}")
    assert page.get_by_text("No ICE arrangement recorded here.").is_visible()
