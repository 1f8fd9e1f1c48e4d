import io
from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from stories.models import Consent, Purpose, Story
from tests.stories.factories import consent, make_story


def test_lead_finds_a_storyteller_by_name_and_erases(as_fresh_lead, campaign, volunteer, lead):
    story = make_story(
        campaign,
        taken_by=volunteer,
        name="Inés Vega",
        narrative="Inés told us about the jail.",
        themes=("bail",),
    )
    consent(story, Purpose.INTERNAL, by=volunteer)
    found = as_fresh_lead.post(
        reverse("stories:requests", args=[campaign.slug]), {"query": "  ines   VEGA "}
    )
    assert story.reference in found.content.decode()
    assert "Inés told us" not in found.content.decode()

    url = reverse("stories:erase", args=[campaign.slug, story.pk])
    refused = as_fresh_lead.post(url, {"reason": "asked by phone"})
    assert refused.status_code == 400  # the confirmation box was not ticked
    response = as_fresh_lead.post(url, {"reason": "asked by phone", "confirm": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_erased
    assert story.narrative == "" and story.storyteller.name == ""
    assert list(story.themes.values_list("theme", flat=True)) == ["bail"]  # the tombstone
    assert Consent.objects.for_story(story).count() == 1  # decisions kept, no personal data
    event = AuditEvent.objects.get(action="story.erased")
    assert event.actor == lead and event.reason == "asked by phone"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM stories_storyteller WHERE id = %s", [story.storyteller_id])
        assert cursor.fetchone()[0] == ""
    # Gone from every list.
    assert not Story.objects.visible_to(lead, campaign, Purpose.INTERNAL).exists()


def test_erasing_covers_every_story_of_the_storyteller(campaign, volunteer, lead):
    from stories.services import erase_storyteller

    first = make_story(campaign, taken_by=volunteer)
    second = make_story(campaign, taken_by=volunteer)
    second.storyteller = first.storyteller
    second.save()
    erased = erase_storyteller(story=first, user=lead, reason="request")
    assert {s.pk for s in erased} == {first.pk, second.pk}


def test_erase_command(campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    out = io.StringIO()
    call_command("erase_storyteller", story.reference, reason="letter of 2 May", stdout=out)
    story.refresh_from_db()
    assert story.is_erased
    assert story.reference in out.getvalue()


def test_retention_lists_then_anonymizes_stories_past_review(campaign, volunteer):
    old = make_story(campaign, taken_by=volunteer)
    old.review_on = date.today() - timedelta(days=1)
    old.save()
    fresh = make_story(campaign, taken_by=volunteer)
    fresh.review_on = date.today() + timedelta(days=30)
    fresh.save()
    out = io.StringIO()
    call_command("review_stories", stdout=out)
    assert old.reference in out.getvalue() and fresh.reference not in out.getvalue()
    old.refresh_from_db()
    assert not old.is_erased
    call_command("review_stories", anonymize=True, stdout=io.StringIO())
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.is_erased and not fresh.is_erased


def test_story_audit_trail_for_leads(as_fresh_lead, campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    as_fresh_lead.get(story.get_absolute_url())
    page = as_fresh_lead.get(reverse("stories:audit", args=[campaign.slug, story.pk]))
    assert "story.viewed" in page.content.decode()
