"""Every public page, in English and in Spanish, on a phone-sized screen, checked with axe-core.

The pages are found from the URL patterns (the "public" namespace), not listed by hand: a new
public page is checked the day it is added. A serious or critical violation fails; so does a
page wider than the phone.
"""

from pathlib import Path

import pytest
from django.utils import translation

from tests.urlwalk import OWN_NAMES, url_for

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
PUBLIC_NAMES = [n for n in OWN_NAMES if n.startswith("public:")]
BLOCKING = {"serious", "critical"}


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:3]]
        lines.append(f"{v['impact']}: {v['id']} — {v['help']} at {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe_page(browser):
    # axe is injected from the test, so this context alone skips the page's CSP.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_public_pages_are_found():
    assert "public:index" in PUBLIC_NAMES
    assert len(PUBLIC_NAMES) >= 2


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_page_passes_axe_on_a_phone(name, language, axe_page, live_server, samples):
    with translation.override(language):
        url = url_for(name, samples)
    response = axe_page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert axe_page.locator("html").get_attribute("lang") == language, url
    axe_page.evaluate(AXE)
    result = axe_page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']}
        })"""
    )
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{url}:\n{_describe(blocking)}"
    overflow = axe_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{url} is {overflow}px wider than a phone"
