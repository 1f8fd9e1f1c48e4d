"""Issue 17: anonymized uses remove from the narrative what identifies the storyteller — their
name and contact wherever the story repeats them, and every phone number, email address, street
address and exact date, in English and Spanish — unless a lead kept an item, with a reason.

The first half tests stories.scrubbing alone (no database): hand-written examples in both
languages, what must stay (the choices are written in that module's docstring), and generated
phone numbers, dates and contacts. The second half goes through the pages: the issue's
reproduction, a lead keeping and un-keeping an item, who may, and erasure.
"""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from stories import packets, releases, scrubbing
from stories.models import Identifiability, Purpose, RedactionRelease
from stories.redaction import narrative_at, redact
from stories.scrubbing import Kind
from tests.stories.factories import consent, make_story

# --- what is found -------------------------------------------------------------------------

FOUND = [
    # phones
    ("Me llamaron al 555-010-7788 ayer.", Kind.PHONE, "555-010-7788"),
    ("Call (555) 010-7788 now", Kind.PHONE, "(555) 010-7788"),
    ("at +1 555.010.7788", Kind.PHONE, "+1 555.010.7788"),
    ("number 5550107788 then", Kind.PHONE, "5550107788"),
    ("su cel 555 010 7788", Kind.PHONE, "555 010 7788"),
    ("local 555-0100.", Kind.PHONE, "555-0100"),
    ("llame al +52 55 1234 5678, por favor", Kind.PHONE, "+52 55 1234 5678"),
    ("o al 55 1234 5678", Kind.PHONE, "55 1234 5678"),
    # email addresses
    ("write to maria.lopez+ice@example.org.", Kind.EMAIL, "maria.lopez+ice@example.org"),
    ("su correo es rosa@correo.mx", Kind.EMAIL, "rosa@correo.mx"),
    # street addresses, English
    ("She lived at 1420 Maple St, Apt 4B, with", Kind.ADDRESS, "1420 Maple St, Apt 4B"),
    ("then 300 W. 5th Ave and", Kind.ADDRESS, "300 W. 5th Ave"),
    ("on 22 Martin Luther King Jr. Blvd.", Kind.ADDRESS, "22 Martin Luther King Jr. Blvd"),
    ("by 88 Old Mill Road", Kind.ADDRESS, "88 Old Mill Road"),
    ("past 4400 Highway 6", Kind.ADDRESS, "4400 Highway 6"),
    ("at 1420 maple street", Kind.ADDRESS, "1420 maple street"),
    ("in Apt 12 upstairs", Kind.ADDRESS, "Apt 12"),
    ("mail to P.O. Box 123", Kind.ADDRESS, "P.O. Box 123"),
    # street addresses, Spanish
    ("Vivía en calle Juárez 123, luego", Kind.ADDRESS, "calle Juárez 123"),
    ("en avenida Reforma número 12 y", Kind.ADDRESS, "avenida Reforma número 12"),
    ("en la Calle 5 de Mayo #45.", Kind.ADDRESS, "Calle 5 de Mayo #45"),
    ("sobre Av. Insurgentes 1500", Kind.ADDRESS, "Av. Insurgentes 1500"),
    ("en el número 12 de la calle Hidalgo.", Kind.ADDRESS, "número 12 de la calle Hidalgo"),
    ("en el 1420 Calle Ocho", Kind.ADDRESS, "1420 Calle Ocho"),
    ("por el camino Real núm. 45", Kind.ADDRESS, "camino Real núm. 45"),
    ("en el depto. 3 del edificio", Kind.ADDRESS, "depto. 3"),
    # exact dates, English
    ("arrested November 6, 2026 at night", Kind.DATE, "November 6, 2026"),
    ("on Nov. 6 they", Kind.DATE, "Nov. 6"),
    ("on 6 November 2026 they", Kind.DATE, "6 November 2026"),
    ("on the 6th of November, they", Kind.DATE, "the 6th of November"),
    ("released 2026-11-11 at", Kind.DATE, "2026-11-11"),
    ("released 11-11-26 at", Kind.DATE, "11-11-26"),
    ("released 11/11/2026 at", Kind.DATE, "11/11/2026"),
    ("released on 11/11 at", Kind.DATE, "11/11"),
    # exact dates, Spanish
    ("lo detuvieron el 6 de noviembre de 2026 en", Kind.DATE, "6 de noviembre de 2026"),
    ("lo detuvieron el 6 de noviembre en", Kind.DATE, "6 de noviembre"),
    ("desde el 1º de mayo", Kind.DATE, "1º de mayo"),
    ("desde el primero de mayo", Kind.DATE, "primero de mayo"),
    ("noviembre 6 de 2026 fue", Kind.DATE, "noviembre 6 de 2026"),
    ("el 6 de nov. de 2026", Kind.DATE, "6 de nov. de 2026"),
    ("salió el 11/11/2026", Kind.DATE, "11/11/2026"),
    ("salió el 6.11.2026", Kind.DATE, "6.11.2026"),
]


@pytest.mark.parametrize(("text", "kind", "expected"), FOUND)
def test_finds_each_kind_in_english_and_spanish(text, kind, expected):
    found = [(f.kind, f.text) for f in scrubbing.find(text)]
    assert (kind, expected) in found, found
    removed = scrubbing.apply(text, scrubbing.find(text))
    assert expected not in removed
    assert str(scrubbing.MARKERS[kind]) in removed


STAYS = [
    "He was held 48 hours past his release.",
    "The judge set $5,000 bail.",
    "She has 2 children and 1 grandson.",
    "Case 2026-CR-114 was dismissed.",
    "The docket said CR-11-11-26.",
    "It happened in March.",
    "It happened in March 2026, in marzo de 2026, in 2026.",
    "We came in March. 2 children waited.",
    "On the 6th they called.",
    "Pasó 3 días en la cárcel y 2 horas en la calle.",
    "estuvo en la calle 2 horas",
    "We drove 3 hours on the road.",
    "He was in housing unit 4.",
    "The jail runs 24/7.",
    "See section 3.1.12 of the policy.",
    "Between 100-2000 people marched.",
    "You may 5 times ask.",
    "It was one long drive and 1 other way.",
    "Tenía 17 años.",
    "Paid a bond of $1500 at 9:30.",
    "La calle Juárez estaba vacía.",
    "She lived on Maple Street.",
]


@pytest.mark.parametrize("text", STAYS)
def test_what_is_not_personal_stays(text):
    assert scrubbing.find(text) == []
    assert scrubbing.apply(text, scrubbing.find(text)) == text


def test_a_street_named_for_a_date_is_an_address_not_a_date():
    assert [(f.kind, f.text) for f in scrubbing.find("en la Calle 5 de Mayo")] == []
    found = scrubbing.find("en la Calle 5 de Mayo 45")
    assert [(f.kind, f.text) for f in found] == [(Kind.ADDRESS, "Calle 5 de Mayo 45")]


# --- generated phone numbers, dates and text -------------------------------------------------

SAFE = [
    "She was held at the county jail",
    "Su familia no sabía nada",
    "the sheriff said no",
    "nadie le explicó por qué",
    "we waited for hours",
    "esperamos muchas horas afuera",
    "her lawyer called the jail",
    "el abogado llamó",
]
around = st.tuples(st.sampled_from(SAFE), st.sampled_from(SAFE))


@st.composite
def phones(draw) -> str:
    area = draw(st.integers(200, 999))
    exchange = draw(st.integers(200, 999))
    line = draw(st.integers(0, 9999))
    form = draw(
        st.sampled_from(
            [
                "{a}-{e}-{l}",
                "({a}) {e}-{l}",
                "({a}){e}-{l}",
                "{a}.{e}.{l}",
                "{a} {e} {l}",
                "+1 {a}-{e}-{l}",
                "1-{a}-{e}-{l}",
                "+1 ({a}) {e} {l}",
                "{a}{e}{l}",
                "{e}-{l}",
                "{e} {l}",
            ]
        )
    )
    return form.format(a=area, e=exchange, l=f"{line:04d}")


@settings(max_examples=200)
@given(phone=phones(), words=around, end=st.sampled_from(["", ".", ",", ")"]))
def test_every_us_phone_format_is_removed(phone, words, end):
    text = f"{words[0]} {phone}{end} {words[1]}"
    shown = scrubbing.apply(text, scrubbing.find(text))
    assert not any(c.isdigit() for c in shown), (text, shown)
    assert str(scrubbing.MARKERS[Kind.PHONE]) in shown


EN_MONTHS = "January February March April May June July August September October November December"
ES_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DATE_FORMS = [
    lambda d: f"{EN_MONTHS.split()[d.month - 1]} {d.day}, {d.year}",
    # "Nov. 6"; May has no abbreviation ("May. 6" would be the end of a sentence).
    lambda d: f"{EN_MONTHS.split()[d.month - 1][:3]}{'' if d.month == 5 else '.'} {d.day}",
    lambda d: f"{d.day} {EN_MONTHS.split()[d.month - 1]} {d.year}",
    lambda d: f"the {_ordinal(d.day)} of {EN_MONTHS.split()[d.month - 1]}",
    lambda d: f"{d.day} de {ES_MONTHS.split()[d.month - 1]} de {d.year}",
    lambda d: f"el {d.day} de {ES_MONTHS.split()[d.month - 1]}",
    lambda d: f"{ES_MONTHS.split()[d.month - 1]} {d.day} de {d.year}",
    lambda d: f"{d.month}/{d.day}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.month}-{d.day}-{d.year % 100:02d}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"on {d.month}/{d.day}",
]


@settings(max_examples=300)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    form=st.sampled_from(DATE_FORMS),
    words=around,
)
@example(day=date(2026, 11, 6), form=DATE_FORMS[4], words=(SAFE[0], SAFE[1]))
def test_every_exact_date_form_is_removed(day, form, words):
    written = form(day)
    text = f"{words[0]} {written}. {words[1]}"
    shown = scrubbing.apply(text, scrubbing.find(text))
    assert not any(c.isdigit() for c in shown), (text, shown)
    assert str(scrubbing.MARKERS[Kind.DATE]) in shown


@settings(max_examples=200)
@given(parts=st.lists(st.sampled_from(STAYS + SAFE), min_size=1, max_size=6))
def test_text_made_of_what_stays_loses_nothing(parts):
    text = " ".join(p if p.endswith(".") else p + "." for p in parts)
    assert scrubbing.find(text) == [], text


@settings(max_examples=200)
@given(
    digits=st.from_regex(r"\A[2-9][0-9]{2}[2-9][0-9]{6}\Z"),
    separators=st.lists(st.sampled_from(["", " ", "-", "."]), min_size=2, max_size=2),
    contact_form=st.sampled_from(["{a}-{e}-{l}", "({a}) {e} {l}", "+1{a}{e}{l}", "{a}.{e}.{l}"]),
    words=around,
)
def test_the_contact_is_found_digit_for_digit_in_any_spacing(
    digits, separators, contact_form, words
):
    a, e, line = digits[:3], digits[3:6], digits[6:]
    contact = contact_form.format(a=a, e=e, l=line)
    written = f"{a}{separators[0]}{e}{separators[1]}{line}"
    text = f"{words[0]} {written} {words[1]}"
    found = scrubbing.find(text, contact=contact, generic=False)
    assert [(f.kind, f.text) for f in found][:1] == [(Kind.CONTACT, written)], (contact, text)
    assert digits not in scrubbing.apply(text, found).replace(" ", "").replace("-", "")


def test_contact_values_email_handle_and_go_between():
    text = "Escriba a ROSA@Example.org o @rosa_m; su prima Ana Ruiz sabe."
    by_email = scrubbing.find(text, contact="rosa@example.org", generic=False)
    assert [f.text for f in by_email] == ["ROSA@Example.org"]
    by_handle = scrubbing.find(text, contact="Instagram @rosa_m", generic=False)
    assert [f.text for f in by_handle] == ["@rosa_m"]
    by_person = scrubbing.find(text, contact="Ana Ruiz", generic=False)
    assert [f.text for f in by_person] == ["Ana Ruiz"]
    # The last seven digits of the contact are the same phone, dialed locally.
    local = scrubbing.find("call 010-7788", contact="+1 (555) 010-7788", generic=False)
    assert [f.text for f in local] == ["010-7788"]
    # Another number is not the contact.
    assert scrubbing.find("call 555-010-7789", contact="555-010-7788", generic=False) == []


def test_names_ignore_accents_and_capitals_and_keep_particles():
    phrases = scrubbing.name_phrases("María de la Cruz-Paz")
    assert "de" not in phrases and "la" not in phrases
    text = "MARIA llegó de la casa de Cruz. La familia Paz y maria de la cruz-paz."
    shown = scrubbing.apply(text, scrubbing.find(text, names=phrases, generic=False))
    assert shown == (
        "[name removed] llegó de la casa de [name removed]. La familia [name removed] y "
        "[name removed]."
    )
    # First name only: what follows the first name goes, the first name stays.
    surname = scrubbing.name_phrases("María de la Cruz-Paz", keep_first=True)
    text = "María de la Cruz-Paz habló."
    assert scrubbing.apply(text, scrubbing.find(text, names=surname, generic=False)) == (
        "María [name removed] habló."
    )


def test_an_accent_typed_as_two_code_points_is_matched():
    decomposed = "Luci\u0301a Rami\u0301rez llamó."
    shown = scrubbing.apply(decomposed, scrubbing.find(decomposed, names=["Lucía Ramírez"]))
    assert shown == "[name removed] llamó."


def test_a_kept_item_stays_with_what_is_inside_it_but_not_inside_a_name():
    text = "Rosa lived at 1420 Maple St, Apt 4B; call 555-010-7788."
    found = scrubbing.find(text, names=["Rosa"], contact="555-010-7788")
    kept = {scrubbing.release_key("1420 MAPLE ST,  apt 4b"), scrubbing.release_key("555-010-7788")}
    assert scrubbing.apply(text, found, kept) == (
        "[name removed] lived at 1420 Maple St, Apt 4B; call [contact removed]."
    )


def test_markers_are_in_the_language_of_the_page():
    text = "Llamó al 555-010-7788 el 6 de noviembre."
    with translation.override("es"):
        shown = scrubbing.apply(text, scrubbing.find(text))
    assert shown == "Llamó al [teléfono eliminado] el [fecha eliminada]."


# --- through the pages ----------------------------------------------------------------------

NARRATIVE = (
    "Me llamo Rosa Martínez. Me detuvieron el 6 de noviembre de 2026 y me soltaron el "
    "11/11/2026. Mi hija me llamó al 555 010 7788 desde la calle Juárez 123."
)
CONTACT = "555-010-7788"
LEAKS = ("555", "7788", "6 de noviembre", "11/11/2026", "Rosa", "Martínez", "Juárez 123")


def _issue_story(campaign, volunteer, internal=Identifiability.FULL_NAME):
    story = make_story(
        campaign, taken_by=volunteer, name="Rosa Martínez", contact=CONTACT, narrative=NARRATIVE
    )
    consent(story, Purpose.INTERNAL, level=internal, by=volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    return story


def test_issue_17_an_anonymized_packet_keeps_no_phone_or_exact_date(campaign, volunteer, lead):
    """The reproduction: the storyteller's phone and exact dates typed in the narrative went
    into a "policymakers, anonymized" packet."""
    story = _issue_story(campaign, volunteer)
    built = packets.build(
        campaign=campaign,
        user=lead,
        purpose=Purpose.POLICYMAKERS_ANONYMIZED,
        story_ids=[story.pk],
        reason="meeting",
    )
    view = built.included[0]
    html = render_to_string("stories/packet_print.html", {"packet": built})
    for leak in LEAKS:
        assert leak not in repr(view), leak
        assert leak not in html, leak
    assert "[date removed]" in view.narrative and "[contact removed]" in view.narrative


def test_issue_17_through_the_packet_pages(as_fresh_lead, campaign, volunteer):
    story = _issue_story(campaign, volunteer)
    url = reverse("stories:packet", args=[campaign.slug])
    data = {
        "purpose": Purpose.POLICYMAKERS_ANONYMIZED,
        "stories": [story.pk],
        "reason": "Meeting with Supervisor Diaz",
        "format": "html",
    }
    shown = as_fresh_lead.post(url, data)
    built = as_fresh_lead.post(url, {**data, "preview": shown.context["token"], "build": "1"})
    # The form above the preview lists the stories as the lead sees them inside the campaign.
    for body in (shown.content.decode().split('class="packet-preview"')[1], built.content.decode()):
        assert "me soltaron el [date removed]" in body
        for leak in LEAKS:
            assert leak not in body, leak


def test_first_name_removes_the_surname_and_the_contact_but_not_dates(campaign, volunteer):
    story = _issue_story(campaign, volunteer)
    shown = narrative_at(story, Identifiability.FIRST_NAME)
    assert shown.startswith("Me llamo Rosa [name removed].")
    assert "[contact removed]" in shown and "7788" not in shown
    assert "6 de noviembre de 2026" in shown and "calle Juárez 123" in shown
    assert narrative_at(story, Identifiability.FULL_NAME) == NARRATIVE


def _page(campaign, story):
    return reverse("stories:redaction", args=[campaign.slug, story.pk])


def _anonymized(story, lead):
    built = packets.build(
        campaign=story.campaign,
        user=lead,
        purpose=Purpose.POLICYMAKERS_ANONYMIZED,
        story_ids=[story.pk],
        reason="check",
    )
    return built.included[0].narrative


def test_a_lead_keeps_an_item_with_a_reason_and_undoes_it(as_lead, campaign, volunteer, lead):
    story = _issue_story(campaign, volunteer)
    page = as_lead.get(_page(campaign, story))
    assert page.status_code == 200
    items = {i.text: i for i in page.context["review"].items}
    # The contact's number is not offered: it goes with the contact, always.
    assert set(items) == {"6 de noviembre de 2026", "11/11/2026", "calle Juárez 123"}
    assert page.context["review"].always == {Kind.NAME: 1, Kind.CONTACT: 1}
    assert AuditEvent.objects.filter(action="story.redaction_reviewed").count() == 1

    refused = as_lead.post(_page(campaign, story), {"item": items["11/11/2026"].key, "reason": ""})
    assert refused.status_code == 400
    assert "Say why this may stay" in refused.content.decode()
    bogus = as_lead.post(_page(campaign, story), {"item": "555 010 7788", "reason": "x"})
    assert bogus.status_code == 400
    assert not RedactionRelease.objects.exists()

    kept = as_lead.post(
        _page(campaign, story),
        {"item": items["11/11/2026"].key, "reason": "the day the board voted, public"},
    )
    assert kept.status_code == 302
    release = RedactionRelease.objects.get(story=story)
    assert release.item == "11/11/2026" and release.released_by == lead
    event = AuditEvent.objects.get(action="story.redaction_released")
    assert event.actor == lead
    assert event.objects_affected == [{"model": "stories.story", "pk": str(story.pk)}]
    assert event.details["kind"] == "date"
    assert "11/11" not in str(event.details) and "board" not in str(event.details)
    shown = _anonymized(story, lead)
    assert "me soltaron el 11/11/2026" in shown
    assert "6 de noviembre" not in shown and "7788" not in shown

    undone = as_lead.post(
        reverse("stories:redaction_undo", args=[campaign.slug, story.pk]),
        {"release": release.pk},
    )
    assert undone.status_code == 302
    assert not RedactionRelease.objects.exists()
    undo_event = AuditEvent.objects.get(action="story.redaction_release_undone")
    assert undo_event.details["kind"] == "date"
    assert "11/11/2026" not in _anonymized(story, lead)
    again = as_lead.post(
        reverse("stories:redaction_undo", args=[campaign.slug, story.pk]),
        {"release": "not-a-number"},
    )
    assert again.status_code == 302  # said so in a message, nothing changed


def test_a_kept_item_no_longer_in_the_story_can_still_be_undone(as_lead, campaign, volunteer, lead):
    story = _issue_story(campaign, volunteer)
    item = releases.review(story).item(scrubbing.release_key("11/11/2026"))
    release = releases.keep(story=story, item=item, reason="public", user=lead)
    story.narrative = "Otra versión, sin fechas."
    story.save()
    page = as_lead.get(_page(campaign, story), HTTP_ACCEPT_LANGUAGE="es")
    assert page.context["review"].stale == [release]
    assert page.status_code == 200 and "Otra versión" in page.content.decode()
    as_lead.post(
        reverse("stories:redaction_undo", args=[campaign.slug, story.pk]), {"release": release.pk}
    )
    assert not RedactionRelease.objects.exists()


def test_items_stay_hidden_when_the_lead_may_only_see_the_story_anonymized(
    as_lead, campaign, volunteer
):
    story = _issue_story(campaign, volunteer, internal=Identifiability.ANONYMIZED)
    page = as_lead.get(_page(campaign, story))
    body = page.content.decode()
    assert page.status_code == 200
    for leak in LEAKS:
        assert leak not in body, leak
    key = scrubbing.release_key("11/11/2026")
    response = as_lead.post(_page(campaign, story), {"item": key, "reason": "public"})
    assert response.status_code == 302
    assert not RedactionRelease.objects.exists()


def test_only_leads_of_the_campaign_reach_the_page(
    campaign, volunteer, coordinator, outsider, as_coordinator, as_volunteer, as_outsider
):
    story = _issue_story(campaign, volunteer)
    key = scrubbing.release_key("11/11/2026")
    for client in (as_coordinator, as_volunteer):
        assert client.get(_page(campaign, story)).status_code == 403
        assert client.post(_page(campaign, story), {"item": key, "reason": "x"}).status_code == 403
    assert as_outsider.get(_page(campaign, story)).status_code == 404
    assert as_outsider.post(_page(campaign, story), {"item": key, "reason": "x"}).status_code == 404
    assert not RedactionRelease.objects.exists()


def test_erased_stories_are_not_found_and_erasure_deletes_what_was_kept(
    as_lead, campaign, volunteer, lead
):
    from stories.services import erase_storyteller

    story = _issue_story(campaign, volunteer)
    found = releases.review(story)
    releases.keep(
        story=story, item=found.item(scrubbing.release_key("11/11/2026")), reason="x", user=lead
    )
    erase_storyteller(story=story, user=lead, reason="asked")
    assert not RedactionRelease.objects.exists()
    assert as_lead.get(_page(campaign, story)).status_code == 404


def test_a_packet_reads_every_kept_item_in_one_query(
    campaign, volunteer, lead, django_assert_max_num_queries
):
    def packet_of(n):
        stories = []
        for _ in range(n):
            story = _issue_story(campaign, volunteer)
            item = releases.review(story).item(scrubbing.release_key("11/11/2026"))
            releases.keep(story=story, item=item, reason="public", user=lead)
            stories.append(story.pk)
        return stories

    small, large = packet_of(2), packet_of(6)
    with django_assert_max_num_queries(20) as few:
        packets.build(
            campaign=campaign,
            user=lead,
            purpose=Purpose.POLICYMAKERS_ANONYMIZED,
            story_ids=small,
            reason="count",
        )
    with django_assert_max_num_queries(20) as many:
        built = packets.build(
            campaign=campaign,
            user=lead,
            purpose=Purpose.POLICYMAKERS_ANONYMIZED,
            story_ids=large,
            reason="count",
        )
    assert len(many.captured_queries) == len(few.captured_queries)
    assert all("11/11/2026" in v.narrative for v in built.included)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(phone=phones(), day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_no_anonymized_view_carries_the_contact_or_a_date(campaign, volunteer, phone, day):
    """Whatever number the storyteller gave and however the volunteer typed the date."""
    narrative = (
        f"Lucía me dio su número, {phone}, y la fecha: {DATE_FORMS[4](day)}. "
        f"In English: {DATE_FORMS[0](day)}."
    )
    story = make_story(
        campaign, taken_by=volunteer, name="Lucía Ramírez", contact=phone, narrative=narrative
    )
    record = consent(story, Purpose.PUBLIC_ANONYMIZED, by=volunteer)
    view = redact(story, purpose=Purpose.PUBLIC_ANONYMIZED, consent=record)
    assert not any(c.isdigit() for c in view.narrative), view.narrative
    assert "Lucía" not in view.narrative
