import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Contact, FollowUp, Interaction
from coalition.services.contacts import MergeError, contact_merge
from core.models import AuditEvent
from tests.coalition.factories import (
    ContactFactory,
    FollowUpFactory,
    MeetingFactory,
    OrganizationFactory,
    TagFactory,
    affiliate,
)


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


@pytest.fixture
def pair(campaign):
    """The same person entered twice, with history on both records."""
    church = OrganizationFactory(campaign=campaign, name="First Street Congregation")
    union = OrganizationFactory(campaign=campaign, name="Hotel Workers Union")
    older = ContactFactory(
        campaign=campaign,
        name="Ana Ejemplo",
        email="ana@example.org",
        phone="",
        notes="Prefers Spanish.",
    )
    newer = ContactFactory(
        campaign=campaign,
        name="ana  ejemplo",
        email="ana.work@example.org",
        phone="(555) 010-7777",
        notes="Can host the forum.",
        text_opt_out_at=timezone.now() - datetime.timedelta(days=3),
    )
    affiliate(older, church, "")
    affiliate(newer, church, "Deacon")
    affiliate(newer, union, "Steward")
    older.languages.create(language="es")
    newer.languages.create(language="es")
    newer.languages.create(language="en")
    shared_tag, new_tag = TagFactory(campaign=campaign), TagFactory(campaign=campaign)
    older.tags.add(shared_tag)
    newer.tags.add(shared_tag, new_tag)
    both_attended, only_newer = MeetingFactory(campaign=campaign), MeetingFactory(campaign=campaign)
    both_attended.contacts.add(older, newer)
    only_newer.contacts.add(newer)
    Interaction.objects.create(campaign=campaign, contact=newer, summary="Called about the forum")
    FollowUpFactory(campaign=campaign, contact=newer, title="Send Ana the flyer")
    return older, newer


def test_duplicates_page_groups_by_hash(as_coordinator, campaign, pair):
    ContactFactory(campaign=campaign, name="Someone Else")
    response = as_coordinator.get(_url(campaign, "contact_duplicates"))
    groups = response.context["groups"]
    assert len(groups) == 1
    assert str(groups[0]["reason"]) == "Same name"
    assert {c.pk for c in groups[0]["contacts"]} == {c.pk for c in pair}
    assert AuditEvent.objects.get(action="contact.read").details["where"] == "contact_duplicates"


def test_a_name_written_with_or_without_accents_is_one_duplicate(as_coordinator, campaign):
    first = ContactFactory(campaign=campaign, name="José Núñez", email="", phone="")
    second = ContactFactory(campaign=campaign, name="jose nunez", email="", phone="")
    groups = as_coordinator.get(_url(campaign, "contact_duplicates")).context["groups"]
    assert [str(g["reason"]) for g in groups] == ["Same name"]
    assert {c.pk for c in groups[0]["contacts"]} == {first.pk, second.pk}


def test_same_email_is_found_before_same_name(as_coordinator, campaign):
    ContactFactory(campaign=campaign, name="A One", email="Same@Example.org")
    ContactFactory(campaign=campaign, name="A Two", email="same@example.org")
    groups = as_coordinator.get(_url(campaign, "contact_duplicates")).context["groups"]
    assert [str(g["reason"]) for g in groups] == ["Same email address"]


def test_merge_moves_everything_and_loses_nothing(as_coordinator, campaign, pair, coordinator):
    older, newer = pair
    url = _url(campaign, "contact_merge", older.pk)
    page = as_coordinator.get(url, {"with": newer.pk})
    assert page.status_code == 200
    response = as_coordinator.post(url, {"with": newer.pk, "keep": older.pk})
    assert response.status_code == 302

    assert not Contact.objects.filter(pk=newer.pk).exists()
    kept = Contact.objects.get(pk=older.pk)
    # Blank details filled, different ones kept in the notes, never dropped.
    assert kept.phone == "(555) 010-7777"
    assert kept.email == "ana@example.org"
    assert "ana.work@example.org" in kept.notes
    assert "Prefers Spanish." in kept.notes
    assert "Can host the forum." in kept.notes
    # The stricter consent wins: the duplicate's text opt-out stays in force.
    assert kept.text_opt_out_at == newer.text_opt_out_at
    # Organizations (with the role only the duplicate knew), languages, tags.
    roles = {a.organization.name: a.role for a in kept.affiliations.select_related("organization")}
    assert roles == {"First Street Congregation": "Deacon", "Hotel Workers Union": "Steward"}
    assert sorted(kept.languages.values_list("language", flat=True)) == ["en", "es"]
    assert kept.tags.count() == 2
    # History: meetings (once each), interactions, follow-ups.
    assert kept.meetings.count() == 2
    summaries = set(Interaction.objects.filter(contact=kept).values_list("pk", flat=True))
    assert len(summaries) == 2  # the call, and the note that a merge happened
    assert FollowUp.objects.get(title="Send Ana the flyer").contact == kept
    event = AuditEvent.objects.get(action="contact.merged")
    assert event.actor == coordinator
    assert event.details["merged"] == newer.pk
    assert event.details["moved"]["meetings"] == 1
    assert event.details["moved"]["interactions"] == 1


def test_merge_can_keep_the_newer_record(as_coordinator, campaign, pair):
    older, newer = pair
    url = _url(campaign, "contact_merge", older.pk)
    as_coordinator.post(url, {"with": newer.pk, "keep": newer.pk})
    assert list(Contact.objects.values_list("pk", flat=True)) == [newer.pk]


def test_merge_page_without_a_partner_lists_candidates(as_coordinator, campaign, pair):
    older, newer = pair
    response = as_coordinator.get(_url(campaign, "contact_merge", older.pk))
    assert [c.pk for c in response.context["candidates"]] == [newer.pk]


def test_merge_with_nonsense_changes_nothing(as_coordinator, campaign, pair):
    older, newer = pair
    url = _url(campaign, "contact_merge", older.pk)
    assert as_coordinator.post(url, {"with": "abc", "keep": older.pk}).status_code == 400
    assert as_coordinator.post(url, {"with": newer.pk, "keep": "999"}).status_code == 400
    assert Contact.objects.count() == 2


def test_merge_refuses_a_contact_of_another_campaign(as_coordinator, campaign, other_campaign):
    mine = ContactFactory(campaign=campaign)
    theirs = ContactFactory(campaign=other_campaign, name=mine.name)
    url = _url(campaign, "contact_merge", mine.pk)
    response = as_coordinator.post(url, {"with": theirs.pk, "keep": mine.pk})
    assert response.status_code == 400
    assert Contact.objects.count() == 2


def test_the_service_refuses_merging_a_contact_with_itself(campaign, rf, coordinator):
    contact = ContactFactory(campaign=campaign)
    request = rf.post("/")
    request.user = coordinator
    with pytest.raises(MergeError):
        contact_merge(keep=contact, duplicate=contact, request=request)
