"""Every API view's rows come from the request's campaign only."""

import pytest
from django.urls import reverse

from tests.api.conftest import api_client_for
from tests.coalition.factories import FollowUpFactory, MeetingFactory

CAMPAIGN_LISTS = [
    "api:campaign-organization-list",
    "api:campaign-contact-list",
    "api:campaign-meeting-list",
    "api:campaign-followup-list",
    "api:campaign-story-list",
]


@pytest.mark.parametrize("name", CAMPAIGN_LISTS)
def test_outsider_gets_404(name, campaign, outsider):
    response = api_client_for(outsider).get(reverse(name, kwargs={"campaign_slug": campaign.slug}))
    assert response.status_code == 404


def test_outsider_gets_404_for_a_record_of_another_campaign_through_their_own(
    campaign, other_campaign, outsider, two_campaigns
):
    mine, _ = two_campaigns
    url = reverse(
        "api:campaign-organization-detail",
        kwargs={"campaign_slug": other_campaign.slug, "pk": mine["organization"].pk},
    )
    assert api_client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "model"),
    [("api:campaign-organization-list", "organization"), ("api:campaign-contact-list", "contact")],
)
def test_member_sees_only_their_campaigns_rows(name, model, campaign, lead, two_campaigns):
    mine, theirs = two_campaigns
    response = api_client_for(lead).get(reverse(name, kwargs={"campaign_slug": campaign.slug}))
    ids = {row["id"] for row in response.json()["results"]}
    assert mine[model].pk in ids
    assert theirs[model].pk not in ids


def test_meetings_and_followups_are_scoped(campaign, other_campaign, lead):
    ours, theirs = MeetingFactory(campaign=campaign), MeetingFactory(campaign=other_campaign)
    task_ours = FollowUpFactory(campaign=campaign)
    task_theirs = FollowUpFactory(campaign=other_campaign)
    client = api_client_for(lead)
    meetings = client.get(
        reverse("api:campaign-meeting-list", kwargs={"campaign_slug": campaign.slug})
    )
    ids = {row["id"] for row in meetings.json()["results"]}
    assert ours.pk in ids and theirs.pk not in ids
    tasks = client.get(
        reverse("api:campaign-followup-list", kwargs={"campaign_slug": campaign.slug})
    )
    ids = {row["id"] for row in tasks.json()["results"]}
    assert task_ours.pk in ids and task_theirs.pk not in ids


def test_campaign_list_is_the_users_own(campaign, other_campaign, lead):
    response = api_client_for(lead).get(reverse("api:campaign-list"))
    assert [row["slug"] for row in response.json()] == [campaign.slug]
    assert response.json()[0]["role"] == "lead"


def test_a_relation_to_another_campaigns_record_is_refused(campaign, lead, two_campaigns):
    _, theirs = two_campaigns
    url = reverse("api:campaign-followup-list", kwargs={"campaign_slug": campaign.slug})
    response = api_client_for(lead).post(
        url,
        {"title": "Call back", "due_on": "2026-12-01", "organization": theirs["organization"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert "organization" in response.json()["errors"]


def test_create_injects_the_campaign(campaign, other_campaign, coordinator):
    url = reverse("api:campaign-organization-list", kwargs={"campaign_slug": campaign.slug})
    response = api_client_for(coordinator).post(
        url,
        {"name": "Faith Table", "kind": "faith", "campaign": other_campaign.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    from coalition.models import Organization

    created = Organization.objects.get(pk=response.json()["id"])
    assert created.campaign == campaign
