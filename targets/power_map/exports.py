"""The power map's exports: a spreadsheet of the actors (CSV, XLSX), graph data another tool can
open (JSON node-link, GraphML), and a print-ready PDF of the map.

Spreadsheet programs run a cell that starts like a formula, so every cell that starts with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, and XLSX cells are written
as text, never as formulas or numbers.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Contact
from core.pdf import html_to_pdf
from targets.models import ActorKind
from targets.power_map.graph import Node, PowerMap, change_summary, evidence_summary

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def neutralize(value: object) -> str:
    """A cell's text, made inert if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def organization_contacts(power_map: PowerMap) -> tuple[dict[int, list[str]], list[Contact]]:
    """The people of each organization on the map, as lines for a spreadsheet. People who asked
    not to be contacted are left out, and so is every channel someone opted out of."""
    org_ids = [n.actor.pk for n in power_map.nodes if n.kind == ActorKind.ORGANIZATION]
    contacts = list(
        Contact.objects.for_campaign(power_map.campaign)
        .filter(affiliations__organization_id__in=org_ids, do_not_contact_at__isnull=True)
        .distinct()
        .prefetch_related("affiliations")
        .order_by("created_at", "pk")
    )
    lines: dict[int, list[str]] = {}
    for contact in contacts:
        channels = [
            value
            for value, allowed in (
                (contact.email, contact.may_email),
                (contact.phone, contact.may_call or contact.may_text),
            )
            if value and allowed
        ]
        for affiliation in contact.affiliations.all():
            if affiliation.organization_id not in org_ids:
                continue
            who = f"{contact.name} ({affiliation.role})" if affiliation.role else contact.name
            lines.setdefault(affiliation.organization_id, []).append(" · ".join([who, *channels]))
    return lines, contacts


def spreadsheet_rows(
    power_map: PowerMap,
    *,
    contacts: dict[int, list[str]] | None = None,
    include_notes: bool = True,
) -> tuple[list[str], list[list[str]]]:
    """The header and one row per actor on the map (facilities appear in the powers)."""
    header = [
        _("Name"),
        _("Kind"),
        _("Details"),
        _("Priority"),
        _("Stance"),
        _("Influence (1-5)"),
        _("Powers"),
        _("Ties"),
        _("History"),
        _("Last change"),
        _("Public contact"),
    ]
    if include_notes:
        header.append(_("Notes"))
    if contacts is not None:
        header.append(_("Contacts in the coalition"))
    rows = []
    for node in power_map.actors:
        row = [
            node.name,
            node.kind_label,
            node.detail,
            node.priority_label,
            node.stance_label,
            "" if node.influence is None else str(node.influence),
            "; ".join(node.powers),
            "; ".join(power_map.tie_text(node)),
            "\n".join(_history_line(change) for change in node.changes),
            node.changes[0].happened_on.isoformat() if node.changes else "",
            "; ".join(node.public_contact),
        ]
        if include_notes:
            row.append(node.assessment.notes if node.assessment else "")
        if contacts is not None:
            lines = contacts.get(node.actor.pk, []) if node.kind == ActorKind.ORGANIZATION else []
            row.append("\n".join(lines))
        rows.append([neutralize(cell) for cell in row])
    return [neutralize(h) for h in header], rows


def _history_line(change) -> str:
    return (
        f"{change.happened_on.isoformat()}: {change_summary(change)} ({evidence_summary(change)})"
    )


def history_rows(power_map: PowerMap) -> tuple[list[str], list[list[str]]]:
    header = [_("Date"), _("Name"), _("Change"), _("Evidence"), _("Recorded by")]
    rows = []
    for node in power_map.actors:
        for change in node.changes:
            rows.append(
                [
                    neutralize(v)
                    for v in (
                        change.happened_on.isoformat(),
                        node.name,
                        change_summary(change),
                        evidence_summary(change),
                        change.recorded_by or "",
                    )
                ]
            )
    rows.sort(key=lambda r: r[0], reverse=True)
    return [neutralize(h) for h in header], rows


def tie_rows(power_map: PowerMap) -> tuple[list[str], list[list[str]]]:
    header = [
        _("From"),
        _("Relationship"),
        _("To"),
        _("Since"),
        _("Until"),
        _("Basis"),
        _("Source"),
    ]
    rows = [
        [
            neutralize(v)
            for v in (
                power_map.node(edge.source).name,
                edge.kind_label,
                power_map.node(edge.target).name,
                edge.started_on.isoformat() if edge.started_on else "",
                edge.ended_on.isoformat() if edge.ended_on else "",
                edge.basis,
                edge.source_url,
            )
        ]
        for edge in power_map.edges
    ]
    return [neutralize(h) for h in header], rows


def to_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    # The byte-order mark lets spreadsheet programs read accents (names in Spanish) right.
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]]) -> bytes:
    """A workbook with one sheet per (title, header, rows); every cell is text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for r, values in enumerate([header, *rows], start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                cell.number_format = "@"
                if value:
                    cell.value = value
                    cell.data_type = "s"  # text, even where openpyxl would guess a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r == 1:
                    cell.font = Font(bold=True)
        for c in range(1, len(header) + 1):
            letter = sheet.cell(row=1, column=c).column_letter
            sheet.column_dimensions[letter].width = 28
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _node_attributes(node: Node) -> dict[str, Any]:
    return {
        "label": node.name,
        "kind": node.kind,
        "detail": node.detail,
        "priority": node.priority,
        "stance": node.stance,
        "stance_label": node.stance_label,
        "influence": node.influence,
        "x": node.x,
        "y": node.y,
    }


def to_json(power_map: PowerMap) -> bytes:
    """Node-link data, the shape networkx's node_link_graph and D3 read."""
    data = {
        "directed": True,
        "multigraph": True,
        "graph": {
            "name": power_map.campaign.name,
            "made_at": power_map.made_at.isoformat(),
        },
        "nodes": [{"id": n.id, **_node_attributes(n)} for n in power_map.nodes],
        "links": [
            {
                "key": e.id,
                "source": e.source,
                "target": e.target,
                "kind": e.kind,
                "label": e.kind_label,
                "derived": e.derived,
                "basis": e.basis,
                "since": e.started_on,
                "until": e.ended_on,
                "source_url": e.source_url,
            }
            for e in power_map.edges
        ],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


NODE_KEYS = [
    ("label", "string"),
    ("kind", "string"),
    ("detail", "string"),
    ("priority", "string"),
    ("stance", "int"),
    ("stance_label", "string"),
    ("influence", "int"),
    ("x", "double"),
    ("y", "double"),
]
EDGE_KEYS = [
    ("kind", "string"),
    ("label", "string"),
    ("derived", "boolean"),
    ("basis", "string"),
    ("since", "string"),
    ("until", "string"),
    ("source_url", "string"),
]


def to_graphml(power_map: PowerMap) -> bytes:
    """GraphML (http://graphml.graphdrawing.org/), directed, with typed attributes."""
    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd",
        },
    )
    for name, kind in NODE_KEYS:
        ET.SubElement(
            root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind}
        )
    for name, kind in EDGE_KEYS:
        ET.SubElement(
            root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, "graph", {"id": "power-map", "edgedefault": "directed"})
    for node in power_map.nodes:
        element = ET.SubElement(graph, "node", {"id": node.id})
        for name, value in _node_attributes(node).items():
            if value is None or value == "":
                continue
            ET.SubElement(element, "data", {"key": f"n_{name}"}).text = str(value)
    for edge in power_map.edges:
        element = ET.SubElement(
            graph, "edge", {"id": edge.id, "source": edge.source, "target": edge.target}
        )
        values = {
            "kind": edge.kind,
            "label": edge.kind_label,
            "derived": "true" if edge.derived else "false",
            "basis": edge.basis,
            "since": edge.started_on.isoformat() if edge.started_on else "",
            "until": edge.ended_on.isoformat() if edge.ended_on else "",
            "source_url": edge.source_url,
        }
        for name, value in values.items():
            if value:
                ET.SubElement(element, "data", {"key": f"e_{name}"}).text = str(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_pdf(power_map: PowerMap, svg: bytes, request: HttpRequest) -> bytes:
    """The SVG on a landscape page with the campaign's name and the date, for printing.
    Raises core.pdf.PdfUnavailable where WeasyPrint cannot run."""
    html = render_to_string(
        "targets/power_map/print.html",
        {
            "power_map": power_map,
            "svg": svg.decode().split("?>", 1)[-1],
            "made_on": timezone.localdate(power_map.made_at),
        },
        request=request,
    )
    return html_to_pdf(
        html, stylesheet="targets/power_map_print.css", base_url=request.build_absolute_uri("/")
    )
