"""Which stories a person may see for a purpose, and what consent is in force.

`Story.objects.visible_to(user, campaign, purpose)` is the one way to list, count, search or
export stories; it calls `visible_stories` below. What a visible story may show is then decided
by stories.redaction.redact.
"""

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from coalition.permissions import Action, role_may
from stories.access import role_in, visible_q
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

    For internal work this is stories.access's decision (`visible_q`, checked against
    `decide` by a test): drafts for the person taking them, finished stories as the internal
    consent in force allows. For any other use (packets, actions) only those who may see every
    story (leads and coordinators) get finished stories whose consent for that use is in force.
    Erased stories are never listed.
    """
    role = role_in(user, campaign)
    stories = with_consent(stories, purpose)
    if purpose == Purpose.INTERNAL:
        return stories.filter(visible_q(user, role))
    if not role_may(role, Action.VIEW_STORIES):
        return stories.none()
    return stories.filter(erased_at__isnull=True, status=Story.Status.COMPLETE).filter(_in_force())


def effective_consent(story: Story) -> dict[str, Consent | None]:
    """The decision in force for every purpose (None: never asked). Expired grants count as
    not granted; read `.in_force_on(today)` on the record."""
    latest: dict[str, Consent | None] = dict.fromkeys(Purpose.values)
    for record in sorted(story.consents.all(), key=lambda c: (c.recorded_at, c.id)):
        latest[record.purpose] = record
    return latest
