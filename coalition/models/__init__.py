"""Coalition data: campaigns and their members, allies, contacts, principles, meetings and
follow-ups. Split by entity; everything is importable from `coalition.models`."""

from coalition.models.allies import Endorsement, Interaction, Organization, Principle, Tag
from coalition.models.calendar import CalendarFeed
from coalition.models.campaigns import (
    Campaign,
    CampaignQuerySet,
    CampaignScopedQuerySet,
    Invitation,
    InvitationQuerySet,
    Membership,
    hash_token,
    invitation_expiry,
)
from coalition.models.contacts import Affiliation, Contact, ContactLanguage, phone_key
from coalition.models.meetings import FollowUp, FollowUpReminder, Meeting

__all__ = [
    "Affiliation",
    "CalendarFeed",
    "Campaign",
    "CampaignQuerySet",
    "CampaignScopedQuerySet",
    "Contact",
    "ContactLanguage",
    "Endorsement",
    "FollowUp",
    "FollowUpReminder",
    "Interaction",
    "Invitation",
    "InvitationQuerySet",
    "Meeting",
    "Membership",
    "Organization",
    "Principle",
    "Tag",
    "hash_token",
    "invitation_expiry",
    "phone_key",
]
