from django.urls import reverse

from coalition.permissions import Role
from tests.factories import MembershipFactory


def test_home_shows_the_campaign_and_its_members_by_role(as_volunteer, campaign, people):
    page = as_volunteer.get(reverse("coalition:campaign_home", args=[campaign.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "ICE out of Example County" in body
    for heading in ("Lead", "Coordinator", "Volunteer", "Observer"):
        assert f"<h3>{heading} <small" in body
    assert people["observer"].name in body
    assert people["outsider"].name not in body
    # Member management is only offered to leads.
    assert reverse("coalition:members", args=[campaign.slug]) not in body


def test_switcher_lists_only_my_campaigns(campaign, other_campaign, volunteer, db):
    from tests.conftest import client_for

    third = MembershipFactory(user=volunteer, role=Role.OBSERVER).campaign
    body = client_for(volunteer).get(reverse("coalition:dashboard")).content.decode()
    assert campaign.name in body
    assert third.name in body
    assert other_campaign.name not in body


def test_dashboard_goes_straight_to_the_only_campaign(as_coordinator, campaign):
    response = as_coordinator.get(reverse("coalition:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()


def test_home_query_count_does_not_grow_with_members(
    as_coordinator, campaign, people, django_assert_max_num_queries
):
    url = reverse("coalition:campaign_home", args=[campaign.slug])
    with django_assert_max_num_queries(14) as small:
        as_coordinator.get(url)
    MembershipFactory.create_batch(30, campaign=campaign)
    with django_assert_max_num_queries(14) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
