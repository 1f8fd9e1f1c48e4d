"""Stories leave as counts only (no content) in this export: the statistics page's numbers,
with small counts hidden from those who may not see stories, exactly as on that page."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from coalition.models import Membership
from coalition.permissions import Action, role_may
from exchange.registry import ExportSpec
from stories import stats


def _exact(campaign: Any, user: Any) -> bool:
    role = (
        Membership.objects.for_campaign(campaign)
        .filter(user=user)
        .values_list("role", flat=True)
        .first()
    )
    return role_may(role, Action.VIEW_STORIES)


def _rows(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    summary = stats.summary(campaign, exact=_exact(campaign, user))
    yield ["total", "", summary["total"]]
    for row in summary["by_facility"]:
        yield ["facility", row["facility"], row["total_shown"]]
        yield ["facility held past the deadline", row["facility"], row["held_past_shown"]]
    for label, shown in summary["by_theme"]:
        yield ["theme", str(label), shown]
    for month, shown in summary["by_month"]:
        yield ["month", month.strftime("%Y-%m") if month else "", shown]


def _count(campaign: Any, user: Any = None) -> int:
    return sum(1 for _row in _rows(campaign, user))


SPECS = {
    "story-counts": ExportSpec(
        name="story-counts",
        label=_("Story counts"),
        headers=["count of", "which", "stories"],
        rows=_rows,
        count=_count,
    ),
}
