"""Pictures drawn on the server, without a browser: the power map as a print-ready SVG with its
legend and date, and the movement of stances over the campaign.

Built with xml.etree, so every name is escaped and the result is well-formed XML. Colours are
presentation attributes, never style attributes (the pages that embed them forbid inline style).
"""

import datetime
import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from targets.models import ActorKind, Assessment, Priority, RelationshipKind, Stance, StanceChange
from targets.models.power_map import stance_label
from targets.power_map.graph import (
    KIND_STYLE,
    PRIORITY_STYLE,
    RELATIONSHIP_COLORS,
    STANCE_COLORS,
    TOP,
    PowerMap,
    short_label,
)

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK, MUTED, RULE = "#202124", "#5f6368", "#c4c7c5"
HEADER = 78
NODE = 18  # half the size of a node


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, x: float, y: float, text: str, size: int = 12, **attrs: object):
    attrs.setdefault("fill", INK)
    return _el(parent, "text", text, x=x, y=y, font_size=size, font_family=FONT, **attrs)


def _wrap(text: str, width: int = 22, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = [*out[: lines - 1], short_label(" ".join(out[lines - 1 :]), width)]
    return out


def _shape(parent: ET.Element, kind: str, x: float, y: float, priority: str, size: float = NODE):
    fill = KIND_STYLE[kind]["color"]
    ring = PRIORITY_STYLE.get(priority or Priority.CONTEXT, PRIORITY_STYLE[Priority.CONTEXT])
    attrs = {"fill": fill, "stroke": ring["color"], "stroke_width": ring["width"]}
    if ring["style"] == "dashed":
        attrs["stroke_dasharray"] = "6 3"
    if kind == ActorKind.OFFICIAL:
        return _el(parent, "circle", cx=x, cy=y, r=size, **attrs)
    if kind == ActorKind.ORGANIZATION:
        points = " ".join(
            f"{x + size * 1.1 * math.cos(math.pi / 3 * i):.1f},"
            f"{y + size * 1.1 * math.sin(math.pi / 3 * i):.1f}"
            for i in range(6)
        )
        return _el(parent, "polygon", points=points, **attrs)
    if kind == ActorKind.FACILITY:
        side = size * 1.6
        return _el(parent, "rect", x=x - side / 2, y=y - side / 2, width=side, height=side, **attrs)
    return _el(
        parent,
        "rect",
        x=x - size * 1.25,
        y=y - size * 0.85,
        width=size * 2.5,
        height=size * 1.7,
        rx=6,
        **attrs,
    )


def _markers(svg: ET.Element) -> None:
    defs = _el(svg, "defs")
    for kind, color in RELATIONSHIP_COLORS.items():
        marker = _el(
            defs,
            "marker",
            id=f"arrow-{kind.value}",
            viewBox="0 0 10 10",
            refX=10,
            refY=5,
            markerWidth=7,
            markerHeight=7,
            orient="auto-start-reverse",
        )
        _el(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=color)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def map_svg(power_map: PowerMap) -> bytes:
    """The map as a standalone SVG document: title, date, lanes, ties, actors, legend."""
    legend_height = 80 + 22 * max(
        len(ActorKind), len(Priority) + 1, math.ceil(len(RelationshipKind) / 2)
    )
    width = max(power_map.width, 960)
    height = HEADER + power_map.height + legend_height
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": f"{width:.0f}",
            "height": f"{height:.0f}",
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "version": "1.1",
        },
    )
    title = _("Power map: %(campaign)s") % {"campaign": power_map.campaign.name}
    _el(svg, "title", title)
    made_on = timezone.localdate(power_map.made_at)
    _el(
        svg,
        "desc",
        _("Targets and allies by stance and influence, %(date)s") % {"date": made_on.isoformat()},
    )
    _markers(svg)
    _el(svg, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
    _text(svg, 24, 32, title, size=20, font_weight="bold")
    subtitle = _(
        "Stance on the demands (left to right) and influence over the decision "
        "(top to bottom). As of %(date)s."
    ) % {"date": _date(made_on)}
    _text(svg, 24, 54, subtitle, size=12, fill_opacity=0.8, id="map-date")
    if not power_map.filters.is_default:
        _text(svg, 24, 70, _("Filtered view: some actors or ties are left out."), size=11)

    plot = _el(svg, "g", id="map", transform=f"translate(0 {HEADER})")
    bottom = power_map.rows[-1].end if power_map.rows else TOP
    for lane in power_map.columns:
        _el(
            plot,
            "rect",
            x=lane.start,
            y=TOP,
            width=lane.end - lane.start,
            height=bottom - TOP,
            fill=lane.color,
        )
        for i, line in enumerate(_wrap(lane.label, 24)):
            _text(
                plot,
                lane.middle,
                TOP - 26 + 14 * i,
                line,
                size=12,
                text_anchor="middle",
                font_weight="bold",
            )
    right = power_map.columns[-1].end if power_map.columns else power_map.width
    for lane in power_map.rows:
        _el(
            plot,
            "line",
            x1=power_map.columns[0].start,
            y1=lane.end,
            x2=right,
            y2=lane.end,
            stroke=RULE,
            stroke_width=1,
        )
        for i, line in enumerate(_wrap(lane.label, 20, 3)):
            _text(
                plot,
                power_map.columns[0].start - 8,
                lane.middle - 6 + 13 * i,
                line,
                size=11,
                text_anchor="end",
                fill=MUTED,
            )
    _text(plot, 12, TOP - 26, _("Influence"), size=12, font_weight="bold")

    positions = {n.id: (n.x, n.y) for n in power_map.nodes}
    edges = _el(plot, "g", id="ties")
    for edge in power_map.edges:
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        trim = NODE + 6
        ex, ey = x2 - (x2 - x1) * trim / length, y2 - (y2 - y1) * trim / length
        attrs = {
            "stroke": RELATIONSHIP_COLORS[edge.kind],
            "stroke_width": 2,
            "marker_end": f"url(#arrow-{edge.kind})",
            "fill": "none",
        }
        if edge.derived:
            attrs["stroke_dasharray"] = "7 4"
        line = _el(edges, "line", x1=x1, y1=y1, x2=f"{ex:.1f}", y2=f"{ey:.1f}", **attrs)
        _el(
            line,
            "title",
            f"{power_map.node(edge.source).name} {edge.kind_label} "
            f"{power_map.node(edge.target).name}",
        )

    actors = _el(plot, "g", id="actors")
    for node in power_map.nodes:
        group = _el(actors, "g", id=f"node-{node.id}")
        _el(group, "title", f"{node.name} — {node.kind_label}, {node.priority_label}")
        _shape(group, node.kind, node.x, node.y, node.priority)
        for i, line in enumerate(_wrap(node.name)):
            _text(group, node.x, node.y + NODE + 15 + 13 * i, line, size=11, text_anchor="middle")
    if not power_map.nodes:
        _text(
            plot,
            power_map.width / 2,
            TOP + 60,
            _("Nothing on the map yet."),
            size=14,
            text_anchor="middle",
        )

    _legend(svg, 24, HEADER + power_map.height + 10)
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True)


def _legend(svg: ET.Element, x: float, y: float) -> None:
    legend = _el(svg, "g", id="legend", transform=f"translate({x} {y})")
    _text(legend, 0, 14, _("Legend"), size=13, font_weight="bold")
    _text(legend, 0, 36, _("Kind of actor (colour and shape)"), size=11, fill=MUTED)
    for i, kind in enumerate(ActorKind):
        row = 58 + 22 * i
        _shape(legend, kind, 12, row - 4, Priority.CONTEXT, size=8)
        _text(legend, 30, row, str(kind.label), size=12)
    _text(legend, 240, 36, _("Priority (outline)"), size=11, fill=MUTED)
    for i, priority in enumerate(Priority):
        row = 58 + 22 * i
        _shape(legend, ActorKind.OFFICIAL, 252, row - 4, priority, size=8)
        _text(legend, 270, row, str(priority.label), size=12)
    row = 58 + 22 * len(Priority)
    _shape(legend, ActorKind.ORGANIZATION, 252, row - 4, "", size=8)
    _text(legend, 270, row, _("Ally, not a target"), size=12)
    _text(legend, 480, 36, _("Ties (dashed: from the reference data)"), size=11, fill=MUTED)
    half = math.ceil(len(RelationshipKind) / 2)
    for i, kind in enumerate(RelationshipKind):
        col, row = divmod(i, half)
        lx, ly = 480 + 230 * col, 58 + 22 * row
        _el(
            legend,
            "line",
            x1=lx,
            y1=ly - 4,
            x2=lx + 30,
            y2=ly - 4,
            stroke=RELATIONSHIP_COLORS[kind],
            stroke_width=2,
            marker_end=f"url(#arrow-{kind.value})",
        )
        _text(legend, lx + 40, ly, str(kind.label), size=12)


# The movement of stances over the campaign.

ACTOR_COLORS = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
]


@dataclass
class Track:
    assessment: Assessment
    color: str
    points: list[tuple[datetime.date, int]] = field(default_factory=list)


@dataclass
class Movement:
    changes: list[StanceChange]
    tracks: list[Track]
    start: datetime.date
    end: datetime.date

    @property
    def moves(self) -> list[StanceChange]:
        return [c for c in self.changes if not c.is_first]

    @property
    def towards_support(self) -> int:
        return sum(1 for c in self.changes if c.direction > 0)

    @property
    def towards_opposition(self) -> int:
        return sum(1 for c in self.changes if c.direction < 0)


def movement(changes: list[StanceChange], today: datetime.date | None = None) -> Movement:
    """Stance over time for each actor whose stance moved at least once."""
    today = today or timezone.localdate()
    by_actor: dict[int, list[StanceChange]] = defaultdict(list)
    for change in sorted(changes, key=lambda c: (c.happened_on, c.recorded_at, c.pk)):
        by_actor[change.assessment_id].append(change)
    tracks = []
    for history in by_actor.values():
        if not any(c.stance_moved and not c.is_first for c in history):
            continue
        track = Track(history[0].assessment, ACTOR_COLORS[len(tracks) % len(ACTOR_COLORS)])
        for change in history:
            if change.stance_after is not None:
                track.points.append((change.happened_on, change.stance_after))
        tracks.append(track)
    days = [c.happened_on for c in changes] or [today]
    start, end = min(days), max(max(days), today)
    if (end - start).days < 14:
        start = end - datetime.timedelta(days=14)
    return Movement(changes=changes, tracks=tracks, start=start, end=end)


def movement_svg(moved: Movement, *, width: int = 960) -> str:
    """Each actor who moved as a stepped line across the stance lanes, dated."""
    left, right, top, lane = 170, 24, 24, 56
    plot_w = width - left - right
    legend_rows = math.ceil(len(moved.tracks) / 3)
    height = top + lane * len(Stance) + 40 + 22 * legend_rows + 10
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "class": "movement-chart",
        },
    )
    _el(svg, "title", _("How stances moved over the campaign"))
    span = max((moved.end - moved.start).days, 1)

    def x_of(day: datetime.date) -> float:
        return left + plot_w * (day - moved.start).days / span

    stances = sorted(Stance.values, reverse=True)

    def y_of(stance: int) -> float:
        return top + lane * stances.index(stance) + lane / 2

    for i, stance in enumerate(stances):
        _el(
            svg,
            "rect",
            x=left,
            y=top + lane * i,
            width=plot_w,
            height=lane,
            fill=STANCE_COLORS[stance],
        )
        _text(
            svg,
            left - 8,
            top + lane * i + lane / 2 + 4,
            stance_label(stance),
            size=12,
            text_anchor="end",
        )
    bottom = top + lane * len(stances)
    ticks = 6
    for i in range(ticks + 1):
        day = moved.start + datetime.timedelta(days=round(span * i / ticks))
        x = x_of(day)
        _el(svg, "line", x1=x, y1=top, x2=x, y2=bottom, stroke=RULE, stroke_width=1)
        anchor = "start" if i == 0 else "end" if i == ticks else "middle"
        _text(svg, x, bottom + 16, day.isoformat(), size=11, text_anchor=anchor, fill=MUTED)

    for n, track in enumerate(moved.tracks):
        offset = (n % 7 - 3) * 3
        points, last = [], None
        for day, stance in track.points:
            x, y = x_of(day), y_of(stance) + offset
            if last is not None:
                points.append(f"{x:.1f},{last:.1f}")
            points.append(f"{x:.1f},{y:.1f}")
            last = y
        if last is not None:
            points.append(f"{x_of(moved.end):.1f},{last:.1f}")
        group = _el(svg, "g")
        _el(group, "title", str(track.assessment))
        _el(
            group,
            "polyline",
            points=" ".join(points),
            fill="none",
            stroke=track.color,
            stroke_width=3,
        )
        for day, stance in track.points:
            _el(
                group,
                "circle",
                cx=f"{x_of(day):.1f}",
                cy=f"{y_of(stance) + offset:.1f}",
                r=5,
                fill=track.color,
                stroke="#ffffff",
                stroke_width=1.5,
            )
    for n, track in enumerate(moved.tracks):
        col, row = n % 3, n // 3
        lx, ly = left + col * (plot_w / 3), bottom + 40 + 22 * row
        _el(
            svg, "line", x1=lx, y1=ly - 4, x2=lx + 24, y2=ly - 4, stroke=track.color, stroke_width=3
        )
        _text(svg, lx + 30, ly, short_label(str(track.assessment), 38), size=12)
    return ET.tostring(svg, encoding="unicode")
