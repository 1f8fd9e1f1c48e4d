import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import CalendarFeed, Membership, hash_token
from coalition.views.calendar import NEW_FEED_SESSION_KEY
from core.models import AuditEvent
from tests.coalition.conftest import membership_of
from tests.coalition.factories import ContactFactory, FollowUpFactory, MeetingFactory
from tests.conftest import client_for


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


TODAY = timezone.localdate()


def test_month_view_shows_meetings_and_due_follow_ups(as_observer, campaign):
    day = TODAY.replace(day=15)
    MeetingFactory(campaign=campaign, title="Planning call", starts_at=_local(day, 18))
    FollowUpFactory(campaign=campaign, title="Send the letter", due_on=day)
    FollowUpFactory(
        campaign=campaign, title="Already done", due_on=day, state="done", closed_at=timezone.now()
    )
    response = as_observer.get(_url(campaign, "calendar_month"), {"month": f"{day:%Y-%m}"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Planning call" in body
    assert "Send the letter" in body
    assert "Already done" not in body


def test_month_view_survives_a_nonsense_month(as_observer, campaign):
    response = as_observer.get(_url(campaign, "calendar_month"), {"month": "2026-13"})
    assert response.status_code == 200
    assert response.context["month"] == TODAY.replace(day=1)


def test_week_view_lists_seven_days(as_observer, campaign):
    MeetingFactory(campaign=campaign, title="Hearing prep", starts_at=_local(TODAY, 9))
    response = as_observer.get(_url(campaign, "calendar_week"), {"week": TODAY.isoformat()})
    assert len(response.context["days"]) == 7
    assert "Hearing prep" in response.content.decode()
    assert as_observer.get(_url(campaign, "calendar_week"), {"week": "garbage"}).status_code == 200


def test_calendar_query_count_does_not_grow_with_rows(
    as_observer, campaign, django_assert_max_num_queries
):
    url = _url(campaign, "calendar_month")
    MeetingFactory.create_batch(2, campaign=campaign, starts_at=_local(TODAY, 10))
    with django_assert_max_num_queries(12) as small:
        as_observer.get(url)
    MeetingFactory.create_batch(25, campaign=campaign, starts_at=_local(TODAY, 10))
    FollowUpFactory.create_batch(25, campaign=campaign, due_on=TODAY)
    with django_assert_max_num_queries(12) as large:
        as_observer.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


# The private feed


def _issue(client, campaign) -> str:
    assert client.post(_url(campaign, "calendar_feed_issue")).status_code == 302
    page = client.get(_url(campaign, "calendar_feed_settings"))
    url = page.context["new_url"]
    assert url and url.endswith(".ics")
    return url.split("/calendar/", 1)[1].removesuffix(".ics")


def _feed(token: str, client=None):
    return (client or client_for(None)).get(reverse("coalition:calendar_feed", args=[token]))


@pytest.fixture
def calendar_data(campaign, coordinator, volunteer):
    me = membership_of(campaign, coordinator)
    meeting = MeetingFactory(
        campaign=campaign,
        title="Meeting with the sheriff",
        kind="target",
        starts_at=_local(TODAY + datetime.timedelta(days=2), 10),
        location="Sheriff's office",
        notes="Rosa Private told her story",
    )
    meeting.contacts.add(
        ContactFactory(campaign=campaign, name="Rosa Private", email="rosa@example.org")
    )
    FollowUpFactory(
        campaign=campaign,
        owner=me,
        title="Send the cost estimate",
        due_on=TODAY + datetime.timedelta(days=1),
        details="Secret detail",
    )
    FollowUpFactory(
        campaign=campaign, owner=membership_of(campaign, volunteer), title="Someone else's task"
    )
    return meeting


def test_the_feed_is_a_calendar_with_meetings_and_my_follow_ups(
    as_coordinator, campaign, calendar_data
):
    token = _issue(as_coordinator, campaign)
    response = _feed(token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Meeting with the sheriff", "Follow-up due: Send the cost estimate"}
    meeting = events["Meeting with the sheriff"]
    assert meeting.decoded("DTSTART") == calendar_data.starts_at
    assert str(meeting["LOCATION"]) == "Sheriff's office"
    assert str(meeting["UID"]).startswith(f"meeting-{calendar_data.pk}@")
    followup = events["Follow-up due: Send the cost estimate"]
    assert followup.decoded("DTSTART") == TODAY + datetime.timedelta(days=1)
    # No personal data: no notes, no contacts, no follow-up details.
    text = response.content.decode()
    for secret in ("Rosa", "rosa@example.org", "Secret detail", "told her story"):
        assert secret not in text
    assert CalendarFeed.objects.get().last_fetched_at is not None


def test_only_a_hash_of_the_token_is_stored(as_coordinator, campaign, coordinator):
    token = _issue(as_coordinator, campaign)
    feed = CalendarFeed.objects.get(user=coordinator)
    assert feed.token_hash == hash_token(token)
    assert token not in feed.token_hash
    assert AuditEvent.objects.filter(action="calendar_feed.issued").exists()


def test_the_new_address_is_shown_only_once(as_coordinator, campaign):
    _issue(as_coordinator, campaign)
    again = as_coordinator.get(_url(campaign, "calendar_feed_settings"))
    assert again.context["new_url"] is None
    assert NEW_FEED_SESSION_KEY not in as_coordinator.session


def test_a_wrong_token_gets_404(db):
    assert _feed("not-a-real-token").status_code == 404


def test_regenerating_turns_the_old_address_off(as_coordinator, campaign):
    old = _issue(as_coordinator, campaign)
    new = _issue(as_coordinator, campaign)
    assert _feed(old).status_code == 404
    assert _feed(new).status_code == 200
    assert CalendarFeed.objects.active().count() == 1


def test_revoking_turns_it_off(as_coordinator, campaign):
    token = _issue(as_coordinator, campaign)
    assert as_coordinator.post(_url(campaign, "calendar_feed_revoke")).status_code == 302
    assert _feed(token).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").exists()


def test_a_removed_member_s_feed_stops(as_volunteer, campaign, volunteer):
    token = _issue(as_volunteer, campaign)
    Membership.objects.for_campaign(campaign).filter(user=volunteer).delete()
    assert _feed(token).status_code == 404


def test_each_feed_shows_only_its_own_campaign(as_lead, campaign, other_campaign, lead):
    MeetingFactory(campaign=campaign, title="Ours")
    MeetingFactory(campaign=other_campaign, title="Theirs")
    token = _issue(as_lead, campaign)
    assert "Theirs" not in _feed(token).content.decode()


def test_feed_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    token = _issue(as_coordinator, campaign)
    me = membership_of(campaign, coordinator)
    MeetingFactory.create_batch(2, campaign=campaign)
    with django_assert_max_num_queries(8) as small:
        _feed(token)
    MeetingFactory.create_batch(30, campaign=campaign)
    FollowUpFactory.create_batch(30, campaign=campaign, owner=me)
    with django_assert_max_num_queries(8) as large:
        _feed(token)
    assert len(large.captured_queries) == len(small.captured_queries)
