"""Reads that need care: the two-step custody analysis and who can end an agreement."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from targets.models import Arrangement, CustodyStep, Jurisdiction, Office, Power

# Powers that let an office change what another office of its place does about ICE.
LEVERAGE = (Power.Kind.SETS_BUDGET, Power.Kind.PASSES_ORDINANCES, Power.Kind.EXECUTIVE_ORDERS)


@dataclass
class AgencyPath:
    agency: Office
    steps: list[CustodyStep]

    @property
    def final(self) -> CustodyStep | None:
        return next((s for s in self.steps if s.is_usual_final), None)

    @property
    def target(self) -> Office | None:
        final = self.final
        return final.facility.controlling_office if final else None


@dataclass
class Target:
    office: Office
    agencies: list[Office] = field(default_factory=list)
    facilities: list = field(default_factory=list)
    levers: list[Power] = field(default_factory=list)


def arresting_agencies(jurisdiction: Jurisdiction) -> QuerySet[Office]:
    places = Jurisdiction.objects.within(jurisdiction)
    return (
        Office.objects.filter(jurisdiction__in=places)
        .filter(Q(kind__in=Office.LAW_ENFORCEMENT_KINDS) | Q(powers__kind=Power.Kind.MAKES_ARRESTS))
        .distinct()
        .select_related("jurisdiction__state")
        .prefetch_related(
            Prefetch(
                "custody_steps",
                queryset=CustodyStep.objects.select_related(
                    "facility__controlling_office__jurisdiction__state"
                ),
            )
        )
        .order_by("name")
    )


def levers_over(offices: list[Office]) -> dict[int, list[Power]]:
    """For each office: the powers other offices hold over it (appointing it, or budget and
    law-making power in its own jurisdiction). One query for all of them."""
    if not offices:
        return {}
    ids = {o.pk for o in offices}
    places = {o.jurisdiction_id for o in offices}
    powers = (
        Power.objects.filter(
            Q(kind=Power.Kind.APPOINTS, appointed_office__in=ids)
            | Q(kind__in=LEVERAGE, office__jurisdiction__in=places)
        )
        .exclude(office__in=ids, kind__in=LEVERAGE)
        .select_related("office__jurisdiction")
        .order_by("office__name", "kind")
    )
    found: dict[int, list[Power]] = defaultdict(list)
    for power in powers:
        for office in offices:
            appoints = power.kind == Power.Kind.APPOINTS and power.appointed_office_id == office.pk
            governs = (
                power.kind in LEVERAGE
                and power.office.jurisdiction_id == office.jurisdiction_id
                and power.office_id != office.pk
            )
            if appoints or governs:
                found[office.pk].append(power)
    return found


def custody_analysis(jurisdiction: Jurisdiction) -> tuple[list[AgencyPath], list[Target]]:
    paths = [
        AgencyPath(agency, list(agency.custody_steps.all()))
        for agency in arresting_agencies(jurisdiction)
    ]
    targets: dict[int, Target] = {}
    for path in paths:
        target = path.target
        if target is None:
            continue
        entry = targets.setdefault(target.pk, Target(target))
        entry.agencies.append(path.agency)
        if path.final.facility not in entry.facilities:
            entry.facilities.append(path.final.facility)
    levers = levers_over([t.office for t in targets.values()])
    for entry in targets.values():
        entry.levers = levers.get(entry.office.pk, [])
    return paths, sorted(targets.values(), key=lambda t: -len(t.agencies))


def agreements_near(
    *, state: Jurisdiction | None, county: Jurisdiction | None
) -> QuerySet[Arrangement]:
    arrangements = Arrangement.objects.in_force().filter(kind=Arrangement.Kind.AGREEMENT_287G)
    if county is not None:
        arrangements = arrangements.filter(
            office__jurisdiction__in=Jurisdiction.objects.within(county)
        )
    elif state is not None:
        arrangements = arrangements.filter(
            Q(office__jurisdiction=state) | Q(office__jurisdiction__state=state)
        )
    return arrangements.select_related("office__jurisdiction__state").order_by(
        "office__jurisdiction__name", "office__name", "model_287g"
    )


@dataclass
class CostEstimate:
    holds_per_year: int
    extra_days_per_hold: Decimal
    pretrial_holds: int
    extra_pretrial_days: Decimal
    daily_bed_cost: Decimal

    @property
    def hold_days(self) -> Decimal:
        return self.holds_per_year * self.extra_days_per_hold

    @property
    def pretrial_days(self) -> Decimal:
        return self.pretrial_holds * self.extra_pretrial_days

    @property
    def hold_cost(self) -> Decimal:
        return (self.hold_days * self.daily_bed_cost).quantize(Decimal("0.01"))

    @property
    def pretrial_cost(self) -> Decimal:
        return (self.pretrial_days * self.daily_bed_cost).quantize(Decimal("0.01"))

    @property
    def total(self) -> Decimal:
        return self.hold_cost + self.pretrial_cost
