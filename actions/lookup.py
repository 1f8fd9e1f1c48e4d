"""Reads behind the public 287(g) lookup and the "lead your county" pages.

Only public facts leave here: the 287(g) agreements in the reference data, the offices with
power over the agencies that signed them, and, of campaigns, no more than whether one exists
and what a campaign chose to publish. The agreements and the offices with power come from
targets.selectors (the reference analysis "287(g) near you" reads the same ones).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from actions.models import CampaignPlan
from targets.models import Arrangement, Jurisdiction, Power
from targets.selectors import agreements_near, levers_over


@dataclass
class AgreementRow:
    """One agreement in force and the offices that could end it: the agency that signed it,
    and the offices with a power over that agency (its budget, its laws, its appointment)."""

    agreement: Arrangement
    levers: list[Power] = field(default_factory=list)

    @property
    def county(self) -> Jurisdiction | None:
        """The county the agency works in, if it is a county's or a city's in a county."""
        place = self.agreement.office.jurisdiction
        if place.is_county_level:
            return place
        parent = place.parent
        return parent if parent is not None and parent.is_county_level else None


def with_levers(agreements: Iterable[Arrangement]) -> list[AgreementRow]:
    """Attach the offices with power over each agreement's agency; one query for all."""
    agreements = list(agreements)
    levers = levers_over(list({a.office_id: a.office for a in agreements}.values()))
    return [AgreementRow(a, levers.get(a.office_id, [])) for a in agreements]


def search_agreements(
    *,
    state: Jurisdiction | None = None,
    county: str = "",
    agency: str = "",
    model: str = "",
) -> QuerySet[Arrangement]:
    """The 287(g) agreements in force or pending, narrowed by state, by words of a county's
    name (an agency of the county or of a city in it), by words of the agency's name and by
    the agreement's model. Ordered by state, then place and agency."""
    found = agreements_near(state=state, county=None)
    if county:
        found = found.filter(
            Q(
                office__jurisdiction__kind__in=Jurisdiction.COUNTY_LEVEL,
                office__jurisdiction__name__icontains=county,
            )
            | Q(
                office__jurisdiction__parent__kind__in=Jurisdiction.COUNTY_LEVEL,
                office__jurisdiction__parent__name__icontains=county,
            )
        )
    if agency:
        found = found.filter(office__name__icontains=agency)
    if model:
        found = found.filter(model_287g=model)
    return found.select_related("office__jurisdiction__parent").order_by(
        Coalesce("office__jurisdiction__state__name", "office__jurisdiction__name"),
        "office__jurisdiction__name",
        "office__name",
        "model_287g",
        "pk",
    )


def county_agreements(county: Jurisdiction) -> list[AgreementRow]:
    """The agreements of the county's agencies and of its cities' agencies."""
    agreements = agreements_near(state=None, county=county).select_related(
        "office__jurisdiction__parent"
    )
    return with_levers(agreements)


def agreements_by_county(counties: Iterable[Jurisdiction]) -> dict[int, list[Arrangement]]:
    """For each county (by pk): its agreements in force. One query however many counties."""
    ids = {c.pk for c in counties}
    if not ids:
        return {}
    agreements = (
        agreements_near(state=None, county=None)
        .filter(
            Q(office__jurisdiction__in=ids)
            | Q(office__jurisdiction__parent__in=ids)
            | Q(office__jurisdiction__parent__parent__in=ids)
        )
        .select_related("office__jurisdiction__parent")
    )
    found: dict[int, list[Arrangement]] = defaultdict(list)
    for agreement in agreements:
        place = agreement.office.jurisdiction
        for pk in (place.pk, place.parent_id, place.parent.parent_id if place.parent else None):
            if pk in ids:
                found[pk].append(agreement)
                break
    return found


def find_counties(*, name: str = "", state: Jurisdiction | None = None) -> QuerySet[Jurisdiction]:
    """Counties and county equivalents by words of their name (or their 5-digit FIPS code)."""
    counties = Jurisdiction.objects.counties().select_related("state")
    if state is not None:
        counties = counties.filter(state=state)
    if name.isdigit() and len(name) == 5:
        counties = counties.filter(fips=name)
    elif name:
        counties = counties.filter(name__icontains=name)
    return counties.order_by("name", "state__name", "pk")


def counties_with_campaigns(counties: Iterable[Jurisdiction]) -> set[int]:
    """Which of these counties some campaign has chosen as its place (existence only)."""
    ids = [c.pk for c in counties]
    if not ids:
        return set()
    return set(
        CampaignPlan.objects.filter(jurisdiction__in=ids)
        .values_list("jurisdiction_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PublicCampaign:
    """What the public may know of a campaign: the title and address of its public timeline."""

    title: str
    url: str


def campaigns_in(county: Jurisdiction) -> tuple[int, list[PublicCampaign]]:
    """How many campaigns work in the county, and those that published their timeline.

    A campaign that has not published anything is counted but not named: its name is the
    coalition's own business until it goes public."""
    plans = list(
        CampaignPlan.objects.filter(jurisdiction=county)
        .select_related("campaign")
        .only("public_key", "timeline_published", "public_title", "campaign__name")
        .order_by("campaign__name", "pk")
    )
    published = [
        PublicCampaign(plan.public_title or plan.campaign.name, plan.public_url())
        for plan in plans
        if plan.public_url()
    ]
    return len(plans), published


def states() -> QuerySet[Jurisdiction]:
    """States, the District and territories that have a postal abbreviation, by name."""
    return Jurisdiction.objects.states().exclude(postal_code="").order_by("name")
