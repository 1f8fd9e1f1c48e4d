"""A datetime with a UTC offset PostgreSQL refuses (beyond ±15:59) is still a real instant:
filters answer with results, never a server error (found by schemathesis)."""

import datetime

from django.db import connection
from django.urls import reverse

from tests.coalition.factories import MeetingFactory
from tests.conftest import client_for


def test_a_far_offset_in_a_filter_is_not_a_server_error(campaign, coordinator):
    meeting = MeetingFactory(campaign=campaign)
    url = reverse("api:campaign-meeting-list", kwargs={"campaign_slug": campaign.slug})
    response = client_for(coordinator).get(
        url,
        {"starts_after": "2000-05-14T07:48:08+20:13", "starts_before": "2501-06-06T11:15+12:46"},
    )
    assert response.status_code == 200, response.content[:300]
    assert [row["id"] for row in response.json()["results"]] == [meeting.pk]


def test_aware_datetimes_reach_the_database_in_utc():
    far = datetime.datetime(
        2025, 1, 1, 20, 13, tzinfo=datetime.timezone(datetime.timedelta(hours=20, minutes=13))
    )
    adapted = connection.ops.adapt_datetimefield_value(far)
    if connection.vendor == "postgresql":
        assert adapted.utcoffset() == datetime.timedelta(0)
        assert adapted == far
