"""Small helpers the coalition's views share."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest

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
