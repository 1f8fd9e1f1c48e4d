"""Stories through the API: consent and redaction as on the pages; every read audited."""

from django.urls import reverse

from core.models import AuditEvent
from stories.models import Identifiability, Purpose
from tests.api.conftest import api_client_for
from tests.stories.factories import consent, make_story


def _list(client, campaign):
    return client.get(reverse("api:campaign-story-list", kwargs={"campaign_slug": campaign.slug}))


def test_anonymized_story_shows_no_name_and_is_audited(campaign, lead, volunteer):
    story = make_story(
        campaign,
        taken_by=volunteer,
        name="Rosa Martínez",
        narrative="Rosa Martínez was held at the county jail.",
    )
    consent(story, Purpose.INTERNAL, level=Identifiability.ANONYMIZED, by=volunteer)
    response = _list(api_client_for(lead), campaign)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["name"] == ""
    assert "Rosa" not in row["narrative"]
    assert row["detainer_lodged_at"] is None
    event = AuditEvent.objects.get(action="story.api_read")
    assert event.actor == lead
    assert {"model": "stories.story", "pk": str(story.pk)} in event.objects_affected


def test_withdrawn_consent_hides_the_story_on_the_next_request(campaign, lead, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    client = api_client_for(lead)
    assert len(_list(client, campaign).json()["results"]) == 1
    consent(story, granted=False, withdrawal=True, by=volunteer)
    assert _list(client, campaign).json()["results"] == []
    detail = reverse(
        "api:campaign-story-detail", kwargs={"campaign_slug": campaign.slug, "pk": story.pk}
    )
    assert client.get(detail).status_code == 404


def test_detail_read_is_audited(campaign, coordinator, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    url = reverse(
        "api:campaign-story-detail", kwargs={"campaign_slug": campaign.slug, "pk": story.pk}
    )
    response = api_client_for(coordinator).get(url)
    assert response.json()["name"] == "Rosa Martínez"
    assert AuditEvent.objects.filter(action="story.api_read", actor=coordinator).count() == 1


def test_observer_may_not_read_stories(campaign, observer):
    assert _list(api_client_for(observer), campaign).status_code == 403


def test_stories_cannot_be_written(campaign, lead):
    url = reverse("api:campaign-story-list", kwargs={"campaign_slug": campaign.slug})
    assert api_client_for(lead).post(url, {}, format="json").status_code == 405
