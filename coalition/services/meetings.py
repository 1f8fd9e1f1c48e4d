"""Writes about meetings and follow-ups, and the daily follow-up reminders."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from coalition.models import Contact, FollowUp, FollowUpReminder, Meeting, Membership, Organization
from core import audit


def meeting_save(
    *,
    meeting: Meeting,
    attendees: Iterable[Membership],
    organizations: Iterable[Organization],
    officials: Iterable[models.Model],
    contacts: Iterable[Contact] | None,
    changed: Iterable[str],
    request: HttpRequest,
) -> Meeting:
    """Create or update a meeting with who was there. `contacts=None` leaves the contacts as
    they are (for people who may not see contacts)."""
    created = meeting.pk is None
    with transaction.atomic():
        if created:
            meeting.created_by = request.user
        meeting.save()
        meeting.attendees.set(attendees)
        meeting.organizations.set(organizations)
        meeting.officials.set(officials)
        if contacts is not None:
            meeting.contacts.set(contacts)
        audit.record(
            action="meeting.created" if created else "meeting.updated",
            request=request,
            campaign=meeting.campaign,
            objects=[meeting],
            changed=sorted(changed),
            kind=meeting.kind,
        )
    return meeting


def meeting_delete(*, meeting: Meeting, request: HttpRequest) -> None:
    with transaction.atomic():
        audit.record(
            action="meeting.deleted", request=request, campaign=meeting.campaign, objects=[meeting]
        )
        meeting.delete()


def followup_save(*, followup: FollowUp, changed: Iterable[str], request: HttpRequest) -> FollowUp:
    created = followup.pk is None
    with transaction.atomic():
        if created:
            followup.created_by = request.user
        followup.set_state(followup.state)
        followup.save()
        audit.record(
            action="followup.created" if created else "followup.updated",
            request=request,
            campaign=followup.campaign,
            objects=[followup],
            changed=sorted(changed),
            owner=followup.owner.user_id if followup.owner_id else None,
        )
    return followup


def followup_set_state(*, followup: FollowUp, state: str, request: HttpRequest) -> FollowUp:
    old = followup.state
    if old == state:
        return followup
    with transaction.atomic():
        followup.set_state(state)
        followup.save(update_fields=["state", "closed_at", "updated_at"])
        audit.record(
            action="followup.state_changed",
            request=request,
            campaign=followup.campaign,
            objects=[followup],
            old_state=old,
            new_state=state,
        )
    return followup


def followups_bulk_update(
    *,
    queryset: models.QuerySet,
    owner: Membership | None = None,
    set_owner: bool = False,
    state: str | None = None,
    request: HttpRequest,
) -> int:
    """Assign an owner to, or change the state of, many follow-ups in a few queries."""
    ids = list(queryset.values_list("pk", flat=True))
    campaign = request.campaign
    values: dict[str, object] = {"updated_at": timezone.now()}
    if set_owner:
        values["owner"] = owner
    rows = FollowUp.objects.for_campaign(campaign).filter(pk__in=ids)
    with transaction.atomic():
        if state == FollowUp.State.OPEN:
            count = rows.update(state=state, closed_at=None, **values)
        elif state is not None:
            # Keep the original closing time of those already closed.
            count = rows.update(
                state=state,
                closed_at=models.functions.Coalesce("closed_at", models.Value(timezone.now())),
                **values,
            )
        else:
            count = rows.update(**values)
        audit.record(
            action="followup.bulk_updated",
            request=request,
            campaign=campaign,
            objects=[FollowUp(pk=pk) for pk in ids],
            state=state,
            owner=(owner.user_id if owner else None) if set_owner else "unchanged",
            count=count,
        )
    return count


def reminder_candidates(today: datetime.date, days_ahead: int) -> models.QuerySet:
    """Open follow-ups with an owner, due by `today + days_ahead` (overdue ones included),
    that have had no reminder today. Across campaigns: this runs from the task worker."""
    return (
        FollowUp.objects.filter(
            state=FollowUp.State.OPEN,
            owner__isnull=False,
            owner__user__is_active=True,
            due_on__lte=today + datetime.timedelta(days=days_ahead),
        )
        .exclude(reminders__sent_on=today)
        .select_related("owner__user", "campaign", "meeting")
        .order_by("owner_id", "due_on", "pk")
    )


def send_followup_reminders(
    *, today: datetime.date | None = None, days_ahead: int = 1, base_url: str = ""
) -> int:
    """Email each owner one message listing their follow-ups that are due soon or overdue.

    Idempotent: each follow-up gets at most one reminder a day (a recorded FollowUpReminder;
    its unique constraint stops a second run, even a concurrent one, from sending again).
    Returns the number of emails sent.
    """
    today = today or timezone.localdate()
    by_owner: dict[Membership, list[FollowUp]] = defaultdict(list)
    for followup in reminder_candidates(today, days_ahead):
        by_owner[followup.owner].append(followup)
    sent = 0
    for owner, followups in by_owner.items():
        try:
            with transaction.atomic():
                FollowUpReminder.objects.bulk_create(
                    [
                        FollowUpReminder(follow_up=f, sent_on=today, sent_to=owner.user)
                        for f in followups
                    ]
                )
                _send_reminder(owner, followups, today, base_url)
                audit.record(
                    action="followup.reminder_sent",
                    campaign=followups[0].campaign,
                    objects=followups,
                    to=owner.user_id,
                    count=len(followups),
                )
        except IntegrityError:
            # Another run reminded these owners today already.
            continue
        sent += 1
    return sent


def _send_reminder(
    owner: Membership, followups: list[FollowUp], today: datetime.date, base_url: str
) -> None:
    context = {
        "owner": owner.user,
        "campaign": followups[0].campaign,
        "followups": followups,
        "overdue": [f for f in followups if f.due_on < today],
        "due_soon": [f for f in followups if f.due_on >= today],
        "today": today,
        "base_url": base_url.rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("coalition/email/followup_reminder_subject.txt", context)
        body = render_to_string("coalition/email/followup_reminder_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[owner.user.email],
    )
