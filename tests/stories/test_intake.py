from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from stories.models import Consent, Story, Storyteller
from tests.conftest import client_for
from tests.stories.factories import make_story


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


def test_autosave_with_a_bad_date_changes_nothing(as_volunteer, campaign):
    story = _start(as_volunteer, campaign)
    url = reverse("stories:autosave", args=[campaign.slug, story.pk])
    response = as_volunteer.post(url, _intake(custody_ended_at="the 5th of June"))
    assert response.status_code == 400
    assert "Enter a valid date/time." in response.content.decode()
    story.refresh_from_db()
    assert story.narrative == ""


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
