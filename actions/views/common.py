"""Small helpers the plan's views share."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from actions.models import CampaignPlan, DemandState
from coalition.access import may
from coalition.permissions import Action as Can

PER_PAGE = 50


def may_edit(request: HttpRequest) -> bool:
    return may(request, Can.EDIT)


def may_publish(request: HttpRequest) -> bool:
    return may(request, Can.PUBLISH)


def current_plan(request: HttpRequest) -> CampaignPlan | None:
    """The plan if it exists (reads never create it)."""
    cached = getattr(request, "_plan", "unset")
    if cached == "unset":
        cached = (
            CampaignPlan.objects.for_campaign(request.campaign)
            .select_related("jurisdiction__state")
            .first()
        )
        request._plan = cached
    return cached


def paginate(request: HttpRequest, queryset: models.QuerySet, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("may_edit", may_edit(request))
    context.setdefault("may_publish", may_publish(request))
    context.setdefault("demand_states", DemandState.choices)
    return render(request, template, context, status=status)


def results_or_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """htmx requests from a filter form get only the results."""
    if request.htmx and request.htmx.target == "results":
        return page(request, f"{template}#results", context)
    return page(request, template, context)
