"""Public statements: shared reference data, read by any signed-in person, added and corrected
by leads and coordinators of any campaign."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coalition.access import may_edit_reference_data, reference_view
from targets.models import PublicStatement
from targets.power_map.forms import StatementForm
from targets.power_map.services import statement_save
from targets.views.reference import history_entries

PAGE_SIZE = 50


@reference_view()
def statement_list(request: HttpRequest) -> HttpResponse:
    statements = PublicStatement.objects.select_related("official", "office")
    text = request.GET.get("q", "").strip()[:100]
    if text:
        statements = statements.filter(
            Q(speaker_name__icontains=text)
            | Q(speaker_title__icontains=text)
            | Q(quote__icontains=text)
            | Q(office__name__icontains=text)
        )
    bearing = request.GET.get("bearing", "")
    if bearing in PublicStatement.Bearing.values:
        statements = statements.filter(bearing=bearing)
    page = Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "targets/statements/list.html",
        {
            "page": page,
            "q": text,
            "bearing": bearing,
            "bearings": PublicStatement.Bearing.choices,
            "query": query.urlencode(),
            "may_edit": may_edit_reference_data(request),
        },
    )


@reference_view()
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = get_object_or_404(
        PublicStatement.objects.select_related("official__office", "office"), pk=statement_id
    )
    return render(
        request,
        "targets/statements/detail.html",
        {
            "statement": statement,
            "history": history_entries(statement),
            "may_edit": may_edit_reference_data(request),
        },
    )


def _statement_form(request: HttpRequest, statement: PublicStatement | None) -> HttpResponse:
    initial = {k: v for k, v in request.GET.items() if k in ("official", "office") and v.isdigit()}
    form = StatementForm(request.POST or None, instance=statement, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = statement_save(
            statement=form.save(commit=False), reason=form.cleaned_data["change_reason"]
        )
        messages.success(request, _("Saved: %(object)s.") % {"object": saved})
        return redirect(saved)
    return render(
        request,
        "targets/statements/form.html",
        {"form": form, "statement": statement},
        status=400 if request.method == "POST" else 200,
    )


@reference_view(edit=True)
def statement_create(request: HttpRequest) -> HttpResponse:
    return _statement_form(request, None)


@reference_view(edit=True)
def statement_edit(request: HttpRequest, statement_id: int) -> HttpResponse:
    return _statement_form(request, get_object_or_404(PublicStatement, pk=statement_id))
