"""Counts of stories without identities: by facility, theme and month, and who was held past
the 48-hour deadline. The statistics page and the story-counts export both read `summary`.

What is counted: finished stories whose internal-use consent is in force, and erased stories
whose internal-use consent was in force on the day they were erased (the erase page promises
that the anonymous record still counts).

Those who may not see the stories themselves (the role table's Action.VIEW_STORIES) get counts
that single no one out (DESIGN.md, invariant 8): a count below SMALL is withheld, and so is every
count that would let someone work one out by subtraction from a total, and every figure derived
from a withheld count (a facility's held-past count, average and bars). 0 is always shown.
"""

from collections.abc import Hashable
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.permissions import Action, role_may
from stories.models import Consent, Purpose, Story, StoryTheme, Theme
from stories.selectors import _in_force, with_consent

SMALL = 3  # counts from 1 to SMALL - 1 are withheld from those who may not see stories
HIDDEN = gettext_lazy("withheld")
BAR = 300  # width of the longest bar, in pixels


def exact_counts_for(role: str | None) -> bool:
    """Whoever may see the stories themselves may see their exact counts."""
    return role_may(role, Action.VIEW_STORIES)


def countable(campaign: Any):
    """The stories the counts are made of (see the module's docstring)."""
    stories = Story.objects.for_campaign(campaign).filter(status=Story.Status.COMPLETE)
    at_erasure = Consent.objects.filter(
        story=OuterRef("pk"), purpose=Purpose.INTERNAL, recorded_at__lte=OuterRef("erased_at")
    ).order_by("-recorded_at", "-id")
    stories = with_consent(stories, Purpose.INTERNAL).annotate(
        erasure_granted=Subquery(at_erasure.values("granted")[:1]),
        erasure_expires=Subquery(at_erasure.values("expires_on")[:1]),
    )
    in_force_when_erased = Q(erased_at__isnull=False, erasure_granted=True) & (
        Q(erasure_expires__isnull=True) | Q(erasure_expires__gte=TruncDate("erased_at"))
    )
    return stories.filter((Q(erased_at__isnull=True) & _in_force()) | in_force_when_erased)


# Withholding. A group is a set of counts that add up to a total (stories by facility, by
# month). Withheld counts are at least 1 each (0 is shown), so when the total is shown, k
# withheld counts adding up to R each lie between 1 and R - k + 1: none can be worked out as
# long as there are at least two of them and R > k.


def _small(n: int) -> bool:
    return 0 < n < SMALL


def _safe(counts: dict[Hashable, int], withheld: set) -> bool:
    k = len(withheld)
    return k == 0 or (k >= 2 and sum(counts[key] for key in withheld) > k)


def _withhold(counts: dict[Hashable, int], *, total_shown: bool) -> set | None:
    """The small counts of a group, and the next-smallest ones while the shown total would
    give them away. None when even withholding every count is not enough (every count is 1):
    then the total must be withheld."""
    withheld = {key for key, n in counts.items() if _small(n)}
    if not total_shown:
        return withheld
    others = sorted((key for key in counts if key not in withheld), key=counts.__getitem__)
    others = [key for key in others if counts[key]]
    while not _safe(counts, withheld):
        if not others:
            return None
        withheld.add(others.pop(0))
    return withheld


def _withhold_groups(total: int, groups: list[dict]) -> tuple[bool, list[set]]:
    """Whether the total is withheld, and the counts withheld in each group adding up to it.
    A withheld total stays unknowable only while each group withholds at least one count."""
    if not _small(total):
        withheld = [_withhold(counts, total_shown=True) for counts in groups]
        if all(w is not None for w in withheld):
            return False, withheld
    withheld = [_withhold(counts, total_shown=False) for counts in groups]
    for counts, hidden in zip(groups, withheld, strict=True):
        if counts and not hidden:
            hidden.add(min((key for key in counts if counts[key]), key=counts.__getitem__))
    return True, withheld


def _shown(n: int, withheld: bool) -> str:
    return str(HIDDEN) if withheld else str(n)


def _facility_rows(base: Any) -> list[dict[str, Any]]:
    return list(
        base.values("facility", "facility__name")
        .annotate(
            total=Count("id"),
            held_past=Count("id", filter=Q(held_past_seconds__gt=0)),
            average_seconds=Avg("held_past_seconds", filter=Q(held_past_seconds__gt=0)),
        )
        .order_by("-held_past", "-total", "facility__name")
    )


def summary(campaign: Any, *, exact: bool) -> dict[str, Any]:
    base = countable(campaign)
    by_facility = _facility_rows(base)
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
    total = sum(row["total"] for row in by_facility)
    if exact:
        total_withheld, (facilities_withheld, months_withheld) = False, (set(), set())
    else:
        total_withheld, (facilities_withheld, months_withheld) = _withhold_groups(
            total,
            [
                {row["facility"]: row["total"] for row in by_facility},
                {row["month"]: row["total"] for row in by_month},
            ],
        )
    if not exact:
        # In an order by the counts, a row's place would tell withheld counts apart.
        by_facility.sort(key=lambda row: (row["facility__name"] is None, row["facility__name"]))
    top = max(
        (row["total"] for row in by_facility if row["facility"] not in facilities_withheld),
        default=0,
    )
    for row in by_facility:
        hidden = row["facility"] in facilities_withheld
        not_held = row["total"] - row["held_past"]
        # A facility's held-past count is part of its count, and with it the count of those
        # not held past: withheld when either is small or the facility's count is withheld.
        held_hidden = (
            not exact
            and row["held_past"] > 0
            and (hidden or _small(row["held_past"]) or _small(not_held))
        )
        row["facility"] = row.pop("facility__name") or _("Facility not recorded")
        row["total_shown"] = _shown(row["total"], hidden)
        row["held_past_shown"] = _shown(row["held_past"], held_hidden)
        seconds = row.pop("average_seconds")
        row["average_hours"] = round(seconds / 3600, 1) if seconds and not held_hidden else None
        row["bar"] = round(BAR * row["total"] / top) if top and not hidden else None
        row["bar_past"] = round(BAR * row["held_past"] / top) if top and not held_hidden else None
        if hidden:
            row["total"] = None
        if held_hidden:
            row["held_past"] = None
    return {
        "total": _shown(total, total_withheld),
        "by_facility": by_facility,
        "by_theme": [
            (label, _shown(themes.get(value, 0), not exact and _small(themes.get(value, 0))))
            for value, label in Theme.choices
        ],
        "by_month": [
            (row["month"], _shown(row["total"], row["month"] in months_withheld))
            for row in by_month
        ],
        "bars": any(row["bar"] is not None for row in by_facility),
        "exact": exact,
        "small": SMALL,
    }
