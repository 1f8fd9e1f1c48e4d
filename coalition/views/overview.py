"""The coalition area's landing page: where the allies stand, at a glance."""

import math
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.access import campaign_view, may
from coalition.models import Contact, FollowUp, Meeting, Organization, Principle
from coalition.permissions import Action

# Geometry of the spectrum chart (SVG user units; the drawing scales to the screen).
BAR_WIDTH, BAR_GAP, BAR_MAX, CHART_TOP, CHART_BOTTOM = 90, 14, 150, 30, 52
# Geometry of the influence-by-stance grid.
CELL, GRID_LEFT, GRID_TOP = 64, 70, 20

SPECTRUM = [
    (Organization.Stance.ACTIVE_OPPOSITION, "against"),
    (Organization.Stance.PASSIVE_OPPOSITION, "leaning-against"),
    (Organization.Stance.NEUTRAL, "neutral"),
    (Organization.Stance.PASSIVE_ALLY, "leaning-ally"),
    (Organization.Stance.ACTIVE_ALLY, "ally"),
]


def spectrum_chart(counts: dict[int | None, int], list_url: str) -> dict[str, Any]:
    """Bars of how many organizations stand where, from active opposition to active ally."""
    columns = [(stance.value, str(stance.label), key) for stance, key in SPECTRUM]
    columns.append((None, str(_("Not assessed")), "unknown"))
    biggest = max([*counts.values(), 1])
    bars = []
    for index, (value, label, key) in enumerate(columns):
        count = counts.get(value, 0)
        height = round(BAR_MAX * count / biggest) if count else 0
        x = BAR_GAP + index * (BAR_WIDTH + BAR_GAP)
        stance_param = "none" if value is None else str(value)
        bars.append(
            {
                "value": value,
                "label": label,
                "key": key,
                "count": count,
                "x": x,
                "center": x + BAR_WIDTH // 2,
                "y": CHART_TOP + BAR_MAX - height,
                "height": height,
                "url": f"{list_url}?stance={stance_param}",
                # Two short lines fit under a bar: "Active" / "opposition".
                "lines": label.split(" ", 1),
            }
        )
    return {
        "bars": bars,
        "bar_width": BAR_WIDTH,
        "width": BAR_GAP + len(columns) * (BAR_WIDTH + BAR_GAP),
        "height": CHART_TOP + BAR_MAX + CHART_BOTTOM,
        "baseline": CHART_TOP + BAR_MAX,
        "label_y": CHART_TOP + BAR_MAX + 20,
    }


def influence_grid(cells: dict[tuple[int, int], int], list_url: str) -> dict[str, Any]:
    """Organizations placed by stance (across) and influence (up), the way a power map is."""
    biggest = max([*cells.values(), 1])
    dots = []
    for (stance, influence), count in cells.items():
        column = stance + 2
        row = 5 - influence
        radius = 8 + (CELL / 2 - 12) * math.sqrt(count / biggest)
        dots.append(
            {
                "cx": GRID_LEFT + column * CELL + CELL // 2,
                "cy": GRID_TOP + row * CELL + CELL // 2,
                "r": round(radius, 1),
                "count": count,
                "key": dict((s.value, k) for s, k in SPECTRUM)[stance],
                "url": f"{list_url}?stance={stance}&influence={influence}",
            }
        )
    return {
        "dots": dots,
        "width": GRID_LEFT + 5 * CELL + 10,
        "height": GRID_TOP + 5 * CELL + 50,
        "left": GRID_LEFT,
        "top": GRID_TOP,
        "size": 5 * CELL,
        "bottom": GRID_TOP + 5 * CELL,
        "lines": [GRID_LEFT + i * CELL for i in range(6)],
        "rows": [GRID_TOP + i * CELL for i in range(6)],
        "row_labels": [
            {"y": GRID_TOP + (5 - level) * CELL + CELL // 2 + 5, "level": level}
            for level in range(1, 6)
        ],
        "axis_y": GRID_TOP + 5 * CELL + 22,
        "axis_mid": GRID_LEFT + 5 * CELL // 2,
    }


@campaign_view(Action.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    organizations = Organization.objects.for_campaign(campaign)
    stance_counts = dict(
        organizations.order_by()
        .values_list("stance")
        .annotate(n=Count("pk"))
        .values_list("stance", "n")
    )
    grid_cells = {
        (stance, influence): n
        for stance, influence, n in organizations.order_by()
        .filter(stance__isnull=False, influence__isnull=False)
        .values_list("stance", "influence")
        .annotate(n=Count("pk"))
        .values_list("stance", "influence", "n")
    }
    kinds = [
        (Organization.Kind(kind).label, n, kind)
        for kind, n in organizations.order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
        .order_by("-n", "kind")
    ]
    list_url = reverse("coalition:organization_list", kwargs={"campaign_slug": campaign.slug})
    followups = FollowUp.objects.for_campaign(campaign).open()
    context = {
        "chart": spectrum_chart(stance_counts, list_url),
        "grid": influence_grid(grid_cells, list_url),
        "organization_count": sum(stance_counts.values()),
        "kinds": kinds,
        "upcoming": Meeting.objects.for_campaign(campaign)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")[:5],
        "open_followups": followups.count(),
        "overdue_followups": followups.overdue().count(),
        "principles": Principle.objects.for_campaign(campaign).annotate(
            endorsement_count=Count("endorsements")
        ),
        "contact_count": Contact.objects.for_campaign(campaign).count()
        if may(request, Action.EDIT)
        else None,
    }
    return render(request, "coalition/index.html", context)
