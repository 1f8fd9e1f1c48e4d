import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from coalition.models import FollowUp, FollowUpReminder
from coalition.permissions import Role
from coalition.services.meetings import send_followup_reminders
from coalition.tasks import send_followup_reminders_task
from core.models import AuditEvent
from tests.coalition.conftest import membership_of
from tests.coalition.factories import FollowUpFactory, MeetingFactory
from tests.conftest import client_for
from tests.factories import MembershipFactory


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


TODAY = timezone.localdate()


def test_outsider_gets_404(as_outsider, campaign):
    followup = FollowUpFactory(campaign=campaign)
    assert as_outsider.get(_url(campaign, "followup_detail", followup.pk)).status_code == 404


def test_volunteer_who_attended_adds_a_follow_up_from_the_meeting(
    as_volunteer, campaign, volunteer, coordinator
):
    meeting = MeetingFactory(campaign=campaign)
    meeting.attendees.add(membership_of(campaign, volunteer))
    owner = membership_of(campaign, coordinator)
    response = as_volunteer.post(
        _url(campaign, "meeting_followup_create", meeting.pk),
        {"title": "Send the sheriff our data", "owner": owner.pk, "due_on": "2026-06-01"},
    )
    assert response.status_code == 302
    followup = FollowUp.objects.for_campaign(campaign).get()
    assert followup.meeting == meeting
    assert followup.owner == owner
    assert followup.state == FollowUp.State.OPEN
    assert AuditEvent.objects.filter(action="followup.created").exists()


def test_volunteer_who_was_not_there_may_not(as_volunteer, campaign):
    meeting = MeetingFactory(campaign=campaign)
    response = as_volunteer.post(
        _url(campaign, "meeting_followup_create", meeting.pk),
        {"title": "x", "due_on": "2026-06-01"},
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_bad_input_shows_the_meeting_again_with_errors(as_coordinator, campaign):
    meeting = MeetingFactory(campaign=campaign)
    response = as_coordinator.post(
        _url(campaign, "meeting_followup_create", meeting.pk), {"title": "", "due_on": "soon"}
    )
    assert response.status_code == 400
    assert meeting.title in response.content.decode()
    assert not FollowUp.objects.exists()


def test_owners_are_members_who_may_log_meetings(as_coordinator, campaign, observer):
    response = as_coordinator.post(
        _url(campaign, "followup_create"),
        {"title": "x", "due_on": "2026-06-01", "owner": membership_of(campaign, observer).pk},
    )
    assert response.status_code == 400
    assert not FollowUp.objects.exists()


def test_home_shows_my_follow_ups_and_the_overdue_ones(
    as_coordinator, campaign, coordinator, volunteer
):
    me = membership_of(campaign, coordinator)
    other = membership_of(campaign, volunteer)
    FollowUpFactory(campaign=campaign, owner=me, title="Mine, due soon")
    FollowUpFactory(
        campaign=campaign,
        owner=other,
        title="Theirs, late",
        due_on=TODAY - datetime.timedelta(days=2),
    )
    FollowUpFactory(
        campaign=campaign, owner=me, title="Mine, done", state="done", closed_at=timezone.now()
    )
    response = as_coordinator.get(reverse("coalition:campaign_home", args=[campaign.slug]))
    assert [f.title for f in response.context["my_followups"]] == ["Mine, due soon"]
    assert [f.title for f in response.context["overdue_followups"]] == ["Theirs, late"]
    body = response.content.decode()
    assert "Mine, due soon" in body and "Theirs, late" in body and "Mine, done" not in body


def test_owner_marks_their_follow_up_done_with_htmx(as_volunteer, campaign, volunteer):
    followup = FollowUpFactory(campaign=campaign, owner=membership_of(campaign, volunteer))
    response = as_volunteer.post(
        _url(campaign, "followup_state", followup.pk),
        {"state": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith(f'<tr id="followup-{followup.pk}"')
    followup.refresh_from_db()
    assert followup.state == "done"
    assert followup.closed_at is not None
    assert AuditEvent.objects.get(action="followup.state_changed").details == {
        "old_state": "open",
        "new_state": "done",
    }


def test_reopening_clears_the_closing_time(as_coordinator, campaign):
    followup = FollowUpFactory(campaign=campaign, state="dropped", closed_at=timezone.now())
    as_coordinator.post(_url(campaign, "followup_state", followup.pk), {"state": "open"})
    followup.refresh_from_db()
    assert (followup.state, followup.closed_at) == ("open", None)


def test_someone_elses_follow_up_is_not_a_volunteers_to_close(as_volunteer, campaign, coordinator):
    followup = FollowUpFactory(campaign=campaign, owner=membership_of(campaign, coordinator))
    response = as_volunteer.post(_url(campaign, "followup_state", followup.pk), {"state": "done"})
    assert response.status_code == 403
    assert as_volunteer.get(_url(campaign, "followup_edit", followup.pk)).status_code == 403
    assert FollowUp.objects.get().state == "open"


def test_a_nonsense_state_is_refused(as_coordinator, campaign):
    followup = FollowUpFactory(campaign=campaign)
    response = as_coordinator.post(
        _url(campaign, "followup_state", followup.pk),
        {"state": "maybe"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert FollowUp.objects.get().state == "open"


def test_the_database_refuses_a_closed_follow_up_without_a_closing_time(campaign):
    with pytest.raises(IntegrityError):
        FollowUpFactory(campaign=campaign, state="done", closed_at=None)


def test_details_are_for_the_owner_and_coordinators(campaign, volunteer, observer):
    followup = FollowUpFactory(
        campaign=campaign, owner=membership_of(campaign, volunteer), details="Call Rosa at home"
    )
    url = _url(campaign, "followup_detail", followup.pk)
    assert "Call Rosa at home" in client_for(volunteer).get(url).content.decode()
    assert "Call Rosa at home" not in client_for(observer).get(url).content.decode()


def test_list_filters(as_coordinator, campaign, coordinator, volunteer):
    me = membership_of(campaign, coordinator)
    FollowUpFactory(campaign=campaign, owner=me, title="mine")
    FollowUpFactory(campaign=campaign, title="nobody's")
    FollowUpFactory(
        campaign=campaign,
        owner=membership_of(campaign, volunteer),
        title="late",
        due_on=TODAY - datetime.timedelta(days=1),
    )
    FollowUpFactory(campaign=campaign, title="closed", state="done", closed_at=timezone.now())
    url = _url(campaign, "followup_list")

    def titles(**params):
        return {f.title for f in as_coordinator.get(url, params).context["page"].object_list}

    assert titles() == {"mine", "nobody's", "late"}
    assert titles(owner="me") == {"mine"}
    assert titles(owner="none") == {"nobody's"}
    assert titles(due="overdue") == {"late"}
    assert titles(state="done") == {"closed"}
    assert titles(state="all") == {"mine", "nobody's", "late", "closed"}
    assert titles(q="LAT") == {"late"}


def test_bulk_assign_and_close(as_coordinator, campaign, volunteer):
    followups = FollowUpFactory.create_batch(3, campaign=campaign)
    member = membership_of(campaign, volunteer)
    url = _url(campaign, "followup_bulk")
    as_coordinator.post(url, {"action": "owner", "owner": member.pk, "all_matching": "on"})
    assert set(FollowUp.objects.values_list("owner", flat=True)) == {member.pk}
    as_coordinator.post(url, {"action": "done", "selected": [followups[0].pk]})
    done = FollowUp.objects.get(pk=followups[0].pk)
    assert done.state == "done" and done.closed_at is not None
    assert FollowUp.objects.filter(state="open").count() == 2


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    member = membership_of(campaign, coordinator)
    meeting = MeetingFactory(campaign=campaign)
    url = _url(campaign, "followup_list")
    FollowUpFactory.create_batch(3, campaign=campaign, owner=member, meeting=meeting)
    with django_assert_max_num_queries(25) as small:
        assert as_coordinator.get(url).status_code == 200
    FollowUpFactory.create_batch(40, campaign=campaign, owner=member, meeting=meeting)
    with django_assert_max_num_queries(25) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_home_query_count_does_not_grow_with_follow_ups(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    member = membership_of(campaign, coordinator)
    url = reverse("coalition:campaign_home", args=[campaign.slug])
    FollowUpFactory.create_batch(
        2, campaign=campaign, owner=member, due_on=TODAY - datetime.timedelta(days=1)
    )
    with django_assert_max_num_queries(12) as small:
        as_coordinator.get(url)
    FollowUpFactory.create_batch(
        30, campaign=campaign, owner=member, due_on=TODAY - datetime.timedelta(days=1)
    )
    with django_assert_max_num_queries(12) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


# Reminders


@pytest.fixture
def due(campaign, coordinator, volunteer):
    me = membership_of(campaign, coordinator)
    return {
        "overdue": FollowUpFactory(
            campaign=campaign,
            owner=me,
            title="Call the county counsel",
            due_on=TODAY - datetime.timedelta(days=3),
        ),
        "today": FollowUpFactory(campaign=campaign, owner=me, title="Book the hall", due_on=TODAY),
        "later": FollowUpFactory(
            campaign=campaign,
            owner=me,
            title="Later task",
            due_on=TODAY + datetime.timedelta(days=10),
        ),
        "done": FollowUpFactory(
            campaign=campaign,
            owner=me,
            title="Finished task",
            due_on=TODAY,
            state="done",
            closed_at=timezone.now(),
        ),
        "unowned": FollowUpFactory(campaign=campaign, title="Nobody's task", due_on=TODAY),
        "volunteer": FollowUpFactory(
            campaign=campaign,
            owner=membership_of(campaign, volunteer),
            title="Print flyers",
            due_on=TODAY + datetime.timedelta(days=1),
        ),
    }


def test_reminders_go_once_a_day_to_each_owner(due, coordinator, volunteer):
    call_command(
        "send_followup_reminders", "--base-url", "https://brightline.example.org", stdout=None
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, volunteer.email])
    mine = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert "2 follow-ups due" in mine.subject
    assert "Call the county counsel" in mine.body and "Book the hall" in mine.body
    assert "Later task" not in mine.body and "Finished task" not in mine.body
    assert (
        f"https://brightline.example.org/c/example-county/coalition/followups/{due['today'].pk}/"
        in mine.body
    )
    assert FollowUpReminder.objects.count() == 3

    call_command("send_followup_reminders", stdout=None)
    assert len(mail.outbox) == 2  # nothing new the same day
    assert FollowUpReminder.objects.count() == 3


def test_reminders_come_again_the_next_day(due, coordinator):
    send_followup_reminders(today=TODAY)
    send_followup_reminders(today=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 4
    assert FollowUpReminder.objects.filter(follow_up=due["overdue"]).count() == 2
    assert AuditEvent.objects.filter(action="followup.reminder_sent").count() == 4


def test_no_reminder_for_a_removed_owner(campaign, db):
    member = MembershipFactory(campaign=campaign, role=Role.VOLUNTEER)
    FollowUpFactory(campaign=campaign, owner=member, due_on=TODAY)
    member.delete()
    assert send_followup_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_the_task_sends_the_same_reminders(due):
    result = send_followup_reminders_task.enqueue(base_url="https://brightline.example.org")
    assert result.return_value == 2
    assert len(mail.outbox) == 2
