"""Coalition lists for export (exchange/): rows through `for_campaign`, fields as the web
shows them to the role that may export them. Contacts are personal data (leads, second factor,
a stated purpose, audited)."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from coalition.models import Contact, FollowUp, Meeting, Organization
from coalition.permissions import Action
from exchange.registry import ExportSpec

CHUNK = 2000


def _organizations(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    rows = Organization.objects.for_campaign(campaign).order_by("pk")
    for o in rows.iterator(chunk_size=CHUNK):
        yield [
            o.pk,
            o.name,
            o.kind,
            o.stance,
            o.capacity,
            o.influence,
            o.expertise,
            o.brings,
            o.asks,
            o.base_size,
            o.website,
            o.notes,
        ]


def _contacts_qs(campaign: Any, user: Any = None) -> Any:
    return (
        Contact.objects.for_campaign(campaign)
        .prefetch_related("affiliations__organization", "languages")
        .order_by("pk")
    )


def _contacts(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    for c in _contacts_qs(campaign).iterator(chunk_size=CHUNK):
        yield [
            c.pk,
            c.name,
            c.email,
            c.phone,
            c.preferred_channel,
            " ".join(lang.language for lang in c.languages.all()),
            "; ".join(a.organization.name for a in c.affiliations.all()),
            c.may_email,
            c.may_call,
            c.may_text,
            c.notes,
        ]


def _meetings(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    # Notes are read by those present only: never in a list export.
    rows = Meeting.objects.for_campaign(campaign).order_by("starts_at", "pk")
    for m in rows.iterator(chunk_size=CHUNK):
        yield [
            m.pk,
            m.kind,
            m.title,
            m.starts_at.isoformat(),
            m.ends_at.isoformat() if m.ends_at else "",
            m.location,
            m.link,
            m.agenda,
            m.decisions,
        ]


def _followups(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    rows = FollowUp.objects.for_campaign(campaign).select_related("owner__user").order_by("pk")
    for f in rows.iterator(chunk_size=CHUNK):
        yield [
            f.pk,
            f.title,
            f.meeting_id or "",
            f.owner.user.email if f.owner_id else "",
            f.due_on.isoformat(),
            f.state,
            f.organization_id or "",
        ]


def _count(model: Any) -> Any:
    return lambda campaign, user=None: model.objects.for_campaign(campaign).count()


SPECS = {
    "organizations": ExportSpec(
        name="organizations",
        label=_("Organizations"),
        headers=[
            "id",
            "name",
            "kind",
            "stance",
            "capacity",
            "influence",
            "expertise",
            "brings",
            "asks",
            "base_size",
            "website",
            "notes",
        ],
        rows=_organizations,
        count=_count(Organization),
    ),
    "contacts": ExportSpec(
        name="contacts",
        label=_("Contacts"),
        headers=[
            "id",
            "name",
            "email",
            "phone",
            "preferred_channel",
            "languages",
            "organizations",
            "may_email",
            "may_call",
            "may_text",
            "notes",
        ],
        rows=_contacts,
        count=_count(Contact),
        action=Action.EXPORT_PERSONAL_DATA,
        personal=True,
        objects=lambda campaign, user=None: Contact.objects.for_campaign(campaign).only("pk"),
    ),
    "meetings": ExportSpec(
        name="meetings",
        label=_("Meetings"),
        headers=[
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "agenda",
            "decisions",
        ],
        rows=_meetings,
        count=_count(Meeting),
    ),
    "follow-ups": ExportSpec(
        name="follow-ups",
        label=_("Follow-ups"),
        headers=["id", "title", "meeting", "owner", "due_on", "state", "organization"],
        rows=_followups,
        count=_count(FollowUp),
    ),
}
