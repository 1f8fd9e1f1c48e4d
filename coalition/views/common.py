"""Small helpers the coalition's views share."""

import html
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

PER_PAGE = 50
# A capped paginator counts at most this many rows past the page shown.
COUNT_CAP = 1000


class AtLeast(int):
    """A count that stopped counting: a number, shown as "1,000+"."""

    def __str__(self) -> str:
        return f"{int(self)}+"


class CappedPaginator(Paginator):
    """A paginator whose count never reads more than `cap` rows beyond the page asked for.

    Where counting a row is expensive (a story's visibility depends on its latest consent) or
    the rows are many (a petition's signatures), counting them all on every page view makes the
    page as slow as the list is long. This one counts with a LIMIT: the count and the number of
    pages are exact while the list is short and AtLeast(n) ("Page 1 of 40+") once it is not;
    the next page is always there to open, and opening it moves the window on.
    """

    def __init__(self, *args: Any, cap: int = COUNT_CAP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cap = cap
        self.window = cap

    def get_page(self, number: Any) -> Page:
        try:
            wanted = max(1, int(number))
        except (TypeError, ValueError):
            wanted = 1
        self.window = wanted * self.per_page + self.cap
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, models.QuerySet):
            rows = rows.order_by()  # any window of rows will do: let the database stop early
        found = rows[: self.window + 1].count()
        return AtLeast(self.window) if found > self.window else found

    @cached_property
    def num_pages(self) -> int:
        pages = super().num_pages
        return AtLeast(pages) if isinstance(self.count, AtLeast) else pages

    @property
    def is_capped(self) -> bool:
        return isinstance(self.count, AtLeast)


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


def _escape(value: Any) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapping (hot loop)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _option_attrs(attrs: dict) -> str:
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)


class _QuickOptions:
    """Renders a select's options in Python, with the HTML Django's templates would write.

    Django renders each <option> through a template of its own: about a quarter of a
    millisecond apiece, so a filter that offers a campaign's 2,000 organizations took half a
    second of every list page. Written here it takes a few microseconds an option.
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                value, label = _escape(option["value"]), _escape(option["label"])
                attrs = _option_attrs(option["attrs"])
                parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass


QUICK = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}


def quick_selects(*forms_: Any, names_only: tuple[str, ...] = ()) -> None:
    """Let the plain selects of these forms render their options quickly (same HTML).

    `names_only`: model choice fields whose options show the row's name (organizations): their
    options are read as (key, name) pairs instead of a model instance each. Call this after the
    form was validated (the list's filters applied): only the rendering changes.
    """
    for form in forms_:
        if form is None:
            continue
        for name, field in form.fields.items():
            quick = QUICK.get(type(field.widget))
            if quick is not None:
                field.widget.__class__ = quick
            if name in names_only and isinstance(field, forms.ModelChoiceField):
                empty = getattr(field, "empty_label", None)
                choices = [("", empty)] if empty is not None else []
                choices += list(field.queryset.values_list("pk", "name"))
                field.widget.choices = choices
