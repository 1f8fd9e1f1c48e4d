"""Factories of the coalition area's data, and the sample rows the URL walk needs."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from coalition.models import (
    Affiliation,
    CalendarFeed,
    Contact,
    Endorsement,
    FollowUp,
    Interaction,
    Meeting,
    Membership,
    Organization,
    Principle,
    Tag,
    hash_token,
)
from tests.targets.factories import OfficialFactory


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Example Organization {n}")
    kind = Organization.Kind.IMMIGRANT_RIGHTS
    stance = Organization.Stance.PASSIVE_ALLY
    influence = 3
    capacity = Organization.Capacity.MEDIUM


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact Person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = factory.Sequence(lambda n: f"(555) 0{n % 100:02d}-{n % 10000:04d}")
    notes = "Met at the vigil; prefers evenings."


def affiliate(contact: Contact, organization: Organization, role: str = "") -> Affiliation:
    return Affiliation.objects.create(contact=contact, organization=organization, role=role)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.COALITION
    title = factory.Sequence(lambda n: f"Coalition meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    location = "Community center, room 2"
    agenda = "Budget hearing plan"
    notes = "Maria said her pastor will speak at the hearing."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Send the fact sheet {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    details = "Ask about their members' availability."


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    title = factory.Sequence(lambda n: f"Principle {n}")
    text = "We do not divide people into deserving and undeserving immigrants."


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    kind = Interaction.Kind.CALL
    summary = "Called the director about the hearing."


def coalition_samples(campaign: Any, people: dict[str, Any]) -> dict[str, Any]:
    """Real rows of `campaign` for every coalition URL: `pk` by URL name, and a live
    calendar feed token. The volunteer attended the meeting and owns the follow-up, so the
    pages a volunteer may reach for their own meetings and tasks open for them."""
    volunteer = Membership.objects.get(campaign=campaign, user=people["volunteer"])
    organization = OrganizationFactory(campaign=campaign, name="Sample Faith Table")
    contact = ContactFactory(campaign=campaign)
    affiliate(contact, organization, "Pastor")
    ContactFactory(campaign=campaign, name=contact.name)  # a possible duplicate
    meeting = MeetingFactory(campaign=campaign)
    meeting.attendees.add(volunteer)
    meeting.organizations.add(organization)
    meeting.contacts.add(contact)
    meeting.officials.add(OfficialFactory())
    followup = FollowUpFactory(campaign=campaign, meeting=meeting, owner=volunteer)
    principle = PrincipleFactory(campaign=campaign)
    endorsement = Endorsement.objects.create(
        campaign=campaign, principle=principle, organization=organization
    )
    InteractionFactory(campaign=campaign, organization=organization, contact=contact)
    token = "sample-calendar-feed-token"
    CalendarFeed.objects.create(
        campaign=campaign, user=people["observer"], token_hash=hash_token(token)
    )
    pk = {f"coalition:organization_{n}": organization.pk for n in ("detail", "edit", "delete")}
    pk["coalition:organization_interaction_add"] = organization.pk
    for name in ("detail", "edit", "delete", "merge", "interaction_add"):
        pk[f"coalition:contact_{name}"] = contact.pk
    for name in ("detail", "edit", "delete", "followup_create"):
        pk[f"coalition:meeting_{name}"] = meeting.pk
    for name in ("detail", "edit", "state"):
        pk[f"coalition:followup_{name}"] = followup.pk
    for name in ("principle_edit", "principle_delete", "endorsement_add"):
        pk[f"coalition:{name}"] = principle.pk
    pk["coalition:endorsement_withdraw"] = endorsement.pk
    return {"pk": pk, "feed_token": token}
