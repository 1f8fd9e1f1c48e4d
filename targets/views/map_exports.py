"""Exports of the power map for leads and coordinators, and with the coalition's contacts
(personal data) for leads, with a stated purpose. Every export is audited."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.access import campaign_view
from coalition.permissions import Action
from core.pdf import PdfUnavailable
from targets.power_map import exports
from targets.power_map.forms import ContactsExportForm, MapFilterForm
from targets.power_map.graph import PowerMap, build_power_map
from targets.power_map.render import map_svg
from targets.power_map.services import record_export

FORMATS = {
    "svg": ("image/svg+xml", "svg"),
    "pdf": ("application/pdf", "pdf"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "graphml": ("application/graphml+xml", "graphml"),
}
# An image is opened in the browser tab; data files are downloaded.
INLINE = {"svg"}


def _filename(power_map: PowerMap, extension: str, suffix: str = "") -> str:
    stamp = timezone.localdate(power_map.made_at).isoformat()
    return f"power-map-{power_map.campaign.slug}{suffix}-{stamp}.{extension}"


def _respond(content: bytes, fmt: str, filename: str) -> HttpResponse:
    content_type, _ext = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt in INLINE else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@campaign_view(Action.EDIT)
def map_export(request: HttpRequest) -> HttpResponse:
    filter_form = MapFilterForm(request.GET or None)
    return render(
        request,
        "targets/power_map/export.html",
        {
            "formats": [
                ("svg", _("Picture to print (SVG)"), _("Opens in the browser; prints sharp.")),
                ("pdf", _("Printable page (PDF)"), _("Landscape, with the legend and the date.")),
                ("xlsx", _("Spreadsheet (XLSX)"), _("Actors, history and ties on three sheets.")),
                ("csv", _("Spreadsheet (CSV)"), _("One row per actor.")),
                ("graphml", _("Graph (GraphML)"), _("For Gephi, yEd, Cytoscape desktop…")),
                ("json", _("Graph data (JSON)"), _("Nodes and links, for other tools.")),
            ],
            "query": request.GET.urlencode() if filter_form.is_bound else "",
            "filtered": filter_form.is_bound,
        },
    )


@campaign_view(Action.EDIT)
def map_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    filter_form = MapFilterForm(request.GET or None)
    power_map = build_power_map(request.campaign, filter_form.filters())
    extension = FORMATS[fmt][1]
    if fmt in ("svg", "pdf"):
        svg = map_svg(power_map)
        try:
            content = svg if fmt == "svg" else exports.to_pdf(power_map, svg, request)
        except PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDFs (the Pango library is missing). Download the SVG "
                    "and print it, or print the map page."
                ),
            )
            return redirect("targets:map_export", campaign_slug=request.campaign.slug)
    elif fmt == "csv":
        content = exports.to_csv(*exports.spreadsheet_rows(power_map))
    elif fmt == "xlsx":
        content = exports.to_xlsx(_sheets(power_map))
    elif fmt == "json":
        content = exports.to_json(power_map)
    else:
        content = exports.to_graphml(power_map)
    record_export(
        campaign=request.campaign,
        fmt=fmt,
        objects=[n.assessment for n in power_map.nodes if n.assessment is not None],
        request=request,
        nodes=len(power_map.nodes),
        ties=len(power_map.edges),
        filtered=not power_map.filters.is_default,
    )
    return _respond(content, fmt, _filename(power_map, extension))


def _sheets(power_map: PowerMap, contacts: dict | None = None) -> list:
    header, rows = exports.spreadsheet_rows(power_map, contacts=contacts)
    return [
        (_("Actors"), header, rows),
        (_("History"), *exports.history_rows(power_map)),
        (_("Ties"), *exports.tie_rows(power_map)),
    ]


@campaign_view(Action.EXPORT_PERSONAL_DATA)
def map_export_contacts(request: HttpRequest) -> HttpResponse:
    """The spreadsheet with the people of each organization on the map: personal data, so
    leads only, with a purpose, and the audit trail names every person included."""
    form = ContactsExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        power_map = build_power_map(request.campaign)
        lines, contacts = exports.organization_contacts(power_map)
        fmt = form.cleaned_data["format"]
        if fmt == "csv":
            content = exports.to_csv(*exports.spreadsheet_rows(power_map, contacts=lines))
        else:
            content = exports.to_xlsx(_sheets(power_map, lines))
        record_export(
            campaign=request.campaign,
            fmt=fmt,
            objects=[
                *(n.assessment for n in power_map.nodes if n.assessment is not None),
                *contacts,
            ],
            request=request,
            purpose=form.cleaned_data["purpose"],
            personal_data=True,
            nodes=len(power_map.nodes),
            contacts=len(contacts),
        )
        return _respond(content, fmt, _filename(power_map, fmt, "-with-contacts"))
    return render(
        request,
        "targets/power_map/export_contacts.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
