"""Counts of stories without identities: by facility, theme and month, and who was held past
the 48-hour deadline. Only stories whose internal-use consent is in force are counted."""

from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from stories.models import Purpose, Story, StoryTheme, Theme
from stories.selectors import _in_force, with_consent

SMALL = 3  # counts below this are shown as "fewer than 3" to those who may not see stories


def countable(campaign: Any):
    stories = Story.objects.for_campaign(campaign).filter(
        status=Story.Status.COMPLETE, erased_at__isnull=True
    )
    return with_consent(stories, Purpose.INTERNAL).filter(_in_force())


def _shown(n: int, exact: bool) -> str:
    if exact or n == 0 or n >= SMALL:
        return str(n)
    return _("fewer than %(n)s") % {"n": SMALL}


def summary(campaign: Any, *, exact: bool) -> dict[str, Any]:
    base = countable(campaign)
    by_facility = list(
        base.values("facility__name")
        .annotate(
            total=Count("id"),
            held_past=Count("id", filter=Q(held_past_seconds__gt=0)),
            average_hours=Avg("held_past_seconds", filter=Q(held_past_seconds__gt=0)),
        )
        .order_by("-held_past", "-total")
    )
    top = max((row["total"] for row in by_facility), default=0)
    for row in by_facility:
        row["facility"] = row["facility__name"] or _("Facility not recorded")
        row["bar"] = round(300 * row["total"] / top) if top else 0
        row["bar_past"] = round(300 * row["held_past"] / top) if top else 0
        row["total_shown"] = _shown(row["total"], exact)
        row["held_past_shown"] = _shown(row["held_past"], exact)
        row["average_hours"] = (
            round(row["average_hours"] / 3600, 1) if row["average_hours"] else None
        )
    themes = dict(
        StoryTheme.objects.filter(story__in=base.values("pk"))
        .values_list("theme")
        .annotate(n=Count("id"))
    )
    by_month = list(
        base.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(total=Count("id"))
        .order_by("month")
    )
    return {
        "total": _shown(base.count(), exact),
        "by_facility": by_facility,
        "by_theme": [
            (label, _shown(themes.get(value, 0), exact)) for value, label in Theme.choices
        ],
        "by_month": [(row["month"], _shown(row["total"], exact)) for row in by_month],
        "exact": exact,
        "small": SMALL,
    }
