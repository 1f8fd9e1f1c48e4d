import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from stories.models import Consent, Story, Storyteller
from tests.conftest import client_for
from tests.stories.factories import consent, make_story


def _start(client, campaign) -> Story:
    response = client.post(reverse("stories:new", args=[campaign.slug]))
    assert response.status_code == 302
    return Story.objects.for_campaign(campaign).latest("pk")


def _intake(**overrides) -> dict:
    data = {
        "name": "Ana Gómez",
        "contact": "555-0199",
        "preferred_language": "es",
        "relationship": "impacted",
        "narrative": "Ana pagó la fianza y la cárcel la retuvo dos días más para ICE.",
        "identifying_details": "panadería El Sol",
        "themes": ["held_past_release", "bail"],
        "time_zone": "America/Chicago",
        "custody_ended_at": "2026-06-05T18:00",
        "custody_end_reason": "bail",
        "outcome": "ice",
        "outcome_at": "2026-06-10T09:00",
        "hold_rule": "regulation",
    }
    data.update(overrides)
    return data


def test_volunteer_starts_a_draft_and_finishes_it(as_volunteer, campaign, volunteer):
    story = _start(as_volunteer, campaign)
    assert story.status == Story.Status.DRAFT
    assert story.taken_by == volunteer
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    response = as_volunteer.post(url, {**_intake(), "finish": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:consent", args=[campaign.slug, story.pk])
    story.refresh_from_db()
    assert story.status == Story.Status.COMPLETE
    assert story.storyteller.name == "Ana Gómez"
    assert sorted(story.themes.values_list("theme", flat=True)) == ["bail", "held_past_release"]
    # Friday 18:00 Chicago → the regulation's deadline is Tuesday 18:00; handed to ICE
    # Wednesday 09:00: 15 hours past it.
    chicago = ZoneInfo("America/Chicago")
    assert story.hold_deadline == datetime(2026, 6, 9, 18, 0, tzinfo=chicago)
    assert story.held_past_seconds == 15 * 3600
    assert AuditEvent.objects.filter(action="story.completed").exists()


def test_autosave_keeps_what_was_typed(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:autosave", args=[campaign.slug, story.pk])
    response = as_volunteer.post(
        url, _intake(narrative="Primeras líneas…", outcome_at=""), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    story.refresh_from_db()
    assert story.narrative == "Primeras líneas…"
    assert story.status == Story.Status.DRAFT


def test_autosave_with_a_bad_date_saves_the_rest_and_marks_the_field(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:autosave", args=[campaign.slug, story.pk])
    response = as_volunteer.post(
        url, _intake(custody_ended_at="the 5th of June"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="errors-custody_ended_at"' in body
    assert "Enter a valid date/time." in _errors_of(body, "custody_ended_at")
    story.refresh_from_db()
    assert story.narrative == _intake()["narrative"]
    assert story.custody_ended_at is None


def test_outcome_before_custody_ended_is_refused(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    response = as_volunteer.post(url, {**_intake(outcome_at="2026-06-01T09:00"), "finish": "1"})
    assert response.status_code == 400
    assert "before criminal custody ended" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_finishing_needs_the_story(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    response = as_volunteer.post(url, {**_intake(narrative=" "), "finish": "1"})
    assert response.status_code == 400
    assert "Write down the story" in response.content.decode()


def test_intake_page_in_spanish(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    as_volunteer.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    body = page.content.decode()
    assert "La historia, en sus palabras" in body
    assert "Terminar la entrevista" in body


def test_personal_fields_are_encrypted_at_rest(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    as_volunteer.post(
        reverse("stories:edit", args=[campaign.slug, story.pk]), {**_intake(), "finish": "1"}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM stories_storyteller")
        name, contact = cursor.fetchone()
        cursor.execute("SELECT narrative, identifying_details FROM stories_story")
        narrative, details = cursor.fetchone()
    for raw in (name, contact, narrative, details):
        assert raw.startswith("gAAAAA")
    assert "Ana" not in name + narrative


def test_no_field_for_immigration_status_or_birthplace():
    names = {
        f.name.lower() for model in (Story, Storyteller, Consent) for f in model._meta.get_fields()
    }
    for forbidden in ("status_migratorio", "immigration", "citizenship", "birth", "country"):
        assert not any(forbidden in n for n in names), forbidden


def test_a_volunteer_cannot_open_another_volunteers_story(campaign, volunteer, coordinator):
    from tests.factories import MembershipFactory, UserFactory

    other = UserFactory()
    MembershipFactory(campaign=campaign, user=other, role="volunteer")
    story = make_story(campaign, taken_by=other)
    response = client_for(volunteer).get(reverse("stories:detail", args=[campaign.slug, story.pk]))
    assert response.status_code == 404


# Intake never loses a keystroke (issue 17).


def _errors_of(body: str, name: str) -> str:
    """The out-of-band element that carries one field's errors in an autosave answer."""
    match = re.search(rf'<span id="errors-{name}"[^>]*>(.*?)</span>', body, re.S)
    assert match, f"no place for the errors of {name}"
    return match.group(1)


def _autosave(client, campaign, story, **fields):
    return client.post(
        reverse("stories:autosave", args=[campaign.slug, story.pk]),
        _intake(**fields),
        headers={"HX-Request": "true"},
    )


def test_autosave_with_the_outcome_before_custody_ended_keeps_the_form(as_volunteer, campaign):
    """The issue's phone: a release time before the custody-end time answered 400, and the
    whole form was replaced by one unstyled line."""
    story = _start(as_volunteer, campaign)
    response = _autosave(
        as_volunteer, campaign, story, booked_at="2026-06-04T22:15", outcome_at="2026-06-01T09:00"
    )
    # 200: htmx swaps it (it swaps nothing on a 4xx) into the status line and, out of band,
    # next to each field; the form is not in the answer, so it cannot be replaced.
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="intake"' not in body and "<form" not in body
    assert "before criminal custody ended" in _errors_of(body, "outcome_at")
    assert 'hx-swap-oob="true"' in body
    assert _errors_of(body, "custody_ended_at").strip() == ""  # cleared, not stale
    status = body.split('<span id="errors-', 1)[0]
    assert "except what is marked below" in status
    assert "When they were released or handed to ICE" in status
    assert "data-unsaved" in status
    # Everything else was saved.
    story.refresh_from_db()
    chicago = ZoneInfo("America/Chicago")
    assert story.custody_ended_at == datetime(2026, 6, 5, 18, 0, tzinfo=chicago)
    assert story.booked_at == datetime(2026, 6, 4, 22, 15, tzinfo=chicago)
    assert story.outcome_at is None
    assert story.storyteller.name == "Ana Gómez"
    assert sorted(story.themes.values_list("theme", flat=True)) == ["bail", "held_past_release"]

    # Fixed: saved, and the error is cleared next to the field.
    response = _autosave(as_volunteer, campaign, story, outcome_at="2026-06-10T09:00")
    body = response.content.decode()
    assert "Saved at" in body and "except" not in body
    assert _errors_of(body, "outcome_at").strip() == ""
    story.refresh_from_db()
    assert story.outcome_at == datetime(2026, 6, 10, 9, 0, tzinfo=chicago)


def test_autosave_with_bad_themes_keeps_the_saved_ones(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    _autosave(as_volunteer, campaign, story)
    response = _autosave(as_volunteer, campaign, story, themes=["no_such_theme"], name="Ana G.")
    assert "no_such_theme" in _errors_of(response.content.decode(), "themes")
    story.refresh_from_db()
    assert story.storyteller.name == "Ana G."
    assert sorted(story.themes.values_list("theme", flat=True)) == ["bail", "held_past_release"]


def test_save_draft_with_a_mistake_keeps_everything_typed(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    response = as_volunteer.post(
        url, {**_intake(outcome_at="2026-06-01T09:00", contact="555-0123"), "save": "1"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="intake"' in body
    assert 'value="555-0123"' in body
    assert 'value="2026-06-01T09:00"' in body  # the wrong time stays, to be corrected
    assert "Ana pagó la fianza" in body
    assert "before criminal custody ended" in _errors_of(body, "outcome_at")
    story.refresh_from_db()
    assert story.storyteller.contact == "555-0123"
    assert story.status == Story.Status.DRAFT


def test_finishing_with_a_mistake_saves_the_rest_as_a_draft(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    response = as_volunteer.post(
        url, {**_intake(custody_ended_at="2026-03-08T02:30"), "finish": "1"}
    )
    assert response.status_code == 400
    assert "There was no 02:30" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    assert story.narrative == _intake()["narrative"]


def test_a_real_phoenix_time_is_saved(as_volunteer, campaign):
    """02:30 on 8 March 2026 did not exist in New York (the server's zone); it did in Phoenix."""
    story = _start(as_volunteer, campaign)
    _autosave(
        as_volunteer,
        campaign,
        story,
        time_zone="America/Phoenix",
        custody_ended_at="2026-03-08T02:30",
        outcome_at="2026-03-11T09:00",
    )
    story.refresh_from_db()
    assert story.time_zone == "America/Phoenix"
    assert story.custody_ended_at == datetime(2026, 3, 8, 9, 30, tzinfo=UTC)


def test_the_repeated_hour_asks_which_one_and_keeps_the_answer(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    response = _autosave(
        as_volunteer,
        campaign,
        story,
        custody_ended_at="2026-11-01T01:30",
        outcome_at="2026-11-04T09:00",
    )
    body = response.content.decode()
    assert "came twice" in _errors_of(body, "custody_ended_at")
    assert re.search(r'<span id="errors-custody_ended_at"[^>]*data-fold="needed"', body)
    story.refresh_from_db()
    assert story.custody_ended_at is None
    response = _autosave(
        as_volunteer,
        campaign,
        story,
        custody_ended_at="2026-11-01T01:30",
        custody_ended_at_fold="1",
        outcome_at="2026-11-04T09:00",
    )
    body = response.content.decode()
    assert _errors_of(body, "custody_ended_at").strip() == ""
    # Answered, the question stays in view so it can be changed.
    assert re.search(r'<span id="errors-custody_ended_at"[^>]*data-fold="needed"', body)
    story.refresh_from_db()
    assert story.custody_ended_at == datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST
    # The page opens again with the question answered: the second 01:30.
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    html = page.content.decode()
    assert '<fieldset id="fold-custody_ended_at" class="fold">' in html  # shown
    assert re.search(r'name="custody_ended_at_fold" value="1"[^>]*checked', html)
    assert '<fieldset id="fold-outcome_at" class="fold" hidden>' in html


def test_the_time_zone_comes_from_the_facility(as_volunteer, campaign):
    from tests.targets.factories import CountyFactory, FacilityFactory, StateFactory

    texas = StateFactory(fips="48", name="Texas", postal_code="TX")
    el_paso = CountyFactory(name="El Paso County", fips="48141", parent=texas, state=texas)
    jail = FacilityFactory(name="El Paso County Detention Facility", jurisdiction=el_paso)
    story = _start(as_volunteer, campaign)
    response = _autosave(as_volunteer, campaign, story, facility=str(jail.pk), time_zone="")
    assert "America/Denver" in response.content.decode()  # the note under the zone
    story.refresh_from_db()
    assert story.time_zone == "America/Denver"
    assert story.custody_ended_at == datetime(2026, 6, 5, 18, 0, tzinfo=ZoneInfo("America/Denver"))
    # The page opens with "from the facility's location", not a zone fixed for good.
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    assert re.search(r'<option value="" selected>', page.content.decode())
    # A zone the volunteer chooses is kept.
    _autosave(as_volunteer, campaign, story, facility=str(jail.pk), time_zone="America/Chicago")
    story.refresh_from_db()
    assert story.time_zone == "America/Chicago"
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    assert '<option value="America/Chicago" selected>' in page.content.decode()


def test_the_booking_time_is_recorded_and_shown(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    assert "When they were booked into the jail" in page.content.decode()
    _autosave(as_volunteer, campaign, story, booked_at="2026-06-03T23:40")
    story.refresh_from_db()
    assert story.booked_at == datetime(2026, 6, 3, 23, 40, tzinfo=ZoneInfo("America/Chicago"))
    as_volunteer.post(
        reverse("stories:edit", args=[campaign.slug, story.pk]),
        {**_intake(booked_at="2026-06-03T23:40"), "save": "1"},
    )
    detail = as_volunteer.get(reverse("stories:detail", args=[campaign.slug, story.pk]))
    html = detail.content.decode()
    assert "Booked into the jail" in html
    assert "June 3, 2026, 11:40 p.m. CDT" in html


def test_the_intake_page_keeps_nothing_on_the_device(as_volunteer, campaign):
    script = (settings.BASE_DIR / "static" / "stories" / "autosave.js").read_text()
    for storage in ("localstorage", "sessionstorage", "indexeddb", "document.cookie", "caches"):
        assert storage not in script.lower(), storage
    story = _start(as_volunteer, campaign)
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    html = page.content.decode()
    assert 'hx-history="false"' in html  # htmx never copies the page into localStorage
    assert 'autocomplete="off"' in html
    assert 'id="offline-banner"' in html
    # No inline script (CSP): every script has a source.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# Discarding a draft.


def _discard(client, campaign, story, **data):
    return client.post(reverse("stories:discard", args=[campaign.slug, story.pk]), data)


def test_the_taker_discards_a_draft(as_volunteer, campaign, volunteer):
    story = _start(as_volunteer, campaign)
    _autosave(as_volunteer, campaign, story)
    teller_pk = story.storyteller_id
    page = as_volunteer.get(reverse("stories:edit", args=[campaign.slug, story.pk]))
    assert reverse("stories:discard", args=[campaign.slug, story.pk]) in page.content.decode()
    assert (
        as_volunteer.get(reverse("stories:discard", args=[campaign.slug, story.pk])).status_code
        == 200
    )
    # Not without saying so.
    response = _discard(as_volunteer, campaign, story)
    assert response.status_code == 400
    assert Story.objects.filter(pk=story.pk).exists()
    response = _discard(as_volunteer, campaign, story, confirm="on")
    assert response.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
    assert not Storyteller.objects.filter(pk=teller_pk).exists()
    event = AuditEvent.objects.get(action="story.discarded")
    assert event.actor == volunteer
    assert f" stories.story:{story.pk} " in event.object_keys
    assert event.details == {"storyteller_deleted": True}


def test_a_storyteller_with_another_story_stays(as_volunteer, campaign, volunteer):
    finished = make_story(campaign, taken_by=volunteer)
    draft = make_story(campaign, taken_by=volunteer, complete=False)
    draft.storyteller = finished.storyteller
    draft.save()
    response = _discard(as_volunteer, campaign, draft, confirm="on")
    assert response.status_code == 302
    assert not Story.objects.filter(pk=draft.pk).exists()
    assert Storyteller.objects.filter(pk=finished.storyteller_id).exists()
    assert Story.objects.filter(pk=finished.pk).exists()


def test_a_finished_story_cannot_be_discarded(as_volunteer, campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    response = _discard(as_volunteer, campaign, story, confirm="on")
    assert response.status_code == 409
    assert "a lead can erase it" in response.content.decode()
    assert Story.objects.filter(pk=story.pk).exists()
    assert not AuditEvent.objects.filter(action="story.discarded").exists()


def test_a_draft_with_consent_on_record_is_not_discarded(as_volunteer, campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer, complete=False)
    consent(story, by=volunteer)
    response = _discard(as_volunteer, campaign, story, confirm="on")
    assert response.status_code == 409
    assert "consent records are kept" in response.content.decode()
    assert Story.objects.filter(pk=story.pk).exists()


def test_who_may_discard_a_draft(campaign, volunteer, coordinator, lead):
    from tests.factories import MembershipFactory, UserFactory

    other = UserFactory()
    MembershipFactory(campaign=campaign, user=other, role="volunteer")
    story = make_story(campaign, taken_by=volunteer, complete=False)
    for outsider in (other, coordinator):
        assert _discard(client_for(outsider), campaign, story, confirm="on").status_code == 404
    assert Story.objects.filter(pk=story.pk).exists()
    assert _discard(client_for(lead), campaign, story, confirm="on").status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
