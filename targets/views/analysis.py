"""Analysis pages: where arrestees end up and who controls that, holds' cost, 287(g) near you."""

from decimal import Decimal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from coalition.access import campaign_view, may_edit_reference_data, reference_view
from coalition.permissions import Action
from targets.forms import CostEstimateForm
from targets.models import Facility, Jurisdiction
from targets.selectors import CostEstimate, agreements_near, custody_analysis, levers_over


@reference_view()
def custody(request: HttpRequest, jurisdiction_id: int) -> HttpResponse:
    jurisdiction = get_object_or_404(
        Jurisdiction.objects.select_related("state"), pk=jurisdiction_id
    )
    paths, targets = custody_analysis(jurisdiction)
    return render(
        request,
        "targets/analysis_custody.html",
        {
            "jurisdiction": jurisdiction,
            "paths": paths,
            "targets": targets,
            "may_edit": may_edit_reference_data(request),
        },
    )


@reference_view()
def cost(request: HttpRequest) -> HttpResponse:
    facility = None
    facility_id = request.GET.get("facility", "")
    if facility_id.isdigit():
        facility = (
            Facility.objects.select_related("controlling_office").filter(pk=facility_id).first()
        )
    data = request.GET if "holds_per_year" in request.GET else None
    initial = {"daily_bed_cost": facility.daily_bed_cost} if facility else {}
    form = CostEstimateForm(data, initial=initial)
    if facility is not None and facility.daily_bed_cost is not None:
        field = form.fields["daily_bed_cost"]
        field.widget.attrs["placeholder"] = str(facility.daily_bed_cost)
        field.help_text = _(
            "Leave empty to use the cost recorded for this facility ($%(cost)s)."
        ) % {"cost": facility.daily_bed_cost}
    estimate = None
    if form.is_bound and form.is_valid():
        bed_cost = form.cleaned_data["daily_bed_cost"]
        if bed_cost is None and facility is not None:
            bed_cost = facility.daily_bed_cost
        if bed_cost is None:
            form.add_error(
                "daily_bed_cost",
                _("Enter the daily bed cost."),
            )
        else:
            estimate = CostEstimate(
                holds_per_year=form.cleaned_data["holds_per_year"],
                extra_days_per_hold=form.cleaned_data["extra_days_per_hold"],
                pretrial_holds=form.cleaned_data["pretrial_holds"] or 0,
                extra_pretrial_days=form.cleaned_data["extra_pretrial_days"] or Decimal(0),
                daily_bed_cost=bed_cost,
            )
    facilities = Facility.objects.exclude(daily_bed_cost=None).order_by("name")
    return render(
        request,
        "targets/analysis_cost.html",
        {
            "form": form,
            "facility": facility,
            "facilities": facilities,
            "estimate": estimate,
            "bed_cost_from_facility": bool(
                estimate and facility and estimate.daily_bed_cost == facility.daily_bed_cost
            ),
        },
    )


@reference_view()
def near_you(request: HttpRequest) -> HttpResponse:
    states = Jurisdiction.objects.states().order_by("name")
    state = county = None
    state_id, county_id = request.GET.get("state", ""), request.GET.get("county", "")
    if state_id.isdigit():
        state = states.filter(pk=state_id).first()
    counties = Jurisdiction.objects.none()
    if state is not None:
        counties = Jurisdiction.objects.counties().filter(state=state).order_by("name")
        if county_id.isdigit():
            county = counties.filter(pk=county_id).first()
    arrangements = list(agreements_near(state=state, county=county)) if state else []
    levers = levers_over(list({a.office_id: a.office for a in arrangements}.values()))
    rows = [(a, levers.get(a.office_id, [])) for a in arrangements]
    context = {
        "states": states,
        "counties": counties,
        "state": state,
        "county": county,
        "rows": rows,
    }
    if request.htmx and request.GET.get("part") == "counties":
        return render(request, "targets/analysis_near_you.html#county-select", context)
    return render(request, "targets/analysis_near_you.html", context)


@campaign_view(Action.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """The campaign's way into targets: the places its jurisdiction text names."""
    words = [w for w in request.campaign.jurisdiction_text.replace(",", " ").split() if len(w) > 2]
    stop = {"county", "city", "parish", "borough", "town", "the", "and", "of"}
    names = [w for w in words if w.casefold() not in stop]
    matches = Jurisdiction.objects.none()
    if names:
        query = Q()
        for word in names[:4]:
            query |= Q(name__icontains=word)
        matches = (
            Jurisdiction.objects.filter(query)
            .exclude(kind__in=Jurisdiction.STATE_LEVEL)
            .select_related("state")
            .order_by("name")[:12]
        )
    return render(request, "targets/campaign_index.html", {"matches": matches})
