"""A person signs a petition in Spanish on a phone, twice with the same email: one signature, a
clear message, and the progress bar moves. The page passes axe-core (no serious or critical
violations) before and after signing."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from actions.models import Petition, PetitionCounter, Signature
from coalition.models import Organization
from tests.factories import CampaignFactory
from tests.targets.factories import CountyFactory, OfficeFactory

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


def _axe(page) -> None:
    """Run axe-core in the page (evaluated through the devtools protocol, which the page's
    CSP does not govern) and fail on serious or critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe-core on {page.url}: {bad}"


def _spanish(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


def _petition() -> Petition:
    campaign = CampaignFactory(name="ICE fuera del condado", slug="ice-fuera")
    county = CountyFactory(name="Example County")
    sheriff = OfficeFactory(name="Example County Sheriff's Office", jurisdiction=county)
    petition = Petition.objects.create(
        campaign=campaign,
        slug="fin-287g-example",
        title="End the 287(g) agreement in Example County",
        title_es="Fin al acuerdo 287(g) en el condado de Example",
        text="Sheriff, do not renew the 287(g) agreement.",
        text_es="Sheriff: no renueve el acuerdo 287(g). Nuestras familias merecen seguridad.",
        addressed_to="Sheriff del condado de Example",
        goal=10,
        status=Petition.Status.OPEN,
        show_signers=True,
    )
    petition.targets.set([sheriff])
    petition.sponsors.set(
        [Organization.objects.create(campaign=campaign, name="Red de Derechos", kind="faith")]
    )
    PetitionCounter.create_for(petition)
    return petition


def _sign(page, email: str, name: str) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=place]", "Exampleton")
    page.check("input[name=show_publicly]")
    page.click("form.sign-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_signing_in_spanish_on_a_phone(phone_page, live_server, transactional_db):
    petition = _petition()
    page = phone_page
    page.goto(f"{live_server.url}/es/act/petitions/{petition.slug}/")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Fin al acuerdo 287(g) en el condado de Example"
    progress = page.locator("progress#progress")
    assert progress.get_attribute("value") == "0"
    # The form's fields are reachable by their labels.
    assert page.get_by_role("textbox", name=_spanish("Your name"), exact=True).is_visible()
    assert not page.locator("input[name=wants_updates]").is_checked()
    _fits(page)
    _axe(page)

    _sign(page, "Lucia@Example.org", "Lucía Ejemplo")
    assert page.url.endswith("?signed=new#signed")
    assert _spanish("Thank you for signing!") in page.locator("#signed").inner_text()
    assert progress.get_attribute("value") == "1"
    assert "10%" in page.locator("#progress-goal").inner_text()
    assert "Lucía, Exampleton" in page.locator(".signers").inner_text()
    _fits(page)
    _axe(page)

    # The same email, written differently: the one signature is updated, and the page says so.
    _sign(page, "  lucia@example.ORG ", "Lucía E.")
    assert page.url.endswith("?signed=updated#signed")
    message = page.locator("#signed")
    assert message.get_attribute("role") == "status"
    assert _spanish("You had already signed this petition.") in message.inner_text()
    assert progress.get_attribute("value") == "1"
    _axe(page)

    signature = Signature.objects.for_campaign(petition.campaign).get()
    assert signature.name == "Lucía E."
    assert signature.language == "es"
    assert petition.signature_count() == 1
