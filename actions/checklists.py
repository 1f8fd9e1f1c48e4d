"""The campaign's stages, each with a checklist computed from its data — never ticked by hand.

The toolkit stages a campaign: research, goals, targets, allies, demands, tactics, then winning
and defending the policy. `campaign_stages` reads a fixed number of queries (about sixteen),
whatever the size of the campaign. Story counts are counts only: no story is read.

Until the power map (issue 4) records targets, a campaign's targets are the offices named in
its demands and actions.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from actions.catalogue import RESEARCH_QUESTIONS
from actions.models import (
    ActionKind,
    ActionStatus,
    CampaignAction,
    CampaignPlan,
    Demand,
    ElementGroup,
    Goal,
    OpposingMessage,
    RecordsRequest,
    ResearchQuestion,
    TalkingPoint,
)
from actions.models.demands import DemandState, states_from
from coalition.models import Campaign, Meeting, Organization, Principle
from stories.models import Purpose, Story
from stories.selectors import with_consent
from targets.models import Arrangement, CustodyStep, DetainerPolicy, Jurisdiction, Office
from targets.models.power_map import Assessment, Priority

STORIES_FOR_POLICYMAKERS = 3
ALLY_KINDS_WANTED = 3
IMPACTED_KINDS = (Organization.Kind.IMPACTED_COMMUNITY, Organization.Kind.IMMIGRANT_RIGHTS)
LEGAL_KINDS = (
    Organization.Kind.IMMIGRATION_LAWYERS,
    Organization.Kind.PUBLIC_DEFENDERS,
    Organization.Kind.CIVIL_RIGHTS,
    Organization.Kind.CITY_COUNTY_ATTORNEY,
)

STAGES = [
    ("research", gettext_lazy("Research")),
    ("goals", gettext_lazy("Goals")),
    ("targets", gettext_lazy("Targets")),
    ("allies", gettext_lazy("Allies")),
    ("demands", gettext_lazy("Demands")),
    ("tactics", gettext_lazy("Tactics")),
    ("win", gettext_lazy("Win and defend")),
]


@dataclass
class Item:
    key: str
    label: str
    done: bool
    detail: str = ""
    url: str = ""


@dataclass
class Stage:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def state(self) -> str:
        if self.done_count == self.total:
            return "done"
        return "partial" if self.done_count else "todo"

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)


@dataclass
class Stages:
    stages: list[Stage]

    def __iter__(self):
        return iter(self.stages)

    @property
    def current(self) -> Stage | None:
        """The first stage with something left to do."""
        return next((s for s in self.stages if s.state != "done"), None)

    @property
    def done_count(self) -> int:
        return sum(s.done_count for s in self.stages)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.stages)

    def stage(self, key: str) -> Stage:
        return next(s for s in self.stages if s.key == key)

    def item(self, stage: str, key: str) -> Item:
        return self.stage(stage).item(key)


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def campaign_targets(campaign: Campaign) -> QuerySet[Office]:
    """The offices the campaign targets: primary or secondary targets on its power map (an
    office, or the office an official on the map holds), or named in its demands or actions."""
    on_map = Assessment.objects.for_campaign(campaign).filter(
        removed_at__isnull=True, priority__in=[Priority.PRIMARY, Priority.SECONDARY]
    )
    return Office.objects.filter(
        Q(pk__in=on_map.values("office"))
        | Q(pk__in=on_map.values("official__office"))
        | Q(campaign_demands__campaign=campaign)
        | Q(campaign_actions__campaign=campaign)
    ).distinct()


def place_offices_filter(place: Jurisdiction) -> Q:
    """Offices of the place, of everywhere inside it, and of its state."""
    condition = Q(jurisdiction__in=Jurisdiction.objects.within(place))
    if place.state_id:
        condition |= Q(jurisdiction=place.state_id)
    return condition


def stories_for_policymakers(campaign: Campaign) -> int:
    """Complete stories whose consent to be shared with policymakers (anonymized or by name) is
    in force today. A count only: nothing about any story is read."""
    today = timezone.localdate()
    in_force = Q(consent_granted=True) & (
        Q(consent_expires__isnull=True) | Q(consent_expires__gte=today)
    )
    base = Story.objects.for_campaign(campaign).filter(
        status=Story.Status.COMPLETE, erased_at__isnull=True
    )
    anonymized = with_consent(base, Purpose.POLICYMAKERS_ANONYMIZED).filter(in_force)
    named = with_consent(base, Purpose.POLICYMAKERS_NAMED).filter(in_force)
    return base.filter(Q(pk__in=anonymized.values("pk")) | Q(pk__in=named.values("pk"))).count()


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of `queryset` belong to the outer campaign, as a subquery."""
    counted = (
        queryset.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def _exists(queryset: QuerySet) -> Exists:
    return Exists(queryset.filter(campaign=OuterRef("pk")))


def campaign_counts(campaign: Campaign) -> dict[str, Any]:
    """The counts the checklists need from the campaign's own tables, in one query."""
    row = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            n_goals=_count(Goal.objects.all()),
            n_principles=_count(Principle.objects.all()),
            n_records_sent=_count(RecordsRequest.objects.filter(sent_on__isnull=False)),
            n_target_meeting=_exists(Meeting.objects.filter(kind=Meeting.Kind.TARGET)),
            n_target_action=_exists(
                CampaignAction.objects.filter(kind=ActionKind.MEETING, status=ActionStatus.DONE)
            ),
            n_framed=_exists(TalkingPoint.objects.filter(frame__isnull=False)),
            n_responded=_exists(OpposingMessage.objects.exclude(response="")),
            n_planned=_count(CampaignAction.objects.exclude(status=ActionStatus.CANCELLED)),
            n_done=_count(CampaignAction.objects.filter(status=ActionStatus.DONE)),
        )
        .values(
            "n_goals",
            "n_principles",
            "n_records_sent",
            "n_target_meeting",
            "n_target_action",
            "n_framed",
            "n_responded",
            "n_planned",
            "n_done",
        )
        .get()
    )
    return {key.removeprefix("n_"): value for key, value in row.items()}


def _of(done: int, total: int) -> str:
    return _("%(done)s of %(total)s") % {"done": done, "total": total}


def campaign_stages(campaign: Campaign) -> Stages:
    slug = campaign.slug
    plan = CampaignPlan.objects.for_campaign(campaign).select_related("jurisdiction__state").first()
    place = plan.jurisdiction if plan else None

    # Research
    questions = list(ResearchQuestion.objects.for_campaign(campaign).values_list("key", "answer"))
    answered_keys = {key for key, answer in questions if answer.strip()}
    answered = sum(1 for _key, answer in questions if answer.strip())
    question_total = len(questions) or len(RESEARCH_QUESTIONS)
    counts = campaign_counts(campaign)
    final_steps: list[tuple[int | None, Any]] = []
    arrangements = 0
    enacted = 0
    if place is not None:
        final_steps = list(
            CustodyStep.objects.filter(is_usual_final=True)
            .filter(arresting_office__jurisdiction__in=Jurisdiction.objects.within(place))
            .values_list("facility__controlling_office_id", "facility__daily_bed_cost")
        )
        arrangements = Arrangement.objects.filter(
            office__jurisdiction__in=Jurisdiction.objects.within(place)
        ).count()
        enacted = DetainerPolicy.objects.filter(
            jurisdiction__in=Jurisdiction.objects.within(place), repealed_on__isnull=True
        ).count()
    controllers = {office for office, _cost in final_steps if office}
    costs_known = any(cost is not None for _office, cost in final_steps)
    settings_url = _url("actions:settings", campaign_slug=slug)
    custody_url = _url("targets:custody", jurisdiction_id=place.pk) if place else settings_url
    research = Stage(
        "research",
        str(STAGES[0][1]),
        [
            Item(
                "place",
                _("The campaign's place is chosen"),
                place is not None,
                str(place) if place else _("Choose it in the plan's settings"),
                settings_url,
            ),
            Item(
                "questions",
                _("Research questions answered"),
                bool(questions) and answered == len(questions),
                _of(answered, question_total),
                _url("actions:research", campaign_slug=slug),
            ),
            Item(
                "final_custody",
                _("The usual final point of custody is recorded"),
                bool(final_steps),
                "" if final_steps else _("Record it as a custody step in the reference data"),
                custody_url,
            ),
            Item(
                "cost",
                _("The daily cost of a bed there is known"),
                costs_known,
                "",
                _url("targets:cost"),
            ),
            Item(
                "agreements",
                _("ICE agreements here are on record or researched"),
                arrangements > 0 or "agreements" in answered_keys,
                ngettext("%(n)s on record", "%(n)s on record", arrangements) % {"n": arrangements},
                _url("targets:near_you"),
            ),
            Item(
                "records",
                _("A public-records request has been sent"),
                counts["records_sent"] > 0,
                ngettext("%(n)s sent", "%(n)s sent", counts["records_sent"])
                % {"n": counts["records_sent"]},
                _url("actions:records_list", campaign_slug=slug),
            ),
        ],
    )

    # Goals
    goals, principles = counts["goals"], counts["principles"]
    goals_stage = Stage(
        "goals",
        str(STAGES[1][1]),
        [
            Item(
                "goals",
                _("The campaign's goals are written down"),
                goals > 0,
                str(goals),
                _url("actions:goal_list", campaign_slug=slug),
            ),
            Item(
                "principles",
                _("The coalition has agreed its principles"),
                principles > 0,
                str(principles),
                _url("coalition:principle_list", campaign_slug=slug),
            ),
        ],
    )

    # Targets and demands share one read of the demands.
    demands = list(
        Demand.objects.for_campaign(campaign)
        .annotate(n_targets=Count("targets"))
        .values_list("element__group", "state", "n_targets")
    )
    target_ids = set(campaign_targets(campaign).order_by().values_list("pk", flat=True))
    with_targets = sum(1 for _g, _s, n in demands if n)
    target_met = counts["target_meeting"] or counts["target_action"]
    targets_stage = Stage(
        "targets",
        str(STAGES[2][1]),
        [
            Item(
                "final_custody_targeted",
                _(
                    "The office controlling the final point of custody is among the demands' "
                    "targets"
                ),
                bool(controllers & target_ids),
                "" if final_steps else _("The final point of custody is not recorded yet"),
                _url("actions:demand_list", campaign_slug=slug),
            ),
            Item(
                "demands_targeted",
                _("Every demand names a target"),
                bool(demands) and with_targets == len(demands),
                _of(with_targets, len(demands)),
                _url("actions:demand_list", campaign_slug=slug),
            ),
            Item(
                "target_met",
                _("The campaign has met a target"),
                target_met,
                "",
                _url("coalition:meeting_list", campaign_slug=slug),
            ),
        ],
    )

    # Allies
    ally_kinds = set(
        Organization.objects.for_campaign(campaign)
        .filter(stance__gte=Organization.Stance.PASSIVE_ALLY)
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    allies_url = _url("coalition:organization_list", campaign_slug=slug)
    allies = Stage(
        "allies",
        str(STAGES[3][1]),
        [
            Item(
                "three_kinds",
                _("At least one ally of each of three kinds"),
                len(ally_kinds) >= ALLY_KINDS_WANTED,
                ngettext("%(n)s kind", "%(n)s kinds", len(ally_kinds)) % {"n": len(ally_kinds)},
                allies_url,
            ),
            Item(
                "impacted",
                _("Immigrant and directly impacted community groups are allies"),
                bool(ally_kinds & set(IMPACTED_KINDS)),
                "",
                allies_url,
            ),
            Item(
                "legal",
                _("Allies bring legal expertise"),
                bool(ally_kinds & set(LEGAL_KINDS)),
                _("Immigration lawyers, public defenders, civil rights groups"),
                allies_url,
            ),
        ],
    )

    # Demands
    groups = {group for group, _s, _n in demands}
    presented = sum(1 for _g, state, _n in demands if state in states_from(DemandState.PRESENTED))
    by_group = {g: sum(1 for group, _s, _n in demands if group == g) for g in ElementGroup.values}
    demands_stage = Stage(
        "demands",
        str(STAGES[4][1]),
        [
            Item(
                "both_groups",
                _("Demands cover both groups of elements"),
                groups >= set(ElementGroup.values),
                _("keep ICE out: %(access)s; stop complying: %(compliance)s") % by_group,
                _url("actions:demand_list", campaign_slug=slug),
            ),
            Item(
                "presented",
                _("Demands presented to the targets"),
                bool(demands) and presented == len(demands),
                _of(presented, len(demands)),
                _url("actions:demand_list", campaign_slug=slug),
            ),
        ],
    )

    # Tactics
    stories = stories_for_policymakers(campaign)
    framed, answered_opposition = counts["framed"], counts["responded"]
    actions = {"planned": counts["planned"], "done": counts["done"]}
    messaging_url = _url("actions:messaging", campaign_slug=slug)
    tactics = Stage(
        "tactics",
        str(STAGES[5][1]),
        [
            Item(
                "stories",
                _("Stories with consent to share with policymakers"),
                stories >= STORIES_FOR_POLICYMAKERS,
                _of(stories, STORIES_FOR_POLICYMAKERS),
                _url("stories:statistics", campaign_slug=slug),
            ),
            Item(
                "frame",
                _("A frame with talking points"),
                framed,
                "",
                messaging_url,
            ),
            Item(
                "responses",
                _("Responses to the opposition prepared"),
                answered_opposition,
                "",
                messaging_url,
            ),
            Item(
                "actions",
                _("Actions planned and held"),
                actions["done"] > 0,
                _("%(planned)s planned, %(done)s held") % actions,
                _url("actions:action_list", campaign_slug=slug),
            ),
        ],
    )

    # Win and defend
    adopted = sum(1 for _g, state, _n in demands if state in states_from(DemandState.ADOPTED))
    implemented = sum(
        1 for _g, state, _n in demands if state in states_from(DemandState.IMPLEMENTED)
    )
    defended = sum(1 for _g, state, _n in demands if state == DemandState.DEFENDED)
    demands_url = _url("actions:demand_list", campaign_slug=slug)
    win = Stage(
        "win",
        str(STAGES[6][1]),
        [
            Item(
                "adopted",
                _("Demands adopted"),
                adopted > 0,
                _of(adopted, len(demands)),
                demands_url,
            ),
            Item(
                "implemented",
                _("Demands implemented"),
                implemented > 0,
                _of(implemented, len(demands)),
                demands_url,
            ),
            Item(
                "enacted_on_record",
                _("The enacted policy is in the reference data"),
                enacted > 0,
                ngettext("%(n)s in force for this place", "%(n)s in force for this place", enacted)
                % {"n": enacted},
                _url("targets:policy_list"),
            ),
            Item(
                "defended",
                _("The policy has been defended"),
                defended > 0,
                _of(defended, len(demands)),
                demands_url,
            ),
        ],
    )
    return Stages([research, goals_stage, targets_stage, allies, demands_stage, tactics, win])
