"""Issue 6's journey in a real browser: the demo volunteer takes a story in Spanish on a phone
with consent for anonymized use with policymakers; the demo lead builds a policymaker packet
and sees it redacted; the storyteller withdraws and the next packet leaves the story out."""

import io
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from core.models import User
from stories.models import Story
from tests.browser.conftest import login
from tests.factories import enable_totp

NAME = "Yesenia Prueba Navarro"
DETAIL = "lavandería Azul"
NARRATIVE = (
    "Me arrestaron saliendo de la lavandería Azul. Pagué la fianza el viernes y me dejaron "
    "encerrada hasta el martes por la noche, cuando vino ICE."
)


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_spanish_intake_on_a_phone_then_packet_then_withdrawal(
    phone_page, page, live_server, transactional_db
):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    slug = "example-county"

    # 1. The volunteer, on a phone set to Spanish.
    login(phone_page, live_server, "volunteer@example.org", DEMO_PASSWORD)
    phone_page.goto(f"{live_server.url}/c/{slug}/stories/")
    phone_page.get_by_role("button", name="Tomar una historia nueva").click()
    phone_page.get_by_label("Nombre de la persona que cuenta la historia").fill(NAME)
    phone_page.get_by_label("Idioma preferido").select_option("es")
    phone_page.get_by_label("La historia, en sus palabras").fill(NARRATIVE)
    phone_page.get_by_label("Datos que podrían identificarle").fill(DETAIL)
    phone_page.get_by_label("Retenida después de su liberación").check()
    phone_page.get_by_label("Zona horaria del centro de detención").select_option("America/Chicago")
    phone_page.get_by_label("Cuándo terminó la custodia penal").fill("2026-06-05T17:00")
    # Saved as she types, before she finishes.
    phone_page.get_by_text("Guardado a las").wait_for()
    reference = phone_page.locator("h1 small").inner_text().strip()
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the intake page is {overflow}px wider than the phone"
    phone_page.get_by_role("button", name="Terminar la entrevista").click()

    # Consent: read in Spanish, yes to internal planning and to officials without a name.
    phone_page.get_by_text("Usted decide cómo se puede usar su historia").wait_for()
    for use in ("Estrategia interna de la campaña", "Compartida con autoridades, sin nombre"):
        phone_page.get_by_role("group", name=use).get_by_label("Sí", exact=True).check()
    phone_page.get_by_label("Cómo se dio el consentimiento").select_option("in_person")
    phone_page.get_by_role("button", name="Revisar los cambios").click()
    # The changes are said in words before they are saved; the other uses stay "not asked".
    phone_page.get_by_text("Revise lo que cambia antes de guardar").wait_for()
    assert phone_page.locator("#changes-heading + p + ul li").count() == 2
    phone_page.get_by_role("button", name="Guardar estos cambios").click()
    phone_page.get_by_text("El consentimiento de un vistazo").wait_for()
    assert phone_page.locator("tr.granted").count() == 2
    story = Story.objects.get(pk=int(reference.removeprefix("S-")))
    assert story.narrative == NARRATIVE
    assert story.storyteller.preferred_language == "es"

    # 2. The lead, with an authenticator app, builds a packet for officials, anonymized.
    lead = User.objects.get(email="lead@example.org")
    secret = enable_totp(lead)
    login(page, live_server, lead.email, DEMO_PASSWORD)
    page.fill("input[name=code]", _code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/c/{slug}/stories/packet/")
    if "/reauthenticate" in page.url or page.locator("input[name=password]").count():
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")

    def build_packet() -> str:
        page.goto(f"{live_server.url}/c/{slug}/stories/packet/")
        page.get_by_label("Who the packet is for").select_option("policymakers_anon")
        page.get_by_label(story.reference, exact=False).check()
        page.get_by_label("Why you need it").fill("Meeting with the Board of Supervisors")
        # A preview first, exactly as it will be printed; then the build (when anything is in it).
        page.get_by_role("button", name="Preview the packet").click()
        page.wait_for_load_state("networkidle")
        build = page.get_by_role("button", name="Build the packet")
        if build.is_disabled():
            return page.content()
        build.click()
        page.wait_for_load_state("networkidle")
        return page.content()

    packet = build_packet()
    assert "Pagué la fianza el viernes" in packet
    for secret_text in ("Yesenia", "Navarro", DETAIL):
        assert secret_text not in packet, secret_text

    # 3. The storyteller withdraws; the lead records it; the next packet leaves her out.
    # The name is posted, never put in the address; accents and capitals do not matter.
    page.goto(f"{live_server.url}/c/{slug}/stories/requests/")
    page.get_by_label("Storyteller's name or story number").fill("YESENIA prueba  navarro")
    page.get_by_role("button", name="Find").click()
    assert "yesenia" not in page.url.casefold()
    page.get_by_role("link", name="Withdraw consent").click()
    page.get_by_label("Shared with policymakers, anonymized").check()
    page.get_by_role("button", name="Record the withdrawal").click()
    page.wait_for_load_state("networkidle")
    packet = build_packet()
    assert "Pagué la fianza el viernes" not in packet
    assert story.reference in packet and "was withdrawn on" in packet
