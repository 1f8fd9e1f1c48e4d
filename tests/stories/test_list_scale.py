"""The story list at scale (issue 10): a fixed number of queries, a count that stops counting,
and a facility filter that does not read every story."""

import pytest
from django.urls import reverse

from stories.models import Story
from tests.stories.factories import consent, make_story
from tests.targets.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def _add(campaign, volunteer, n: int, facility=None) -> list[Story]:
    stories = []
    for i in range(n):
        story = make_story(campaign, taken_by=volunteer, name=f"Teller {i}", facility=facility)
        consent(story, by=volunteer)
        stories.append(story)
    return stories


def test_list_query_count_does_not_grow_with_stories(
    as_coordinator, campaign, volunteer, django_assert_max_num_queries
):
    facility = FacilityFactory()
    url = reverse("stories:index", args=[campaign.slug])
    _add(campaign, volunteer, 3, facility)
    with django_assert_max_num_queries(20) as small:
        response = as_coordinator.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    _add(campaign, volunteer, 40, FacilityFactory())
    with django_assert_max_num_queries(20) as large:
        response = as_coordinator.get(url)
    assert len(response.context["views"]) == 25
    assert response.context["page"].has_next()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_facility_filter_offers_only_this_campaigns_facilities(
    as_coordinator, campaign, other_campaign, volunteer, outsider
):
    ours, theirs, unused = FacilityFactory(), FacilityFactory(), FacilityFactory()
    _add(campaign, volunteer, 2, ours)
    make_story(other_campaign, taken_by=outsider, facility=theirs)
    response = as_coordinator.get(reverse("stories:index", args=[campaign.slug]))
    assert list(response.context["facilities"]) == [ours]
    assert unused.name not in response.content.decode()


def test_page_count_is_exact_below_the_cap_and_the_list_pages_on(
    as_coordinator, campaign, volunteer, monkeypatch
):
    from coalition.views import common

    _add(campaign, volunteer, 7)
    url = reverse("stories:index", args=[campaign.slug])
    monkeypatch.setattr("stories.views.PAGE_SIZE", 2)
    response = as_coordinator.get(url)
    assert response.context["page"].paginator.num_pages == 4
    assert "Page 1 of 4" in response.content.decode()

    # With a cap of 3 rows past the page, the count stops: "Page 1 of 3+", and the next pages
    # still open, each one moving the window on, up to the last story.
    original = common.CappedPaginator.__init__

    def capped(self, *args, **kwargs):
        original(self, *args, **{**kwargs, "cap": 3})

    monkeypatch.setattr(common.CappedPaginator, "__init__", capped)
    response = as_coordinator.get(url)
    page = response.context["page"]
    assert page.paginator.is_capped
    assert str(page.paginator.num_pages) == "3+"
    assert "Page 1 of 3+" in response.content.decode()
    seen = []
    for number in range(1, 5):
        page = as_coordinator.get(f"{url}?page={number}").context["page"]
        seen += [story.pk for story in page.object_list]
    assert not page.has_next()
    assert len(seen) == len(set(seen)) == 7
