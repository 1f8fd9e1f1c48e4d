"""Demands chosen from the policy elements, their states and history, and the comparison with
enacted policies."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from actions import comparison
from actions.forms.demands import DemandForm, DemandsAddForm, DemandStateForm
from actions.models import (
    CampaignAction,
    Demand,
    DemandState,
    DemandStateChange,
    ElementGroup,
    PolicyElement,
)
from actions.services.demands import demand_delete, demand_set_state, demands_add
from actions.views.common import current_plan, page
from coalition.access import campaign_view
from coalition.permissions import Action as Can
from targets.models import DetainerPolicy, Office

_TARGETS = Prefetch("targets", queryset=Office.objects.order_by("name"))


def _demands(request: HttpRequest):
    return Demand.objects.for_campaign(request.campaign)


def _list_url(request: HttpRequest) -> str:
    return reverse("actions:demand_list", kwargs={"campaign_slug": request.campaign.slug})


@campaign_view(Can.VIEW)
def demand_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, DemandsAddForm(campaign=request.campaign))


def _list_page(request: HttpRequest, form: DemandsAddForm, status: int = 200) -> HttpResponse:
    demands = list(
        _demands(request)
        .select_related("element")
        .prefetch_related(_TARGETS)
        .annotate(change_count=Count("changes"))
    )
    available = list(form.fields["elements"].queryset)
    groups = [
        {
            "value": value,
            "label": label,
            "demands": [d for d in demands if d.element.group == value],
            "elements": [e for e in available if e.group == value],
        }
        for value, label in ElementGroup.choices
    ]
    chosen = {str(v) for v in form.data.getlist("elements")} if form.is_bound else set()
    return page(
        request,
        "actions/demands.html",
        {
            "groups": groups,
            "demands": demands,
            "form": form,
            "states": DemandState.choices,
            "risky": [d for d in demands if d.has_1373_risk],
            "chosen": chosen,
        },
        status=status,
    )


@campaign_view(Can.EDIT)
@require_POST
def demand_add(request: HttpRequest) -> HttpResponse:
    form = DemandsAddForm(request.POST, campaign=request.campaign)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    created = demands_add(
        campaign=request.campaign, elements=form.cleaned_data["elements"], request=request
    )
    messages.success(
        request,
        ngettext(
            "The demand was added. Name its targets next.",
            "%(n)s demands added. Name their targets next.",
            len(created),
        )
        % {"n": len(created)},
    )
    return redirect(_list_url(request))


def _demand(request: HttpRequest, pk: int) -> Demand:
    demand = get_object_or_404(
        _demands(request).select_related("element").prefetch_related(_TARGETS), pk=pk
    )
    demand.campaign = request.campaign
    return demand


def _detail_page(request, demand, state_form=None, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/demand_detail.html",
        {
            "demand": demand,
            "changes": DemandStateChange.objects.for_campaign(request.campaign)
            .filter(demand=demand)
            .select_related("recorded_by"),
            "state_form": state_form or DemandStateForm(demand=demand),
            "states": DemandState.choices,
            "actions": CampaignAction.objects.for_campaign(request.campaign)
            .filter(targets__in=[t.pk for t in demand.targets.all()])
            .distinct()
            .order_by("-happens_on")[:10],
        },
        status=status,
    )


@campaign_view(Can.VIEW)
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _demand(request, pk))


@campaign_view(Can.EDIT)
def demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    form = DemandForm(request.POST or None, instance=demand, plan=current_plan(request))
    context = {"form": form, "demand": demand, "plan": current_plan(request)}
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The demand was saved."))
            return redirect(demand)
        return page(request, "actions/demand_form.html", context, status=400)
    return page(request, "actions/demand_form.html", context)


@campaign_view(Can.EDIT)
@require_POST
def demand_state(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    form = DemandStateForm(request.POST, demand=demand)
    if not form.is_valid():
        return _detail_page(request, demand, state_form=form, status=400)
    demand_set_state(
        demand=demand,
        state=form.cleaned_data["state"],
        changed_on=form.cleaned_data["changed_on"],
        note=form.cleaned_data["note"],
        request=request,
    )
    messages.success(
        request, _("The demand is now: %(state)s.") % {"state": demand.get_state_display()}
    )
    return redirect(f"{demand.get_absolute_url()}#history")


@campaign_view(Can.EDIT)
@require_POST
def demand_remove(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    demand_delete(demand=demand, request=request)
    messages.success(request, _("The demand was removed, with its history."))
    return redirect(_list_url(request))


@campaign_view(Can.VIEW)
def compare(request: HttpRequest) -> HttpResponse:
    """Enacted policies side by side, from less to more protective, with the arithmetic."""
    available = list(comparison.scored_policies())
    chosen_ids = {int(v) for v in request.GET.getlist("policy") if v.isdigit()}
    chosen = [p for p in available if p.pk in chosen_ids] if chosen_ids else available
    include_demands = request.GET.get("demands", "1") != "0"
    plan = current_plan(request)
    elements, columns = comparison.compare(
        policies=DetainerPolicy.objects.filter(pk__in=[p.pk for p in chosen]),
        campaign=request.campaign,
        include_demands=include_demands,
        demands_form=plan.desired_form if plan else "",
    )
    groups = [
        (label, [e for e in elements if e.group == value]) for value, label in ElementGroup.choices
    ]
    by_key = {c.key: c for c in columns}
    first, second = by_key.get(request.GET.get("a", "")), by_key.get(request.GET.get("b", ""))
    if (first is None or second is None) and len(columns) >= 2:
        # Without a choice: the most protective against the least.
        first, second = columns[-1], columns[0]
    pair = comparison.pair(first, second) if first and second and first is not second else None
    return page(
        request,
        "actions/compare.html",
        {
            "available": available,
            "chosen_ids": {p.pk for p in chosen},
            "include_demands": include_demands,
            "has_demands": _demands(request).exists(),
            "columns": columns,
            "groups": groups,
            "max_points": comparison.max_points(elements),
            "chart": comparison.chart_rows(columns),
            "chart_height": 16 + 34 * len(columns),
            "elements_count": PolicyElement.objects.count(),
            "pair": pair,
            "query": request.GET.urlencode(),
        },
    )
