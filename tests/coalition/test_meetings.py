import pytest
from django.urls import reverse

from coalition.models import Meeting
from coalition.permissions import Role
from core.models import AuditEvent
from tests.coalition.conftest import membership_of
from tests.coalition.factories import (
    ContactFactory,
    MeetingFactory,
    OrganizationFactory,
    affiliate,
)
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.targets.factories import OfficialFactory


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


@pytest.fixture
def allies(campaign):
    """Two organizations, each with a contact, and a sheriff from the reference data."""
    faith = OrganizationFactory(campaign=campaign, name="First Street Congregation")
    dv = OrganizationFactory(campaign=campaign, name="Safe Homes DV Project")
    pastor = affiliate(ContactFactory(campaign=campaign, name="Pastor Sam"), faith).contact
    advocate = affiliate(ContactFactory(campaign=campaign, name="Rosa Advocate"), dv).contact
    sheriff = OfficialFactory(name="Sheriff Jane Example", title="Sheriff")
    return {"orgs": [faith, dv], "contacts": [pastor, advocate], "official": sheriff}


def _meeting_data(**overrides):
    data = {
        "kind": Meeting.Kind.TARGET,
        "title": "Meeting with the sheriff",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T11:00",
        "location": "Sheriff's office",
        "agenda": "Our three demands",
        "decisions": "Sheriff will answer in two weeks",
        "notes": "Pastor Sam spoke about his congregant held 3 days.",
    }
    data.update(overrides)
    return data


def test_outsider_gets_404(as_outsider, campaign):
    meeting = MeetingFactory(campaign=campaign)
    assert as_outsider.get(_url(campaign, "meeting_detail", meeting.pk)).status_code == 404
    assert as_outsider.get(_url(campaign, "meeting_create")).status_code == 404


def test_observer_may_not_log_a_meeting(as_observer, campaign):
    assert as_observer.get(_url(campaign, "meeting_create")).status_code == 403
    assert as_observer.post(_url(campaign, "meeting_create"), _meeting_data()).status_code == 403
    assert not Meeting.objects.exists()


def test_coordinator_logs_a_meeting_with_two_organizations_and_an_official(
    as_coordinator, campaign, coordinator, allies
):
    member = membership_of(campaign, coordinator)
    data = _meeting_data(
        attendees=[member.pk],
        organizations=[o.pk for o in allies["orgs"]],
        contacts=[c.pk for c in allies["contacts"]],
        officials=[allies["official"].pk],
    )
    response = as_coordinator.post(_url(campaign, "meeting_create"), data)
    meeting = Meeting.objects.for_campaign(campaign).get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert set(meeting.organizations.all()) == set(allies["orgs"])
    assert set(meeting.contacts.all()) == set(allies["contacts"])
    assert list(meeting.officials.all()) == [allies["official"]]
    assert list(meeting.attendees.all()) == [member]
    assert meeting.created_by == coordinator
    assert AuditEvent.objects.get(action="meeting.created").details["kind"] == "target"
    # The official keeps the meetings held with them.
    assert list(allies["official"].coalition_meetings.all()) == [meeting]


def test_choosing_organizations_offers_their_people_without_saving(
    as_coordinator, campaign, allies
):
    data = _meeting_data(organizations=[allies["orgs"][0].pk], refresh="1")
    response = as_coordinator.post(_url(campaign, "meeting_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pastor Sam" in body
    assert "Rosa Advocate" not in body
    assert not Meeting.objects.exists()


def test_htmx_refresh_returns_only_the_attendee_choices(as_coordinator, campaign, allies):
    response = as_coordinator.post(
        _url(campaign, "meeting_create"),
        _meeting_data(organizations=[o.pk for o in allies["orgs"]], refresh="1"),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode().strip()
    assert body.startswith('<div id="attendee-picks"')
    assert "Pastor Sam" in body and "Rosa Advocate" in body


def test_official_lookup_and_exact_contact_lookup(as_coordinator, campaign, allies):
    ContactFactory(campaign=campaign, name="Lone Person", email="lone@example.org")
    response = as_coordinator.post(
        _url(campaign, "meeting_create"),
        _meeting_data(official_lookup="sheriff", contact_lookup="LONE@example.org", refresh="1"),
    )
    body = response.content.decode()
    assert "Sheriff Jane Example" in body
    assert "Lone Person" in body


def test_contact_lookup_ignores_accents(as_coordinator, campaign, allies):
    ContactFactory(campaign=campaign, name="Núria Peña", email="")
    response = as_coordinator.post(
        _url(campaign, "meeting_create"),
        _meeting_data(contact_lookup="nuria pena", refresh="1"),
    )
    assert "Núria Peña" in response.content.decode()


def test_a_meeting_cannot_end_before_it_starts(as_coordinator, campaign):
    response = as_coordinator.post(
        _url(campaign, "meeting_create"), _meeting_data(ends_at="2026-05-04T09:00")
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_missing_title_and_bad_date_are_refused(as_coordinator, campaign):
    response = as_coordinator.post(
        _url(campaign, "meeting_create"), _meeting_data(title="", starts_at="someday")
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_contacts_of_another_campaign_cannot_be_attached(as_coordinator, campaign, other_campaign):
    stranger = ContactFactory(campaign=other_campaign)
    response = as_coordinator.post(
        _url(campaign, "meeting_create"), _meeting_data(contacts=[stranger.pk])
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_volunteer_logs_a_meeting_they_attended_but_cannot_name_contacts(
    as_volunteer, campaign, volunteer, allies
):
    data = _meeting_data(
        organizations=[allies["orgs"][0].pk], contacts=[allies["contacts"][0].pk], attendees=[]
    )
    page = as_volunteer.get(_url(campaign, "meeting_create")).content.decode()
    assert "Pastor Sam" not in page
    assert as_volunteer.post(_url(campaign, "meeting_create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [membership_of(campaign, volunteer)]
    assert not meeting.contacts.exists()


def test_volunteer_edits_only_meetings_they_attended(as_volunteer, campaign, volunteer):
    theirs = MeetingFactory(campaign=campaign)
    theirs.attendees.add(membership_of(campaign, volunteer))
    other = MeetingFactory(campaign=campaign)
    assert as_volunteer.get(_url(campaign, "meeting_edit", theirs.pk)).status_code == 200
    assert as_volunteer.get(_url(campaign, "meeting_edit", other.pk)).status_code == 403
    response = as_volunteer.post(_url(campaign, "meeting_edit", other.pk), _meeting_data())
    assert response.status_code == 403
    assert Meeting.objects.get(pk=other.pk).title != "Meeting with the sheriff"


def test_volunteer_editing_keeps_the_contacts_they_cannot_see(
    as_volunteer, campaign, volunteer, allies
):
    meeting = MeetingFactory(campaign=campaign)
    meeting.attendees.add(membership_of(campaign, volunteer))
    meeting.contacts.add(*allies["contacts"])
    data = _meeting_data(attendees=[membership_of(campaign, volunteer).pk])
    assert as_volunteer.post(_url(campaign, "meeting_edit", meeting.pk), data).status_code == 302
    assert meeting.contacts.count() == 2


def test_observer_reads_the_meeting_without_notes_or_contact_names(as_observer, campaign, allies):
    meeting = MeetingFactory(campaign=campaign, notes="Sensitive: Rosa's story", decisions="Vote")
    meeting.contacts.add(*allies["contacts"])
    body = as_observer.get(_url(campaign, "meeting_detail", meeting.pk)).content.decode()
    assert meeting.title in body
    assert "Vote" in body
    assert "Sensitive" not in body
    assert "Rosa Advocate" not in body
    assert "2 contacts" in body


def test_a_volunteer_who_was_not_there_does_not_read_the_notes(campaign, db):
    volunteer = MembershipFactory(campaign=campaign, role=Role.VOLUNTEER)
    meeting = MeetingFactory(campaign=campaign, notes="Sensitive notes")
    client = client_for(volunteer.user)
    assert (
        "Sensitive notes"
        not in client.get(_url(campaign, "meeting_detail", meeting.pk)).content.decode()
    )
    meeting.attendees.add(volunteer)
    assert (
        "Sensitive notes"
        in client.get(_url(campaign, "meeting_detail", meeting.pk)).content.decode()
    )


def test_coordinator_reading_contacts_of_a_meeting_is_audited(as_coordinator, campaign, allies):
    meeting = MeetingFactory(campaign=campaign)
    meeting.contacts.add(*allies["contacts"])
    body = as_coordinator.get(_url(campaign, "meeting_detail", meeting.pk)).content.decode()
    assert "Pastor Sam" in body
    assert AuditEvent.objects.get(action="contact.read").details == {"where": "meeting", "count": 2}


def test_list_filters(as_observer, campaign, observer, allies):
    hearing = MeetingFactory(campaign=campaign, kind=Meeting.Kind.HEARING, title="Budget hearing")
    coalition = MeetingFactory(campaign=campaign, title="Weekly call")
    coalition.organizations.add(allies["orgs"][0])
    coalition.attendees.add(membership_of(campaign, observer))
    url = _url(campaign, "meeting_list")

    def titles(**params):
        return [m.title for m in as_observer.get(url, params).context["page"].object_list]

    assert set(titles()) == {"Budget hearing", "Weekly call"}
    assert titles(kind="hearing") == ["Budget hearing"]
    assert titles(q="weekly") == ["Weekly call"]
    assert titles(organization=allies["orgs"][0].pk) == ["Weekly call"]
    assert titles(mine="on") == ["Weekly call"]
    assert titles(when="past") == []
    assert hearing.pk


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    member = membership_of(campaign, coordinator)
    organization = OrganizationFactory(campaign=campaign)
    official = OfficialFactory()

    def add(n):
        for meeting in MeetingFactory.create_batch(n, campaign=campaign):
            meeting.organizations.add(organization)
            meeting.officials.add(official)
            meeting.attendees.add(member)

    url = _url(campaign, "meeting_list")
    add(3)
    with django_assert_max_num_queries(25) as small:
        assert as_coordinator.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(25) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_coordinator_deletes_a_meeting_and_its_follow_ups_stay(as_coordinator, campaign):
    from tests.coalition.factories import FollowUpFactory

    meeting = MeetingFactory(campaign=campaign)
    followup = FollowUpFactory(campaign=campaign, meeting=meeting)
    assert as_coordinator.post(_url(campaign, "meeting_delete", meeting.pk)).status_code == 302
    assert not Meeting.objects.exists()
    followup.refresh_from_db()
    assert followup.meeting is None
    assert AuditEvent.objects.filter(action="meeting.deleted").exists()


def test_volunteer_may_not_delete(as_volunteer, campaign, volunteer):
    meeting = MeetingFactory(campaign=campaign)
    meeting.attendees.add(membership_of(campaign, volunteer))
    assert as_volunteer.post(_url(campaign, "meeting_delete", meeting.pk)).status_code == 403
    assert Meeting.objects.exists()
