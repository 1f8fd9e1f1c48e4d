"""Scoring policies element by element, so they can be lined up from less to more protective.

A policy earns, for each element, the element's weight times 1 (covers it fully), ½ (partly) or
0 (not at all, or not scored). The sum is multiplied by how durable the policy's form is (a
law 1, an executive order 0.8, a jail policy 0.7, a resolution 0.5): the total. Every number
on the comparison page shows this arithmetic.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from actions.models import (
    COVERAGE_FACTOR,
    FORM_DURABILITY,
    Coverage,
    Demand,
    PolicyElement,
    PolicyScore,
)
from coalition.models import Campaign
from targets.models import DetainerPolicy

TWO_PLACES = Decimal("0.01")


@dataclass
class Cell:
    element: PolicyElement
    coverage: str | None  # None: not scored
    note: str = ""
    source: str = ""

    @property
    def points(self) -> Decimal:
        return self.element.weight * COVERAGE_FACTOR[self.coverage or Coverage.NONE]

    @property
    def symbol(self) -> str:
        return {"full": "●", "partial": "◐", "none": "○"}.get(self.coverage or "", "\u2013")

    @property
    def css(self) -> str:
        return self.coverage or "unscored"

    @property
    def label(self) -> str:
        return str(Coverage(self.coverage).label) if self.coverage else _("not scored")


@dataclass
class Column:
    """One policy (or the campaign's demands) scored on every element."""

    key: str
    title: str
    form: str
    form_label: str
    cells: dict[int, Cell]
    policy: DetainerPolicy | None = None
    is_demands: bool = False
    place: str = ""
    enacted_on: object = None
    differences: list["Difference"] = field(default_factory=list)
    compared_with: "Column | None" = None

    @property
    def points(self) -> Decimal:
        return sum((c.points for c in self.cells.values()), Decimal(0))

    @property
    def durability(self) -> Decimal:
        return FORM_DURABILITY.get(self.form, Decimal(1))

    @property
    def total(self) -> Decimal:
        return (self.points * self.durability).quantize(TWO_PLACES)

    def group_points(self, group: str) -> Decimal:
        return sum((c.points for c in self.cells.values() if c.element.group == group), Decimal(0))

    @property
    def arithmetic(self) -> str:
        return (
            f"{self.points.normalize():f} \u00d7 {self.durability.normalize():f} = {self.total:f}"
        )

    @property
    def scored(self) -> int:
        return sum(1 for c in self.cells.values() if c.coverage is not None)


@dataclass
class Difference:
    element: PolicyElement
    ours: Cell
    theirs: Cell

    @property
    def points(self) -> Decimal:
        return self.ours.points - self.theirs.points


def scored_policies() -> QuerySet[DetainerPolicy]:
    """Policies with at least one score: the ones worth comparing."""
    return (
        DetainerPolicy.objects.filter(element_scores__isnull=False)
        .distinct()
        .select_related("jurisdiction__state")
        .order_by("jurisdiction__name", "title")
    )


def policy_columns(
    policies: QuerySet[DetainerPolicy], elements: list[PolicyElement]
) -> list[Column]:
    by_pk = {e.pk: e for e in elements}
    policies = policies.select_related("jurisdiction__state").prefetch_related(
        Prefetch("element_scores", queryset=PolicyScore.objects.all())
    )
    columns = []
    for policy in policies:
        cells = {e.pk: Cell(e, None) for e in elements}
        for score in policy.element_scores.all():
            if score.element_id in by_pk:
                cells[score.element_id] = Cell(
                    by_pk[score.element_id], score.coverage, score.note, score.source
                )
        columns.append(
            Column(
                key=f"policy-{policy.pk}",
                title=policy.title,
                form=policy.form,
                form_label=policy.get_form_display(),
                cells=cells,
                policy=policy,
                place=str(policy.jurisdiction),
                enacted_on=policy.enacted_on,
            )
        )
    return columns


def demands_column(
    campaign: Campaign, elements: list[PolicyElement], form: str = ""
) -> Column | None:
    demanded = set(Demand.objects.for_campaign(campaign).values_list("element_id", flat=True))
    if not demanded:
        return None
    cells = {
        e.pk: Cell(
            e,
            Coverage.FULL if e.pk in demanded else None,
            _("Demanded") if e.pk in demanded else "",
        )
        for e in elements
    }
    label = DetainerPolicy.Form(form).label if form else _("form not chosen yet (counted as a law)")
    return Column(
        key="demands",
        title=_("Our demands"),
        form=form,
        form_label=str(label),
        cells=cells,
        is_demands=True,
    )


def differences(ours: Column, theirs: Column) -> list[Difference]:
    """Elements on which two columns earn different points, the biggest gaps first."""
    found = [
        Difference(cell.element, cell, theirs.cells[pk])
        for pk, cell in ours.cells.items()
        if cell.points != theirs.cells[pk].points
    ]
    return sorted(found, key=lambda d: (-abs(d.points), d.element.position))


@dataclass
class Pair:
    """Two columns, the more protective first, and why."""

    stronger: Column
    weaker: Column
    differences: list[Difference]

    @property
    def gap(self) -> Decimal:
        return self.stronger.total - self.weaker.total


def pair(first: Column, second: Column) -> Pair:
    stronger, weaker = (first, second) if first.total >= second.total else (second, first)
    return Pair(stronger, weaker, differences(stronger, weaker))


def rank(columns: list[Column]) -> list[Column]:
    """From less to more protective, each column explained against the one before it."""
    ordered = sorted(columns, key=lambda c: (c.total, c.points, c.title))
    for before, column in pairwise(ordered):
        column.compared_with = before
        column.differences = differences(column, before)
    return ordered


def compare(
    *,
    policies: QuerySet[DetainerPolicy],
    campaign: Campaign | None = None,
    include_demands: bool = False,
    demands_form: str = "",
) -> tuple[list[PolicyElement], list[Column]]:
    elements = list(PolicyElement.objects.order_by("group", "position", "pk"))
    columns = policy_columns(policies, elements)
    if include_demands and campaign is not None:
        ours = demands_column(campaign, elements, demands_form)
        if ours is not None:
            columns.append(ours)
    return elements, rank(columns)


def max_points(elements: list[PolicyElement]) -> int:
    return sum(e.weight for e in elements)


def chart_rows(columns: list[Column], width: int = 420) -> list[dict]:
    """Bars for the comparison chart (server-side SVG): lengths in user units."""
    top = max((c.total for c in columns), default=Decimal(0))
    rows = []
    for index, column in enumerate(columns):
        length = int(width * column.total / top) if top else 0
        rows.append({"column": column, "y": 8 + index * 34, "length": max(length, 2)})
    return rows
