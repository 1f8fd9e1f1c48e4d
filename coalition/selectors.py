"""Reads of coalition data that need care (several queries put together, or rules)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Affiliation, Campaign, Contact, FollowUp, Meeting, Membership

# Which hash makes two contacts look like one person, strongest first.
DUPLICATE_SIGNS = [
    ("email_hash", _("Same email address")),
    ("phone_hash", _("Same phone number")),
    ("name_hash", _("Same name")),
]
MAX_DUPLICATE_GROUPS = 100


def contacts_with_details(campaign: Campaign) -> QuerySet:
    """Contacts with what a list shows of them, in a fixed number of queries."""
    return (
        Contact.objects.for_campaign(campaign)
        .select_related("point_person__user")
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            ),
            "languages",
            "tags",
        )
    )


def duplicate_groups(campaign: Campaign) -> list[dict[str, Any]]:
    """Groups of contacts that share an email address, a phone number or a name (compared by
    their keyed hashes), strongest signs first. A pair found by email is not listed again
    for its phone or name."""
    contacts = Contact.objects.for_campaign(campaign)
    shared: dict[str, list[str]] = {}
    for field, _label in DUPLICATE_SIGNS:
        shared[field] = list(
            contacts.exclude(**{field: ""})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list(field, flat=True)[: MAX_DUPLICATE_GROUPS * 2]
        )
    condition = Q(pk__in=[])
    for field, hashes in shared.items():
        if hashes:
            condition |= Q(**{f"{field}__in": hashes})
    found = list(contacts_with_details(campaign).filter(condition).order_by("created_at", "pk"))
    groups: list[dict[str, Any]] = []
    seen_pairs: set[frozenset[int]] = set()
    for field, label in DUPLICATE_SIGNS:
        by_hash: dict[str, list[Contact]] = defaultdict(list)
        wanted = set(shared[field])
        for contact in found:
            if getattr(contact, field) in wanted:
                by_hash[getattr(contact, field)].append(contact)
        for members in by_hash.values():
            pairs = {frozenset((a.pk, b.pk)) for a in members for b in members if a.pk < b.pk}
            if pairs <= seen_pairs:
                continue
            seen_pairs |= pairs
            groups.append({"reason": label, "contacts": members})
            if len(groups) >= MAX_DUPLICATE_GROUPS:
                return groups
    return groups


def home_followups(campaign: Campaign, membership: Membership, limit: int = 10) -> dict[str, Any]:
    """What the campaign home shows: my open follow-ups and everyone's overdue ones."""
    today = timezone.localdate()
    open_ones = (
        FollowUp.objects.for_campaign(campaign)
        .open()
        .select_related("owner__user", "meeting")
        .order_by("due_on", "pk")
    )
    return {
        "today": today,
        "my_followups": list(open_ones.owned_by(membership)[:limit]),
        "overdue_followups": list(open_ones.filter(due_on__lt=today)[:limit]),
        "next_meetings": list(
            Meeting.objects.for_campaign(campaign)
            .filter(starts_at__gte=timezone.now())
            .order_by("starts_at")[:3]
        ),
    }


def calendar_entries(
    campaign: Campaign, first: datetime.date, last: datetime.date
) -> dict[datetime.date, dict[str, list]]:
    """Meetings and open follow-ups by day, from `first` to `last` inclusive: two queries."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    days: dict[datetime.date, dict[str, list]] = defaultdict(
        lambda: {"meetings": [], "followups": []}
    )
    for meeting in Meeting.objects.for_campaign(campaign).between(start, end).order_by("starts_at"):
        days[timezone.localtime(meeting.starts_at).date()]["meetings"].append(meeting)
    followups = (
        FollowUp.objects.for_campaign(campaign)
        .open()
        .filter(due_on__gte=first, due_on__lte=last)
        .select_related("owner__user")
        .order_by("due_on", "pk")
    )
    for followup in followups:
        days[followup.due_on]["followups"].append(followup)
    return days
