from django.urls import reverse

from coalition.models import Organization
from tests.coalition.factories import ContactFactory, OrganizationFactory


def _url(campaign):
    return reverse("coalition:index", args=[campaign.slug])


def test_outsider_gets_404(as_outsider, campaign):
    assert as_outsider.get(_url(campaign)).status_code == 404


def test_the_area_navigation_links_here(as_observer, campaign):
    body = as_observer.get(campaign.get_absolute_url()).content.decode()
    assert f'href="{_url(campaign)}"' in body


def test_stance_chart_counts_and_links(as_observer, campaign):
    OrganizationFactory.create_batch(3, campaign=campaign, stance=Organization.Stance.ACTIVE_ALLY)
    OrganizationFactory(
        campaign=campaign, stance=Organization.Stance.ACTIVE_OPPOSITION, influence=5
    )
    OrganizationFactory(campaign=campaign, stance=None)
    response = as_observer.get(_url(campaign))
    bars = {bar["key"]: bar for bar in response.context["chart"]["bars"]}
    assert bars["ally"]["count"] == 3
    assert bars["against"]["count"] == 1
    assert bars["unknown"]["count"] == 1
    assert bars["neutral"]["height"] == 0
    assert bars["ally"]["height"] > bars["against"]["height"] > 0
    body = response.content.decode()
    assert "<svg" in body
    assert "?stance=2" in body and "?stance=none" in body
    dots = {(d["key"], d["count"]) for d in response.context["grid"]["dots"]}
    assert ("ally", 3) in dots and ("against", 1) in dots
    assert "stance=-2&amp;influence=5" in body


def test_only_editors_see_the_contact_count(as_observer, as_coordinator, campaign):
    ContactFactory(campaign=campaign)
    assert as_observer.get(_url(campaign)).context["contact_count"] is None
    assert as_coordinator.get(_url(campaign)).context["contact_count"] == 1
