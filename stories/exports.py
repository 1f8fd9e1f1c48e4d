"""Stories leave as counts only (no content) in this export: the statistics page's numbers,
withheld for those who may not see stories exactly as on that page (stories.stats)."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from exchange.registry import ExportSpec
from stories import stats
from stories.access import role_in


def _rows(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    exact = stats.exact_counts_for(role_in(user, campaign))
    summary = stats.summary(campaign, exact=exact)
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
