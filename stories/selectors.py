"""Which stories a person may see for a purpose, and what consent is in force.

`Story.objects.visible_to(user, campaign, purpose)` is the one way to list, count, search or
export stories; it calls `visible_stories` below. What a visible story may show is then decided
by stories.redaction.redact.
"""

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from coalition.models import Membership
from coalition.permissions import Role
from stories.models import Consent, Purpose, Story


def _latest_consent(purpose: str) -> QuerySet:
    return Consent.objects.filter(story=OuterRef("pk"), purpose=purpose).order_by(
        "-recorded_at", "-id"
    )


def with_consent(stories: QuerySet, purpose: str) -> QuerySet:
    """Annotate each story with the latest decision for `purpose` (granted, expiry)."""
    latest = _latest_consent(purpose)
    return stories.annotate(
        consent_granted=Subquery(latest.values("granted")[:1]),
        consent_expires=Subquery(latest.values("expires_on")[:1]),
        consent_identifiability=Subquery(latest.values("identifiability")[:1]),
    )


def _in_force() -> Q:
    today = timezone.localdate()
    return Q(consent_granted=True) & (
        Q(consent_expires__isnull=True) | Q(consent_expires__gte=today)
    )


def visible_stories(stories: QuerySet, *, user: Any, campaign: Any, purpose: str) -> QuerySet:
    """Stories of `campaign` that `user` may see for `purpose`.

    - Whoever took a story sees it (drafts included) while working on it (internal purpose).
    - Leads and coordinators see complete stories whose consent for the purpose is in force.
    - Observers, outsiders and anonymous visitors see none. Erased stories are never listed.
    """
    if not getattr(user, "is_authenticated", False):
        return stories.none()
    role = (
        Membership.objects.for_campaign(campaign).filter(user=user).values_list("role", flat=True)
    ).first()
    if role is None or role == Role.OBSERVER:
        return stories.none()
    stories = with_consent(stories.filter(erased_at__isnull=True), purpose)
    own = Q(taken_by=user) if purpose == Purpose.INTERNAL else Q(pk__in=[])
    if role == Role.VOLUNTEER:
        return stories.filter(own)
    return stories.filter(own | (Q(status=Story.Status.COMPLETE) & _in_force()))


def effective_consent(story: Story) -> dict[str, Consent | None]:
    """The decision in force for every purpose (None: never asked). Expired grants count as
    not granted; read `.in_force_on(today)` on the record."""
    latest: dict[str, Consent | None] = dict.fromkeys(Purpose.values)
    for record in sorted(story.consents.all(), key=lambda c: (c.recorded_at, c.id)):
        latest[record.purpose] = record
    return latest
