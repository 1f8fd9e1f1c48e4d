"""Fictional allies, contacts, principles, a meeting and follow-ups for the demo campaign.

Idempotent: every row is found by its name (contacts by the keyed hash of theirs) before it
is created, so running the demo again only tops it up. All names are invented.
"""

import datetime

from django.utils import timezone

from coalition.models import (
    Affiliation,
    Campaign,
    Contact,
    ContactLanguage,
    Endorsement,
    FollowUp,
    Interaction,
    Meeting,
    Membership,
    Organization,
    Principle,
    Tag,
)
from coalition.permissions import Role
from core.crypto import name_hash

ORGANIZATIONS = [
    # name, kind, stance, influence, capacity, what they bring, what they ask
    (
        "Example County Immigrant Rights Network",
        Organization.Kind.IMMIGRANT_RIGHTS,
        Organization.Stance.ACTIVE_ALLY,
        3,
        Organization.Capacity.HIGH,
        "Members who have been held on ICE holds; a rapid-response hotline; Spanish speakers.",
        "Leadership of directly impacted members in every meeting with officials.",
    ),
    (
        "First Street Congregation",
        Organization.Kind.FAITH,
        Organization.Stance.PASSIVE_ALLY,
        4,
        Organization.Capacity.MEDIUM,
        "About 900 families; a hall for community forums; a pastor the sheriff listens to.",
        "A vigil before the budget hearing.",
    ),
    (
        "Anystate Public Defenders Association",
        Organization.Kind.PUBLIC_DEFENDERS,
        Organization.Stance.NEUTRAL,
        3,
        Organization.Capacity.LOW,
        "Knowledge of how the jail books people and when ICE holds are placed.",
        "",
    ),
    (
        "Safe Homes Domestic Violence Project",
        Organization.Kind.DOMESTIC_VIOLENCE,
        Organization.Stance.ACTIVE_ALLY,
        2,
        Organization.Capacity.MEDIUM,
        "Survivors' point of view: people stop calling the police when it can mean deportation.",
        "No survivor's story used without her consent.",
    ),
    (
        "Example County Deputies' Association",
        Organization.Kind.LAW_ENFORCEMENT_UNION,
        Organization.Stance.ACTIVE_OPPOSITION,
        4,
        None,
        "",
        "",
    ),
]

CONTACTS = [
    # name, email, phone, organization, role, languages, opt-outs
    (
        "Ana Ejemplo",
        "ana.ejemplo@example.org",
        "(555) 010-2001",
        "Example County Immigrant Rights Network",
        "Lead organizer",
        ["es", "en"],
        {},
    ),
    (
        "Samuel Sample",
        "pastor.sam@example.org",
        "(555) 010-2002",
        "First Street Congregation",
        "Pastor",
        ["en"],
        {"text_opt_out_at": True},
    ),
    (
        "Dana Defender",
        "dana.defender@example.org",
        "",
        "Anystate Public Defenders Association",
        "Supervising attorney",
        ["en", "es"],
        {"email_opt_out_at": True},
    ),
    (
        "Rosa Marcador",
        "",
        "(555) 010-2004",
        "Safe Homes Domestic Violence Project",
        "Advocate",
        ["es"],
        {},
    ),
]

PRINCIPLES = [
    (
        "No one is less deserving",
        "We do not divide our community into good and bad immigrants. Our message never rests "
        "on anyone's innocence.",
    ),
    (
        "ICE holds do not make us safer",
        "When the jail works for ICE, people stop reporting crimes and survivors stop calling "
        "for help. Local police answer to us, not to ICE.",
    ),
    (
        "Those most affected lead",
        "People who were held for ICE, and their families, speak first and decide how their "
        "stories are used.",
    ),
]


def seed_coalition(campaign: Campaign) -> None:
    now = timezone.now()
    today = timezone.localdate()
    members = {
        m.role: m
        for m in Membership.objects.for_campaign(campaign).select_related("user")
        if m.role in (Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER)
    }
    coordinator = members.get(Role.COORDINATOR)
    tag, _ = Tag.objects.get_or_create(campaign=campaign, name="budget hearing")

    organizations = {}
    for name, kind, stance, influence, capacity, brings, asks in ORGANIZATIONS:
        organization, created = Organization.objects.get_or_create(
            campaign=campaign,
            name=name,
            defaults={
                "kind": kind,
                "stance": stance,
                "influence": influence,
                "capacity": capacity,
                "brings": brings,
                "asks": asks,
                "point_person": coordinator,
            },
        )
        if created and stance > 0:
            organization.tags.add(tag)
        organizations[name] = organization

    contacts = []
    for name, email, phone, org_name, role, languages, opt_outs in CONTACTS:
        contact = Contact.objects.for_campaign(campaign).filter(name_hash=name_hash(name)).first()
        if contact is None:
            contact = Contact.objects.create(
                campaign=campaign,
                name=name,
                email=email,
                phone=phone,
                point_person=coordinator,
                **{field: now for field in opt_outs},
            )
            Affiliation.objects.create(
                contact=contact, organization=organizations[org_name], role=role
            )
            ContactLanguage.objects.bulk_create(
                [ContactLanguage(contact=contact, language=code) for code in languages]
            )
        contacts.append(contact)

    for position, (title, text) in enumerate(PRINCIPLES, start=1):
        principle, created = Principle.objects.get_or_create(
            campaign=campaign,
            title=title,
            defaults={
                "text": text,
                "position": position,
                "adopted_on": today - datetime.timedelta(days=60),
            },
        )
        if created:
            for organization in list(organizations.values())[:2]:
                Endorsement.objects.create(
                    campaign=campaign,
                    principle=principle,
                    organization=organization,
                    endorsed_on=today - datetime.timedelta(days=55),
                )

    meeting = Meeting.objects.for_campaign(campaign).filter(title="Coalition planning call").first()
    if meeting is None:
        start = timezone.localtime(now).replace(hour=18, minute=0, second=0, microsecond=0)
        meeting = Meeting.objects.create(
            campaign=campaign,
            kind=Meeting.Kind.COALITION,
            title="Coalition planning call",
            starts_at=start - datetime.timedelta(days=3),
            ends_at=start - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
            location="First Street Congregation, fellowship hall",
            agenda="1. What the sheriff said about the 287(g) agreement\n2. Budget hearing plan",
            decisions="Ask for a meeting with the sheriff before the budget hearing.",
            notes="Ana will bring two members who were held past their release date.",
            created_by=coordinator.user if coordinator else None,
        )
        meeting.attendees.set(list(members.values()))
        meeting.organizations.set(list(organizations.values())[:2])
        meeting.contacts.set(contacts[:2])
        Interaction.objects.create(
            campaign=campaign,
            organization=organizations["Anystate Public Defenders Association"],
            contact=contacts[2],
            kind=Interaction.Kind.CALL,
            summary="Dana can explain booking and release at the hearing, if her office agrees.",
            happened_on=today - datetime.timedelta(days=5),
        )
        FollowUp.objects.create(
            campaign=campaign,
            meeting=meeting,
            title="Request a meeting with the sheriff's office",
            owner=coordinator,
            due_on=today - datetime.timedelta(days=1),
        )
        FollowUp.objects.create(
            campaign=campaign,
            meeting=meeting,
            title="Book the hall for the community forum",
            owner=members.get(Role.VOLUNTEER),
            due_on=today + datetime.timedelta(days=4),
            organization=organizations["First Street Congregation"],
        )
        Meeting.objects.create(
            campaign=campaign,
            kind=Meeting.Kind.HEARING,
            title="County budget hearing",
            starts_at=now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=12),
            location="County building, board chambers",
            agenda="Public comment on the sheriff's budget.",
        )
