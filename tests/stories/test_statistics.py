from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from stories.models import Purpose
from stories.stats import summary
from tests.conftest import client_for
from tests.stories.factories import consent, make_story

CHI = ZoneInfo("America/Chicago")


def _held(campaign, by, hours_past: int, facility=None):
    # Friday 18:00 → deadline Tuesday 18:00 under the regulation.
    end = datetime(2026, 6, 9, 18, 0, tzinfo=CHI).timestamp() + hours_past * 3600
    story = make_story(
        campaign,
        taken_by=by,
        themes=("held_past_release",),
        facility=facility,
        custody_ended_at=datetime(2026, 6, 5, 18, 0, tzinfo=CHI),
        outcome_at=datetime.fromtimestamp(end, tz=CHI),
    )
    consent(story, Purpose.INTERNAL, by=by)
    return story


def test_counts_by_facility_theme_and_month(campaign, volunteer):
    for hours in (0, 10, 20, 30):
        _held(campaign, volunteer, hours)
    no_consent = make_story(campaign, taken_by=volunteer, themes=("bail",))
    data = summary(campaign, exact=True)
    assert data["total"] == "4"
    (row,) = data["by_facility"]
    assert row["total"] == 4
    assert row["held_past"] == 3
    assert row["average_hours"] == 20.0
    themes = dict(data["by_theme"])
    assert themes["Held past release"] == "4"
    assert themes["Bail denied or raised because of the hold"] == "0"
    assert no_consent.pk  # counted nowhere: no consent for the campaign's use


def test_small_counts_are_blurred_for_those_who_may_not_see_stories(campaign, volunteer, observer):
    _held(campaign, volunteer, 5)
    body = (
        client_for(observer)
        .get(reverse("stories:statistics", args=[campaign.slug]))
        .content.decode()
    )
    assert "fewer than 3" in body
    assert "Rosa" not in body


def test_statistics_queries_do_not_grow_with_stories(
    as_coordinator, campaign, volunteer, django_assert_max_num_queries
):
    url = reverse("stories:statistics", args=[campaign.slug])
    _held(campaign, volunteer, 5)
    with django_assert_max_num_queries(20) as small:
        as_coordinator.get(url)
    for hours in range(10):
        _held(campaign, volunteer, hours)
    with django_assert_max_num_queries(20) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_story_list_queries_do_not_grow_with_stories(
    as_coordinator, campaign, volunteer, django_assert_max_num_queries
):
    url = reverse("stories:index", args=[campaign.slug])
    _held(campaign, volunteer, 5)
    with django_assert_max_num_queries(25) as small:
        as_coordinator.get(url)
    for hours in range(10):
        _held(campaign, volunteer, hours)
    with django_assert_max_num_queries(25) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
