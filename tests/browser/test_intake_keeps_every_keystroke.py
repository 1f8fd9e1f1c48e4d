"""Issue 17 in a real browser, on a phone in Spanish: a release time typed before the
custody-end time used to answer 400 and replace the whole form with one line, losing what was
typed. Now the error appears next to the field, the form stays, and the rest is saved. When
the connection drops, a banner stays in view saying what is not saved yet.

The story pages carry no language prefix (only the public pages do, /es/act/…): the phone's
language (es-US) chooses Spanish, as it does for a volunteer."""

from datetime import UTC, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from stories.models import Story
from tests.browser.conftest import login
from tests.factories import PASSWORD

NAME = "Marisol Prueba Ortega"
NARRATIVE = "Pagó la fianza el viernes por la tarde y la dejaron encerrada hasta el martes."
CHICAGO = ZoneInfo("America/Chicago")


def _autosave(page, sent: str = ""):
    """Waits for an autosave answer; `sent`: one that posted this field=value (a save of an
    earlier change may still be on its way)."""
    wanted = quote(sent, safe="=")

    def is_it(response) -> bool:
        request = response.request
        return (
            response.url.endswith("/autosave/")
            and request.method == "POST"
            and wanted in (request.post_data or "")
        )

    return page.expect_response(is_it)


def _start_intake(page, live_server, campaign) -> Story:
    page.goto(f"{live_server.url}/c/{campaign.slug}/stories/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="Tomar una historia nueva").click()
    page.locator("#intake").wait_for()
    reference = page.locator("h1 small").inner_text().strip()
    return Story.objects.get(pk=int(reference.removeprefix("S-")))


def test_a_release_time_before_custody_ended_keeps_the_form(
    phone_page, live_server, transactional_db, campaign, volunteer
):
    page = phone_page
    login(page, live_server, volunteer.email, PASSWORD)
    story = _start_intake(page, live_server, campaign)

    page.get_by_label("Nombre de la persona que cuenta la historia").fill(NAME)
    page.get_by_label("La historia, en sus palabras").fill(NARRATIVE)
    page.get_by_label("Zona horaria del centro de detención").select_option("America/Chicago")
    with _autosave(page):
        page.get_by_label("Cuándo terminó la custodia penal").fill("2026-06-05T18:00")
    page.get_by_text("Guardado a las").wait_for()

    # The mistake: released "before" custody ended.
    outcome = page.get_by_label("Cuándo fue liberada o entregada a ICE")
    with _autosave(page, "outcome_at=2026-06-01T09:00") as answer:
        outcome.fill("2026-06-01T09:00")
    assert answer.value.status == 200

    # The error is next to the field, in Spanish; the status line names what is not saved.
    error = page.locator("#errors-outcome_at")
    error.get_by_text("Esto es antes de que terminara la custodia penal").wait_for()
    assert error.is_visible()
    assert outcome.get_attribute("aria-invalid") == "true"
    status = page.locator("#autosave-status")
    assert "Cuándo fue liberada o entregada a ICE" in status.inner_text()

    # The form is still there with everything typed.
    assert page.locator("#intake").is_visible()
    assert page.get_by_label("Nombre de la persona que cuenta la historia").input_value() == NAME
    assert page.get_by_label("La historia, en sus palabras").input_value() == NARRATIVE
    assert page.get_by_label("Cuándo terminó la custodia penal").input_value() == "2026-06-05T18:00"
    assert outcome.input_value() == "2026-06-01T09:00"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the intake page is {overflow}px wider than the phone"

    # And the rest is saved.
    story.refresh_from_db()
    assert story.storyteller.name == NAME
    assert story.narrative == NARRATIVE
    assert story.custody_ended_at == datetime(2026, 6, 5, 18, 0, tzinfo=CHICAGO)
    assert story.outcome_at is None

    # Corrected: the error goes away and the time is saved.
    with _autosave(page, "outcome_at=2026-06-10T09:00"):
        outcome.fill("2026-06-10T09:00")
    page.get_by_text("Guardado a las").wait_for()
    assert error.inner_text().strip() == ""
    assert outcome.get_attribute("aria-invalid") is None
    story.refresh_from_db()
    assert story.outcome_at == datetime(2026, 6, 10, 9, 0, tzinfo=CHICAGO)

    # The night the clocks go back, 01:30 came twice: the page asks which one, only then.
    fold = page.locator("#fold-custody_ended_at")
    assert fold.is_hidden()
    with _autosave(page):
        outcome.fill("2026-11-04T09:00")
    with _autosave(page):
        page.get_by_label("Cuándo terminó la custodia penal").fill("2026-11-01T01:30")
    fold.wait_for(state="visible")
    assert page.locator("#fold-outcome_at").is_hidden()
    with _autosave(page, "custody_ended_at_fold=1"):
        fold.locator("input[value='1']").check()
    page.get_by_text("Guardado a las").wait_for()
    assert fold.is_visible()  # answered, still there to be changed
    story.refresh_from_db()
    assert story.custody_ended_at == datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST


def test_offline_a_banner_stays_in_view_until_saved(
    phone_page, live_server, transactional_db, campaign, volunteer
):
    page = phone_page
    login(page, live_server, volunteer.email, PASSWORD)
    story = _start_intake(page, live_server, campaign)
    banner = page.locator("#offline-banner")
    assert banner.is_hidden()

    page.context.set_offline(True)
    page.get_by_label("La historia, en sus palabras").fill(NARRATIVE)
    banner.wait_for(state="visible")
    assert "La historia, en sus palabras" in banner.inner_text()
    # Fixed at the bottom of the screen: in view wherever the volunteer has scrolled to.
    page.mouse.wheel(0, -5000)
    box = banner.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 + 1 and box["y"] > 400
    page.mouse.wheel(0, 5000)
    box = banner.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 + 1
    story.refresh_from_db()
    assert story.narrative == ""

    # Leaving now asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("document.querySelector('a.brand').click()")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.locator("#intake").is_visible()

    # Back online: saved, and the banner goes away.
    with _autosave(page):
        page.context.set_offline(False)
    banner.wait_for(state="hidden")
    story.refresh_from_db()
    assert story.narrative == NARRATIVE
    # Nothing typed was written to the browser's storage.
    stored = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert "fianza" not in stored
