"""Storytellers' requests: a lead finds a storyteller's stories by name or by number, to record
a withdrawal or erase them. The name is posted, never put in an address, and never audited."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from stories.services import erase_storyteller, withdraw_consent
from tests.conftest import client_for
from tests.stories.factories import consent, make_story

NAME = "María José Ñúñez"


def _url(campaign) -> str:
    return reverse("stories:requests", args=[campaign.slug])


@pytest.fixture
def told(campaign, volunteer):
    story = make_story(
        campaign, taken_by=volunteer, name=NAME, narrative="María was held at the county jail."
    )
    consent(story, by=volunteer)
    return story


def test_a_name_is_found_without_its_accents_capitals_or_spacing(as_lead, campaign, told, lead):
    response = as_lead.post(_url(campaign), {"query": "  maria  JOSE nunez "})
    body = response.content.decode()
    assert response.status_code == 200
    assert told.reference in body
    assert reverse("stories:withdraw", args=[campaign.slug, told.pk]) in body
    assert reverse("stories:erase", args=[campaign.slug, told.pk]) in body
    assert NAME not in body and "held at the county jail" not in body
    event = AuditEvent.objects.get(action="story.searched_by_name")
    assert event.actor == lead
    assert event.objects_affected == [{"model": "stories.story", "pk": str(told.pk)}]
    assert "maria" not in str(event.details).casefold()
    assert "maria" not in event.reason.casefold()


def test_the_search_form_posts_and_a_name_in_the_address_searches_nothing(as_lead, campaign, told):
    response = as_lead.get(_url(campaign), {"name": NAME, "query": NAME})
    body = response.content.decode()
    assert response.status_code == 200
    assert told.reference not in body
    assert 'method="post"' in body
    assert not AuditEvent.objects.filter(action="story.searched_by_name").exists()


@pytest.mark.parametrize("number", ["{ref}", "{pk}", "s-{pk}", " S{pk} "])
def test_a_lead_finds_a_story_by_its_number(as_lead, campaign, told, number):
    query = number.format(ref=told.reference, pk=told.pk)
    body = as_lead.post(_url(campaign), {"query": query}).content.decode()
    assert told.reference in body
    assert AuditEvent.objects.get(action="story.searched_by_name").objects_affected == [
        {"model": "stories.story", "pk": str(told.pk)}
    ]


def test_another_campaigns_story_is_not_found_by_number(as_lead, other_campaign, campaign, lead):
    other = make_story(other_campaign, taken_by=lead, name=NAME)
    response = as_lead.post(_url(campaign), {"query": other.reference})
    assert response.context["found"] == []
    assert "No story by that name or number" in response.content.decode()


def test_erased_stories_are_not_found(as_lead, campaign, told, lead):
    erase_storyteller(story=told, user=lead, reason="asked by phone")
    for query in (NAME, told.reference):
        assert as_lead.post(_url(campaign), {"query": query}).context["found"] == []


def test_a_story_whose_consent_was_all_withdrawn_is_still_found(as_lead, campaign, told, lead):
    withdraw_consent(story=told, purposes=None, user=lead)
    body = as_lead.post(_url(campaign), {"query": "maria jose nunez"}).content.decode()
    assert told.reference in body
    assert reverse("stories:erase", args=[campaign.slug, told.pk]) in body


def test_an_empty_or_overlong_query_is_refused_with_a_message(as_lead, campaign, told, volunteer):
    unnamed = make_story(campaign, taken_by=volunteer, name="")
    for query in ("   ", "-", "' "):
        empty = as_lead.post(_url(campaign), {"query": query})
        assert empty.status_code == 400
        assert "Enter a name or a story number" in empty.content.decode()
        assert unnamed.reference not in empty.content.decode()
    long = as_lead.post(_url(campaign), {"query": "a" * 500})
    assert long.status_code == 400
    assert not AuditEvent.objects.filter(action="story.searched_by_name").exists()


@pytest.mark.parametrize("role", ["coordinator", "volunteer", "observer"])
def test_only_leads_search(request, campaign, told, role):
    client = client_for(request.getfixturevalue(role))
    assert client.post(_url(campaign), {"query": NAME}).status_code == 403


def test_outsider_gets_404(as_outsider, campaign, told):
    assert as_outsider.post(_url(campaign), {"query": NAME}).status_code == 404
