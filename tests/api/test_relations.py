"""Lists the API writes: a contact's organizations (with roles) and tags, an organization's
tags, who was at a meeting (members, organizations, officials, contacts). Only records of the
request's campaign: another campaign's id is refused with 400 and nothing is linked."""

import pytest
from django.urls import reverse

from coalition.models import Contact, Meeting, Organization
from core.models import AuditEvent
from tests.api.conftest import api_client_for
from tests.coalition.factories import (
    ContactFactory,
    MeetingFactory,
    OrganizationFactory,
    TagFactory,
    affiliate,
)
from tests.targets.factories import OfficialFactory


def _list(name, campaign):
    return reverse(name, kwargs={"campaign_slug": campaign.slug})


def _detail(name, campaign, pk):
    return reverse(name, kwargs={"campaign_slug": campaign.slug, "pk": pk})


@pytest.fixture
def ours(campaign):
    return {
        "faith": OrganizationFactory(campaign=campaign, name="Faith Table"),
        "labor": OrganizationFactory(campaign=campaign, name="Labor Council"),
        "tag": TagFactory(campaign=campaign, name="Budget hearing"),
    }


@pytest.fixture
def theirs(other_campaign):
    return {
        "organization": OrganizationFactory(campaign=other_campaign, name="Theirs"),
        "contact": ContactFactory(campaign=other_campaign, name="Bo Theirs"),
        "tag": TagFactory(campaign=other_campaign, name="Their tag"),
    }


def test_a_contact_is_created_with_organizations_and_tags(campaign, coordinator, ours):
    response = api_client_for(coordinator).post(
        _list("api:campaign-contact-list", campaign),
        {
            "name": "Ana Ruiz",
            "email": "ana@example.org",
            "organizations": [
                {"organization": ours["faith"].pk, "role": "pastor"},
                {"organization": ours["labor"].pk},
            ],
            "tags": ["budget HEARING"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted((o["name"], o["role"]) for o in body["organizations"]) == [
        ("Faith Table", "pastor"),
        ("Labor Council", ""),
    ]
    assert body["tags"] == ["Budget hearing"]
    contact = Contact.objects.for_campaign(campaign).get(pk=body["id"])
    assert {a.organization_id: a.role for a in contact.affiliations.all()} == {
        ours["faith"].pk: "pastor",
        ours["labor"].pk: "",
    }
    assert list(contact.tags.all()) == [ours["tag"]]
    event = AuditEvent.objects.get(action="contact.created")
    assert "organizations" in event.details["changed"] and "tags" in event.details["changed"]


def test_lists_sent_replace_and_lists_left_out_stay(campaign, lead, ours):
    contact = ContactFactory(campaign=campaign, name="Ana Ruiz")
    affiliate(contact, ours["faith"], "pastor")
    contact.tags.add(ours["tag"])
    client = api_client_for(lead)
    url = _detail("api:campaign-contact-detail", campaign, contact.pk)

    response = client.patch(url, {"phone": "555 010 2000"}, format="json")
    assert response.status_code == 200, response.content
    assert [o["organization"] for o in response.json()["organizations"]] == [ours["faith"].pk]
    assert response.json()["tags"] == ["Budget hearing"]

    response = client.patch(
        url,
        {"organizations": [{"organization": ours["labor"].pk, "role": "chair"}], "tags": []},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [(o["name"], o["role"]) for o in response.json()["organizations"]] == [
        ("Labor Council", "chair")
    ]
    assert response.json()["tags"] == []
    assert [a.organization for a in contact.affiliations.all()] == [ours["labor"]]
    assert not contact.tags.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organizations": [{"organization": "THEIRS"}]}, "organizations"),
        ({"tags": ["Their tag"]}, "tags"),
        ({"tags": ["No such tag"]}, "tags"),
    ],
)
def test_another_campaigns_records_are_refused_not_linked(
    campaign, lead, ours, theirs, body, field
):
    if field == "organizations":
        body = {"organizations": [{"organization": theirs["organization"].pk}]}
    contact = ContactFactory(campaign=campaign, name="Ana Ruiz")
    response = api_client_for(lead).patch(
        _detail("api:campaign-contact-detail", campaign, contact.pk), body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not contact.affiliations.exists() and not contact.tags.exists()
    assert not theirs["organization"].affiliations.exists()


def test_an_organization_named_twice_is_refused(campaign, lead, ours):
    response = api_client_for(lead).post(
        _list("api:campaign-contact-list", campaign),
        {
            "name": "Ana",
            "organizations": [
                {"organization": ours["faith"].pk},
                {"organization": ours["faith"].pk, "role": "chair"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "organizations" in response.json()["errors"]


def test_organization_tags_are_written(campaign, coordinator, ours, theirs):
    client = api_client_for(coordinator)
    response = client.post(
        _list("api:campaign-organization-list", campaign),
        {"name": "Public Defenders", "kind": "public_defenders", "tags": ["Budget hearing"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["tags"] == ["Budget hearing"]
    organization = Organization.objects.for_campaign(campaign).get(pk=response.json()["id"])
    url = _detail("api:campaign-organization-detail", campaign, organization.pk)
    assert client.patch(url, {"notes": "x"}, format="json").json()["tags"] == ["Budget hearing"]
    refused = client.patch(url, {"tags": ["Their tag"]}, format="json")
    assert refused.status_code == 400
    assert list(organization.tags.all()) == [ours["tag"]]


def test_a_meeting_is_logged_with_everyone_present(campaign, coordinator, ours):
    contact = ContactFactory(campaign=campaign, name="Ana Ruiz")
    sheriff = OfficialFactory(name="Pat Sheriff")
    membership = coordinator.memberships.get(campaign=campaign)
    response = api_client_for(coordinator).post(
        _list("api:campaign-meeting-list", campaign),
        {
            "kind": "target",
            "title": "Meeting the sheriff",
            "starts_at": "2026-12-01T10:00:00Z",
            "attendees": [membership.pk],
            "organizations": [ours["faith"].pk],
            "contacts": [contact.pk],
            "officials": [sheriff.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["contacts"] == [contact.pk] and body["officials"] == [sheriff.pk]
    meeting = Meeting.objects.for_campaign(campaign).get(pk=body["id"])
    assert list(meeting.contacts.all()) == [contact]
    assert list(meeting.officials.all()) == [sheriff]
    assert list(meeting.organizations.all()) == [ours["faith"]]
    read = api_client_for(coordinator).get(
        _detail("api:campaign-meeting-detail", campaign, meeting.pk)
    )
    assert read.json()["contacts"] == [contact.pk]


@pytest.mark.parametrize("what", ["contacts", "organizations", "attendees"])
def test_a_meeting_refuses_another_campaigns_records(
    campaign, other_campaign, lead, outsider, theirs, what
):
    meeting = MeetingFactory(campaign=campaign)
    other = {
        "contacts": theirs["contact"].pk,
        "organizations": theirs["organization"].pk,
        "attendees": outsider.memberships.get(campaign=other_campaign).pk,
    }[what]
    response = api_client_for(lead).patch(
        _detail("api:campaign-meeting-detail", campaign, meeting.pk),
        {what: [other]},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert what in response.json()["errors"]
    meeting.refresh_from_db()
    assert not getattr(meeting, what).exists()


def test_a_volunteer_neither_reads_nor_writes_the_contacts_present(campaign, volunteer, lead):
    contact = ContactFactory(campaign=campaign, name="Ana Ruiz")
    meeting = MeetingFactory(campaign=campaign)
    mine = volunteer.memberships.get(campaign=campaign)
    meeting.attendees.add(mine)
    meeting.contacts.add(contact)
    client = api_client_for(volunteer)
    url = _detail("api:campaign-meeting-detail", campaign, meeting.pk)
    body = client.get(url).json()
    assert body["contacts"] is None and body["attendees"] == [mine.pk]

    refused = client.patch(url, {"contacts": [contact.pk]}, format="json")
    assert refused.status_code == 403
    # what they read, sent back: null leaves the contacts as they are
    body["title"] = "Renamed"
    for read_only in ("id", "created_at", "updated_at"):
        body.pop(read_only)
    assert client.put(url, body, format="json").status_code == 200
    assert list(meeting.contacts.all()) == [contact]


def test_a_volunteer_who_logs_a_meeting_is_among_those_present(campaign, volunteer, coordinator):
    other = coordinator.memberships.get(campaign=campaign)
    response = api_client_for(volunteer).post(
        _list("api:campaign-meeting-list", campaign),
        {
            "kind": "coalition",
            "title": "Vigil planning",
            "starts_at": "2026-12-01T18:00:00Z",
            "attendees": [other.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    mine = volunteer.memberships.get(campaign=campaign)
    assert sorted(response.json()["attendees"]) == sorted([other.pk, mine.pk])
