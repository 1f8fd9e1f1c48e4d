"""Small helpers the coalition's views share."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest
from django.urls import reverse

PER_PAGE = 50


def paginate(request: HttpRequest, queryset: models.QuerySet, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    """The current query string without `drop`, for pagination and sort links."""
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def list_context(request: HttpRequest, filter_form: Any, queryset: models.QuerySet) -> dict:
    page = paginate(request, queryset)
    return {"filter": filter_form, "page": page, "query": querystring(request)}


def list_template(request: HttpRequest, template: str) -> str:
    """htmx requests from the filter form get only the results."""
    if request.htmx and request.htmx.target == "results":
        return f"{template}#results"
    return template


def bulk_selection(
    request: HttpRequest, form: Any, filter_class: type, queryset: models.QuerySet, list_name: str
) -> tuple[models.QuerySet | None, str]:
    """The rows a bulk form acts on, and the list address to go back to (with its filters).

    Either the rows ticked on the page or, with "all matching", every row the list's filters
    select. None when the form is invalid; its errors are then shown as messages.
    """
    back = reverse(list_name, kwargs={"campaign_slug": request.campaign.slug})
    back = f"{back}?{querystring(request)}"
    if not form.is_valid():
        for error in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
            messages.error(request, error)
        return None, back
    if form.cleaned_data["all_matching"]:
        filter_form = filter_class(
            request.GET, campaign=request.campaign, membership=request.membership
        )
        return filter_form.narrow(queryset), back
    return queryset.filter(pk__in=[row.pk for row in form.cleaned_data["selected"]]), back
