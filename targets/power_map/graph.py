"""Reading a campaign's power map: its actors, the ties between them (typed by the campaign or
drawn from the reference data), and where each sits on influence against stance.

`build_power_map` runs a fixed number of queries however many actors the map holds; the map
page, its exports and the SVG picture all read the same PowerMap.
"""

import datetime
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coalition.models import Campaign, Organization
from targets.models import (
    ActorKind,
    Assessment,
    EvidenceKind,
    Facility,
    Office,
    Official,
    Power,
    Priority,
    Relationship,
    RelationshipKind,
    Stance,
    StanceChange,
)
from targets.models.power_map import INFLUENCE_CHOICES, stance_label

STANCES = [s.value for s in Stance]  # -2 … 2, left to right
INFLUENCES = [5, 4, 3, 2, 1, None]  # top to bottom; None: not assessed (and facilities)

# Geometry of the map, in pixels of the SVG and of Cytoscape's model coordinates.
SLOT_W, SLOT_H = 150, 84
MIN_COL_W, MIN_ROW_H = 190, 96
LEFT, TOP, RIGHT, BOTTOM = 150, 64, 24, 24

KIND_STYLE = {
    ActorKind.OFFICE: {"color": "#1f5fa8", "shape": "round-rectangle"},
    ActorKind.OFFICIAL: {"color": "#7b3fa0", "shape": "ellipse"},
    ActorKind.ORGANIZATION: {"color": "#1e7b4c", "shape": "hexagon"},
    ActorKind.FACILITY: {"color": "#5f6368", "shape": "rectangle"},
}
PRIORITY_STYLE = {
    Priority.PRIMARY: {"color": "#b3261e", "width": 5, "style": "solid"},
    Priority.SECONDARY: {"color": "#c26a00", "width": 4, "style": "dashed"},
    Priority.CONTEXT: {"color": "#3c4043", "width": 1, "style": "solid"},
}
RELATIONSHIP_COLORS = {
    RelationshipKind.REPORTS_TO: "#455a64",
    RelationshipKind.APPOINTS: "#8e44ad",
    RelationshipKind.SETS_BUDGET: "#c0392b",
    RelationshipKind.CONTROLS_FACILITY: "#263238",
    RelationshipKind.MEMBER_OF: "#00897b",
    RelationshipKind.HOLDS_OFFICE: "#6d4c41",
    RelationshipKind.INFLUENCES: "#1e88e5",
    RelationshipKind.ALLIED_WITH: "#2e7d32",
    RelationshipKind.OPPOSES: "#e65100",
}
STANCE_COLORS = {-2: "#f6d3d0", -1: "#fbe8e5", 0: "#f1f3f4", 1: "#e3f1e3", 2: "#cfe8cf"}
PRIORITY_RANK = {Priority.PRIMARY: 0, Priority.SECONDARY: 1, Priority.CONTEXT: 2, "": 3}


@dataclass
class MapFilters:
    """What the map shows. Unset means everything."""

    kinds: set[str] = field(default_factory=lambda: set(ActorKind.values))
    relationship_kinds: set[str] = field(default_factory=lambda: set(RelationshipKind.values))
    priorities: set[str] = field(default_factory=lambda: set(Priority.values))
    derived: bool = True

    @property
    def is_default(self) -> bool:
        return self == MapFilters()


@dataclass
class Node:
    id: str
    kind: str
    name: str
    detail: str
    priority: str  # a Priority, or "" for an actor the campaign has not assessed
    stance: int | None
    influence: int | None
    url: str
    actor: Any = None
    assessment: Assessment | None = None
    powers: list[str] = field(default_factory=list)
    changes: list[StanceChange] = field(default_factory=list)
    contact_count: int | None = None
    public_contact: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0

    @property
    def kind_label(self) -> str:
        return str(ActorKind(self.kind).label)

    @property
    def priority_label(self) -> str:
        if self.priority:
            return str(Priority(self.priority).label)
        if self.kind == ActorKind.ORGANIZATION:
            return str(_("Ally or other organization"))
        return str(_("Not assessed"))

    @property
    def stance_label(self) -> str:
        if self.kind == ActorKind.FACILITY:
            return ""
        return stance_label(self.stance)

    @property
    def influence_label(self) -> str:
        if self.kind == ActorKind.FACILITY:
            return ""
        return dict(INFLUENCE_CHOICES).get(self.influence, _("Not assessed"))

    @property
    def filter_priority(self) -> str:
        return self.priority or Priority.CONTEXT

    @property
    def last_change(self) -> StanceChange | None:
        return self.changes[0] if self.changes else None


@dataclass
class Edge:
    id: str
    source: str
    target: str
    kind: str
    derived: bool
    basis: str
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    source_url: str = ""
    relationship: Relationship | None = None

    @property
    def kind_label(self) -> str:
        return str(RelationshipKind(self.kind).label)


@dataclass
class Lane:
    value: int | None
    label: str
    start: float
    end: float
    color: str = ""

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class PowerMap:
    campaign: Campaign
    nodes: list[Node]
    edges: list[Edge]
    filters: MapFilters
    made_at: datetime.datetime
    columns: list[Lane] = field(default_factory=list)
    rows: list[Lane] = field(default_factory=list)
    width: float = 0
    height: float = 0
    hidden_nodes: int = 0

    def node(self, node_id: str) -> Node | None:
        return self._index.get(node_id)

    def __post_init__(self) -> None:
        self._index = {n.id: n for n in self.nodes}

    @property
    def actors(self) -> list[Node]:
        return [n for n in self.nodes if n.kind != ActorKind.FACILITY]

    @property
    def edge_rows(self) -> list[tuple[Edge, Node, Node]]:
        return [(e, self._index[e.source], self._index[e.target]) for e in self.edges]

    def ties(self, node: Node) -> list[tuple[str, Edge, Node]]:
        """("out" or "in", edge, the node at the other end) for every edge of `node`."""
        found = []
        for edge in self.edges:
            if edge.source == node.id and (other := self.node(edge.target)):
                found.append(("out", edge, other))
            elif edge.target == node.id and (other := self.node(edge.source)):
                found.append(("in", edge, other))
        return found

    def tie_text(self, node: Node) -> list[str]:
        return [
            (
                f"{edge.kind_label} → {other.name}"
                if way == "out"
                else f"← {other.name} {edge.kind_label}"
            )
            for way, edge, other in self.ties(node)
        ]


@functools.lru_cache(maxsize=64)
def _choice_labels(model: type, field_name: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def display(instance: Any, field_name: str = "kind") -> str:
    """instance.get_<field>_display(), without translating every label of the field each time
    (a map draws hundreds of actors). The labels are constants of the code, kept per language."""
    value = getattr(instance, field_name)
    labels = _choice_labels(type(instance), field_name, get_language())
    return labels.get(value, str(value))


def _office_detail(office: Office) -> str:
    return f"{display(office)} · {office.jurisdiction}"


def _official_detail(official: Official) -> str:
    title = official.title or _("Official")
    return f"{title} · {official.office.name}"


def _public_contact(actor: Office | Official) -> list[str]:
    return [v for v in (actor.email, actor.phone, actor.website) if v]


def evidence_summary(change: StanceChange) -> str:
    """What showed a change, in a line."""
    kind = display(change, "evidence_kind") if change.evidence_kind else ""
    parts = [p for p in (change.evidence_label, change.evidence_text, change.evidence_url) if p]
    if not change.evidence_kind:
        return "; ".join(parts) or str(_("first assessment"))
    return f"{kind}: {'; '.join(parts)}" if parts else kind


def change_summary(change: StanceChange) -> str:
    """ "Neutral or unknown → Passive support; influence 3 → 4", as a person reads it."""
    parts = []
    if change.is_first:
        parts.append(
            _("first read: %(stance)s, influence %(influence)s")
            % {
                "stance": change.stance_after_display,
                "influence": change.influence_after or "—",
            }
        )
        return "; ".join(parts)
    if change.stance_before != change.stance_after:
        parts.append(f"{change.stance_before_display} → {change.stance_after_display}")
    if change.influence_before != change.influence_after:
        parts.append(
            _("influence %(before)s → %(after)s")
            % {"before": change.influence_before or "—", "after": change.influence_after or "—"}
        )
    return "; ".join(parts) or str(_("no change"))


def evidence_url(change: StanceChange, campaign: Campaign) -> str:
    """Where the evidence can be read: the meeting's page, the statement's, or the link given."""
    if change.evidence_kind == EvidenceKind.MEETING and change.meeting_id:
        return reverse(
            "coalition:meeting_detail",
            kwargs={"campaign_slug": campaign.slug, "pk": change.meeting_id},
        )
    if change.evidence_kind == EvidenceKind.STATEMENT and change.statement_id:
        return reverse("targets:statement_detail", kwargs={"statement_id": change.statement_id})
    return change.evidence_url


def assessments_with_history(campaign: Campaign):
    """The campaign's assessments on the map, with their actors and history in three queries."""
    return (
        Assessment.objects.for_campaign(campaign)
        .on_map()
        .with_actors()
        .prefetch_related(
            Prefetch(
                "changes",
                queryset=StanceChange.objects.for_campaign(campaign).select_related("recorded_by"),
            )
        )
    )


def _assessment_url(campaign: Campaign, assessment: Assessment) -> str:
    return reverse(
        "targets:assessment_detail", kwargs={"campaign_slug": campaign.slug, "pk": assessment.pk}
    )


def build_power_map(campaign: Campaign, filters: MapFilters | None = None) -> PowerMap:
    filters = filters or MapFilters()
    assessments = list(assessments_with_history(campaign))
    relationships = list(
        Relationship.objects.for_campaign(campaign).select_related(
            "from_office__jurisdiction__state",
            "from_official__office",
            "from_organization",
            "to_office__jurisdiction__state",
            "to_official__office",
            "to_organization",
            "to_facility",
        )
    )
    nodes: dict[str, Node] = {}

    org_ids = {a.organization_id for a in assessments if a.organization_id}
    org_ids |= {r.from_organization_id for r in relationships if r.from_organization_id} | {
        r.to_organization_id for r in relationships if r.to_organization_id
    }
    organizations = {
        o.pk: o
        for o in Organization.objects.for_campaign(campaign)
        .filter(Q(stance__isnull=False) | Q(influence__isnull=False) | Q(pk__in=org_ids))
        .annotate(contact_count=Count("affiliations", distinct=True))
    }

    for assessment in assessments:
        assessment.campaign = campaign  # spares a query per row in get_absolute_url
        url = _assessment_url(campaign, assessment)
        if assessment.office_id:
            office = assessment.office
            node = Node(
                assessment.node_id,
                ActorKind.OFFICE,
                office.name,
                _office_detail(office),
                assessment.priority,
                assessment.stance,
                assessment.influence,
                url,
                actor=office,
                public_contact=_public_contact(office),
            )
        elif assessment.official_id:
            official = assessment.official
            node = Node(
                assessment.node_id,
                ActorKind.OFFICIAL,
                official.name,
                _official_detail(official),
                assessment.priority,
                assessment.stance,
                assessment.influence,
                url,
                actor=official,
                public_contact=_public_contact(official),
            )
        else:
            organization = organizations.get(assessment.organization_id, assessment.organization)
            node = Node(
                assessment.node_id,
                ActorKind.ORGANIZATION,
                organization.name,
                display(organization),
                assessment.priority,
                organization.stance,
                organization.influence,
                url,
                actor=organization,
                contact_count=getattr(organization, "contact_count", None),
            )
        node.assessment = assessment
        node.changes = list(assessment.changes.all())
        nodes[node.id] = node

    for organization in organizations.values():
        node_id = f"{ActorKind.ORGANIZATION}-{organization.pk}"
        if node_id in nodes:
            continue
        organization.campaign = campaign
        nodes[node_id] = Node(
            node_id,
            ActorKind.ORGANIZATION,
            organization.name,
            display(organization),
            "",
            organization.stance,
            organization.influence,
            organization.get_absolute_url(),
            actor=organization,
            contact_count=organization.contact_count,
        )

    # Offices, officials and facilities a typed relationship names but the map does not hold.
    for relationship in relationships:
        for actor in (relationship.source_actor, relationship.target_actor):
            _ensure_node(nodes, actor, organizations)

    office_nodes = {n.actor.pk: n for n in nodes.values() if n.kind == ActorKind.OFFICE}
    official_nodes = {n.actor.pk: n for n in nodes.values() if n.kind == ActorKind.OFFICIAL}
    power_offices = set(office_nodes) | {n.actor.office_id for n in official_nodes.values()}
    powers = list(
        Power.objects.filter(office_id__in=power_offices)
        .select_related("appointed_office")
        .order_by("office_id", "kind", "pk")
    )
    facilities = list(
        Facility.objects.filter(controlling_office_id__in=set(office_nodes)).order_by("name")
    )
    for facility in facilities:
        _ensure_node(nodes, facility, organizations)

    powers_by_office: dict[int, list[Power]] = defaultdict(list)
    for power in powers:
        powers_by_office[power.office_id].append(power)
    for node in nodes.values():
        if node.kind == ActorKind.OFFICE:
            node.powers = [_power_text(p) for p in powers_by_office[node.actor.pk]]
        elif node.kind == ActorKind.OFFICIAL:
            node.powers = [_power_text(p) for p in powers_by_office[node.actor.office_id]]

    edges = _typed_edges(relationships)
    typed = {(e.kind, e.source, e.target) for e in edges}
    edges += [
        e
        for e in derived_edges(nodes, powers, facilities)
        if (e.kind, e.source, e.target) not in typed
    ]

    visible = {
        node_id: node
        for node_id, node in nodes.items()
        if node.kind in filters.kinds and node.filter_priority in filters.priorities
    }
    shown_edges = [
        e
        for e in edges
        if e.source in visible
        and e.target in visible
        and e.kind in filters.relationship_kinds
        and (filters.derived or not e.derived)
    ]
    ordered = sorted(
        visible.values(),
        key=lambda n: (PRIORITY_RANK[n.priority], -(n.influence or 0), n.name.casefold()),
    )
    power_map = PowerMap(
        campaign=campaign,
        nodes=ordered,
        edges=shown_edges,
        filters=filters,
        made_at=timezone.now(),
        hidden_nodes=len(nodes) - len(visible),
    )
    _place(power_map, facilities)
    return power_map


def _ensure_node(nodes: dict[str, Node], actor: Any, organizations: dict[int, Any]) -> None:
    if isinstance(actor, Office):
        node_id = f"{ActorKind.OFFICE}-{actor.pk}"
        if node_id not in nodes:
            nodes[node_id] = Node(
                node_id,
                ActorKind.OFFICE,
                actor.name,
                _office_detail(actor),
                "",
                None,
                None,
                actor.get_absolute_url(),
                actor=actor,
                public_contact=_public_contact(actor),
            )
    elif isinstance(actor, Official):
        node_id = f"{ActorKind.OFFICIAL}-{actor.pk}"
        if node_id not in nodes:
            nodes[node_id] = Node(
                node_id,
                ActorKind.OFFICIAL,
                actor.name,
                _official_detail(actor),
                "",
                None,
                None,
                actor.get_absolute_url(),
                actor=actor,
                public_contact=_public_contact(actor),
            )
    elif isinstance(actor, Facility):
        node_id = f"{ActorKind.FACILITY}-{actor.pk}"
        if node_id not in nodes:
            nodes[node_id] = Node(
                node_id,
                ActorKind.FACILITY,
                actor.name,
                display(actor),
                "",
                None,
                None,
                actor.get_absolute_url(),
                actor=actor,
            )
    # Organizations named by a relationship were read with the campaign's organizations.


def _power_text(power: Power) -> str:
    if power.kind == Power.Kind.APPOINTS and power.appointed_office_id:
        return _("Appoints %(office)s") % {"office": power.appointed_office.name}
    return display(power)


def _typed_edges(relationships: list[Relationship]) -> list[Edge]:
    return [
        Edge(
            id=f"rel-{r.pk}",
            source=r.source_node,
            target=r.target_node,
            kind=r.kind,
            derived=False,
            basis=r.source_note or str(_("recorded by the campaign")),
            started_on=r.started_on,
            ended_on=r.ended_on,
            source_url=r.source_url,
            relationship=r,
        )
        for r in relationships
    ]


def derived_edges(
    nodes: dict[str, Node], powers: list[Power], facilities: list[Facility]
) -> list[Edge]:
    """The ties the reference data already holds, between actors on the map: who appoints
    whom, who sets a law-enforcement agency's budget (an office with that power in the same
    jurisdiction), who controls which facility, and who holds which office."""
    edges: list[Edge] = []
    offices = {n.actor.pk: n for n in nodes.values() if n.kind == ActorKind.OFFICE}
    budget_powers = {
        p.office_id: p
        for p in powers
        if p.kind == Power.Kind.SETS_BUDGET and p.office_id in offices
    }
    for power in powers:
        if (
            power.kind == Power.Kind.APPOINTS
            and power.office_id in offices
            and power.appointed_office_id in offices
        ):
            edges.append(
                Edge(
                    id=f"power-{power.pk}",
                    source=offices[power.office_id].id,
                    target=offices[power.appointed_office_id].id,
                    kind=RelationshipKind.APPOINTS,
                    derived=True,
                    basis=str(_("reference data: the office's powers")),
                    source_url=power.source_url,
                )
            )
    for office_id, power in budget_powers.items():
        payer = offices[office_id].actor
        for other_id, other in offices.items():
            agency = other.actor
            if (
                other_id != office_id
                and other_id not in budget_powers
                and agency.jurisdiction_id == payer.jurisdiction_id
                and agency.kind in Office.LAW_ENFORCEMENT_KINDS
            ):
                edges.append(
                    Edge(
                        id=f"budget-{power.pk}-{other_id}",
                        source=offices[office_id].id,
                        target=other.id,
                        kind=RelationshipKind.SETS_BUDGET,
                        derived=True,
                        basis=str(_("reference data: the office's powers")),
                        source_url=power.source_url,
                    )
                )
    for facility in facilities:
        controller = offices.get(facility.controlling_office_id)
        if controller is not None:
            edges.append(
                Edge(
                    id=f"controls-{facility.pk}",
                    source=controller.id,
                    target=f"{ActorKind.FACILITY}-{facility.pk}",
                    kind=RelationshipKind.CONTROLS_FACILITY,
                    derived=True,
                    basis=str(_("reference data: who controls the facility")),
                    source_url=facility.source_url,
                )
            )
    for node in nodes.values():
        if node.kind != ActorKind.OFFICIAL:
            continue
        office = offices.get(node.actor.office_id)
        if office is not None:
            kind = (
                RelationshipKind.MEMBER_OF
                if office.actor.is_body
                else RelationshipKind.HOLDS_OFFICE
            )
            edges.append(
                Edge(
                    id=f"holds-{node.actor.pk}",
                    source=node.id,
                    target=office.id,
                    kind=kind,
                    derived=True,
                    basis=str(_("reference data: the office's officials")),
                    started_on=node.actor.started_on,
                    ended_on=node.actor.ended_on,
                    source_url=node.actor.source_url,
                )
            )
    return edges


def _place(power_map: PowerMap, facilities: list[Facility]) -> None:
    """Give each node its place: stance left to right, influence bottom to top, several in a
    cell set out on a small grid. A facility sits under the office that controls it."""
    column_of: dict[str, int] = {}
    for node in power_map.nodes:
        if node.kind != ActorKind.FACILITY:
            column_of[node.id] = STANCES.index(node.stance if node.stance is not None else 0)
    controller = {
        f"{ActorKind.FACILITY}-{f.pk}": f"{ActorKind.OFFICE}-{f.controlling_office_id}"
        for f in facilities
    }
    for node in power_map.nodes:
        if node.kind == ActorKind.FACILITY:
            column_of[node.id] = column_of.get(controller.get(node.id, ""), STANCES.index(0))
    cells: dict[tuple[int, int], list[Node]] = defaultdict(list)
    for node in power_map.nodes:
        influence = node.influence if node.influence in (1, 2, 3, 4, 5) else None
        cells[(column_of[node.id], INFLUENCES.index(influence))].append(node)

    shape: dict[tuple[int, int], tuple[int, int]] = {}
    for key, members in cells.items():
        across = math.ceil(math.sqrt(len(members)))
        shape[key] = (across, math.ceil(len(members) / across))
    widths = [
        max(MIN_COL_W, max((shape[k][0] for k in shape if k[0] == c), default=1) * SLOT_W)
        for c in range(len(STANCES))
    ]
    heights = [
        max(MIN_ROW_H, max((shape[k][1] for k in shape if k[1] == r), default=1) * SLOT_H)
        for r in range(len(INFLUENCES))
    ]
    x = LEFT
    for value, width in zip(STANCES, widths, strict=True):
        power_map.columns.append(
            Lane(value, stance_label(value), x, x + width, STANCE_COLORS[value])
        )
        x += width
    y = TOP
    for value, height in zip(INFLUENCES, heights, strict=True):
        label = (
            dict(INFLUENCE_CHOICES)[value]
            if value is not None
            else _("Influence not assessed; facilities")
        )
        power_map.rows.append(Lane(value, str(label), y, y + height))
        y += height
    power_map.width, power_map.height = x + RIGHT, y + BOTTOM

    for (column, row), members in cells.items():
        across, down = shape[(column, row)]
        lane_x, lane_y = power_map.columns[column], power_map.rows[row]
        step_x = (lane_x.end - lane_x.start) / across
        step_y = (lane_y.end - lane_y.start) / down
        for i, node in enumerate(members):
            node.x = round(lane_x.start + (i % across + 0.5) * step_x, 1)
            node.y = round(lane_y.start + (i // across + 0.5) * step_y, 1)


def short_label(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def graph_data(power_map: PowerMap, *, history_limit: int = 5) -> dict[str, Any]:
    """What the browser draws (passed through json_script): nodes with their card, edges, the
    lanes of the grid, the colours, and the words the script shows."""
    campaign = power_map.campaign
    nodes = []
    for node in power_map.nodes:
        nodes.append(
            {
                "id": node.id,
                "kind": node.kind,
                "priority": node.filter_priority,
                "label": short_label(node.name),
                "x": node.x,
                "y": node.y,
                "card": {
                    "name": node.name,
                    "detail": node.detail,
                    "kind": node.kind_label,
                    "priority": node.priority_label,
                    "stance": node.stance_label,
                    "influence": node.influence_label,
                    "url": node.url,
                    "powers": node.powers,
                    "ties": power_map.tie_text(node),
                    "contacts": node.contact_count,
                    "history": [
                        {
                            "date": change.happened_on.isoformat(),
                            "change": change_summary(change),
                            "evidence": evidence_summary(change),
                            "url": evidence_url(change, campaign),
                        }
                        for change in node.changes[:history_limit]
                    ],
                },
            }
        )
    edges = [
        {
            "id": edge.id,
            "source": edge.source,
            "target": edge.target,
            "kind": edge.kind,
            "label": edge.kind_label,
            "derived": edge.derived,
        }
        for edge in power_map.edges
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "columns": [
            {"label": c.label, "start": c.start, "end": c.end, "color": c.color}
            for c in power_map.columns
        ],
        "rows": [{"label": r.label, "start": r.start, "end": r.end} for r in power_map.rows],
        "size": {"width": power_map.width, "height": power_map.height, "top": TOP, "left": LEFT},
        "style": {
            "kinds": {k.value: dict(v) for k, v in KIND_STYLE.items()},
            "priorities": {k.value: dict(v) for k, v in PRIORITY_STYLE.items()},
            "relationships": {k.value: v for k, v in RELATIONSHIP_COLORS.items()},
        },
        "words": {
            "kind": str(_("Kind")),
            "priority": str(_("Priority")),
            "stance": str(_("Stance")),
            "influence": str(_("Influence")),
            "powers": str(_("Powers")),
            "ties": str(_("Ties")),
            "history": str(_("History")),
            "contacts": str(_("Contacts in the coalition")),
            "open": str(_("Open the full card")),
            "close": str(_("Close")),
            "none": str(_("None recorded.")),
        },
    }
