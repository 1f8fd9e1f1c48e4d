"""List, detail, create and edit pages of the shared reference data.

Each kind of fact gets the same four pages; what differs (form, filters, related rows to
show) is declared on a small class per kind rather than repeated in twelve views.
"""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import may_edit_reference_data, reference_view
from targets import filters, forms
from targets.models import (
    Arrangement,
    CustodyStep,
    DetainerPolicy,
    Facility,
    Jurisdiction,
    Office,
    Official,
    Power,
)
from targets.services import add_typical_powers, save_jurisdiction, set_facility_contracts

PAGE_SIZE = 50


class Kind:
    model: type[models.Model]
    form: type[forms.ReferenceForm]
    filterset: type[filters.SearchFilterSet]
    name: str  # URL name prefix and template name
    id_kwarg: str
    title: str
    title_plural: str

    def queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def detail_queryset(self) -> models.QuerySet:
        return self.queryset()

    def detail_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def save(self, form: forms.ReferenceForm, request: HttpRequest) -> models.Model:
        return form.save()


def history_entries(obj: models.Model, limit: int = 30) -> list[dict[str, Any]]:
    """The object's history, newest first, with what changed at each step, shown as a person
    reads it (choice labels, related rows' names). One query, plus one per related model."""
    records = list(obj.history.select_related("history_user")[: limit + 1])
    entries, related = [], defaultdict(set)
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            for change in newer.diff_against(older, excluded_fields=["updated_at"]).changes:
                field = obj._meta.get_field(change.field)
                if field.is_relation:
                    related[field.related_model].update(v for v in (change.old, change.new) if v)
                changes.append([field, change.old, change.new])
        entries.append({"record": newer, "changes": changes})
    names = {model: model._default_manager.in_bulk(pks) for model, pks in related.items()}
    for entry in entries:
        entry["changes"] = [
            (str(field.verbose_name), _readable(field, old, names), _readable(field, new, names))
            for field, old, new in entry["changes"]
        ]
    return entries


def _readable(field: models.Field, value: Any, names: dict) -> Any:
    if value in (None, ""):
        return value
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _list(kind: Kind):
    @reference_view()
    def view(request: HttpRequest) -> HttpResponse:
        filterset = kind.filterset(request.GET or None, queryset=kind.queryset())
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else kind.queryset()
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "kind": kind,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_edit": may_edit_reference_data(request),
        }
        context["head_template"] = f"targets/rows/{kind.name}_head.html"
        context["row_template"] = f"targets/rows/{kind.name}.html"
        template = "targets/list.html"
        if request.htmx:
            return render(request, f"{template}#results", context)
        return render(request, template, context)

    return view


def _detail(kind: Kind):
    @reference_view()
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = get_object_or_404(kind.detail_queryset(), pk=kwargs[kind.id_kwarg])
        context = {
            "kind": kind,
            "object": obj,
            "history": history_entries(obj),
            "may_edit": may_edit_reference_data(request),
            **kind.detail_context(obj),
        }
        return render(request, f"targets/{kind.name}_detail.html", context)

    return view


def _form(kind: Kind, *, create: bool):
    @reference_view(edit=True)
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = None if create else get_object_or_404(kind.model, pk=kwargs[kind.id_kwarg])
        form = kind.form(request.POST or None, instance=obj, initial=_initial(request, kind))
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                saved = kind.save(form, request)
            messages.success(request, _("Saved: %(object)s.") % {"object": saved})
            return redirect(saved)
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            "targets/form.html",
            {"kind": kind, "form": form, "object": obj, "create": create},
            status=status,
        )

    return view


def _initial(request: HttpRequest, kind: Kind) -> dict[str, Any]:
    """Links such as "add an office here" pass the related row's id in the query string."""
    allowed = {"jurisdiction", "office", "parent", "controlling_office"}
    return {k: v for k, v in request.GET.items() if k in allowed and v.isdigit()}


class JurisdictionKind(Kind):
    model, form, filterset = Jurisdiction, forms.JurisdictionForm, filters.JurisdictionFilter
    name, id_kwarg = "jurisdiction", "jurisdiction_id"
    title, title_plural = _("jurisdiction"), _("Jurisdictions")

    def queryset(self):
        return Jurisdiction.objects.select_related("state", "parent")

    def detail_context(self, obj):
        return {
            "children": obj.children.select_related("state").order_by("name")[:300],
            "offices": obj.offices.order_by("kind", "name"),
            "facilities": Facility.objects.filter(jurisdiction=obj).select_related(
                "controlling_office"
            ),
            "arrangements": Arrangement.objects.filter(
                office__jurisdiction__in=Jurisdiction.objects.within(obj)
            ).select_related("office"),
            "policies": obj.detainer_policies.all(),
        }

    def save(self, form, request):
        jurisdiction = form.save(commit=False)
        return save_jurisdiction(jurisdiction=jurisdiction)


class OfficeKind(Kind):
    model, form, filterset = Office, forms.OfficeForm, filters.OfficeFilter
    name, id_kwarg = "office", "office_id"
    title, title_plural = _("office or body"), _("Offices and bodies")

    def queryset(self):
        return Office.objects.select_related("jurisdiction__state").prefetch_related("powers")

    def detail_context(self, obj):
        return {
            "powers": obj.powers.select_related("appointed_office"),
            "appointed_by": obj.appointed_by.select_related("office"),
            "officials": obj.officials.all(),
            "facilities": obj.controlled_facilities.all(),
            "arrangements": obj.arrangements.select_related("facility"),
            "custody_steps": obj.custody_steps.select_related("facility__controlling_office"),
        }

    def save(self, form, request):
        office = form.save()
        if form.cleaned_data.get("add_typical_powers"):
            add_typical_powers(office=office)
        return office


class OfficialKind(Kind):
    model, form, filterset = Official, forms.OfficialForm, filters.OfficialFilter
    name, id_kwarg = "official", "official_id"
    title, title_plural = _("official"), _("Officials")

    def queryset(self):
        return Official.objects.select_related("office__jurisdiction__state")


class FacilityKind(Kind):
    model, form, filterset = Facility, forms.FacilityForm, filters.FacilityFilter
    name, id_kwarg = "facility", "facility_id"
    title, title_plural = _("facility"), _("Facilities")

    def queryset(self):
        return Facility.objects.select_related(
            "jurisdiction__state", "controlling_office"
        ).prefetch_related("contracts")

    def detail_context(self, obj):
        return {
            "contracts": obj.contracts.all(),
            "arrangements": obj.arrangements.select_related("office"),
            "custody_steps": obj.custody_steps.select_related("arresting_office"),
        }

    def save(self, form, request):
        facility = form.save()
        set_facility_contracts(
            facility=facility,
            kinds=form.cleaned_data["contract_kinds"],
            reason=form.cleaned_data.get("change_reason", ""),
        )
        return facility


class ArrangementKind(Kind):
    model, form, filterset = Arrangement, forms.ArrangementForm, filters.ArrangementFilter
    name, id_kwarg = "arrangement", "arrangement_id"
    title, title_plural = _("ICE arrangement"), _("ICE arrangements")

    def queryset(self):
        return Arrangement.objects.select_related("office__jurisdiction__state", "facility")


class PolicyKind(Kind):
    model, form, filterset = DetainerPolicy, forms.DetainerPolicyForm, filters.DetainerPolicyFilter
    name, id_kwarg = "policy", "policy_id"
    title, title_plural = _("detainer policy"), _("Detainer policies")

    def queryset(self):
        return DetainerPolicy.objects.select_related("jurisdiction__state", "adopted_by")


KINDS = [
    JurisdictionKind(),
    OfficeKind(),
    OfficialKind(),
    FacilityKind(),
    ArrangementKind(),
    PolicyKind(),
]


def views_for(kind: Kind) -> dict[str, Any]:
    return {
        "list": _list(kind),
        "detail": _detail(kind),
        "create": _form(kind, create=True),
        "edit": _form(kind, create=False),
    }


@reference_view()
def reference_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "targets/reference_home.html",
        {"kinds": KINDS, "may_edit": may_edit_reference_data(request)},
    )


# Facts that belong to an office: its powers and where its arrestees are held.
def _office_child_form(request, office, form_class, instance, template_title):
    form = form_class(request.POST or None, instance=instance, office=office)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved: %(object)s.") % {"object": saved})
        return redirect(office)
    return render(
        request,
        "targets/office_child_form.html",
        {"form": form, "office": office, "object": instance, "title": template_title},
        status=400 if request.method == "POST" else 200,
    )


@reference_view(edit=True)
def power_create(request: HttpRequest, office_id: int) -> HttpResponse:
    office = get_object_or_404(Office, pk=office_id)
    return _office_child_form(request, office, forms.PowerForm, None, _("Add a power"))


@reference_view(edit=True)
def power_edit(request: HttpRequest, power_id: int) -> HttpResponse:
    power = get_object_or_404(Power.objects.select_related("office"), pk=power_id)
    return _office_child_form(request, power.office, forms.PowerForm, power, _("Edit a power"))


@reference_view(edit=True)
@require_POST
def power_delete(request: HttpRequest, power_id: int) -> HttpResponseRedirect:
    power = get_object_or_404(Power.objects.select_related("office"), pk=power_id)
    office = power.office
    power._change_reason = request.POST.get("change_reason", "")[:100]
    power.delete()
    messages.success(request, _("Removed: %(power)s.") % {"power": power.get_kind_display()})
    return redirect(office)


@reference_view(edit=True)
def custody_step_create(request: HttpRequest, office_id: int) -> HttpResponse:
    office = get_object_or_404(Office, pk=office_id)
    return _office_child_form(
        request, office, forms.CustodyStepForm, None, _("Record where arrestees are held")
    )


@reference_view(edit=True)
def custody_step_edit(request: HttpRequest, step_id: int) -> HttpResponse:
    step = get_object_or_404(CustodyStep.objects.select_related("arresting_office"), pk=step_id)
    return _office_child_form(
        request,
        step.arresting_office,
        forms.CustodyStepForm,
        step,
        _("Edit where arrestees are held"),
    )


@reference_view(edit=True)
@require_POST
def custody_step_delete(request: HttpRequest, step_id: int) -> HttpResponseRedirect:
    step = get_object_or_404(CustodyStep.objects.select_related("arresting_office"), pk=step_id)
    office = step.arresting_office
    step.delete()
    messages.success(request, _("Removed a custody step."))
    return redirect(office)


__all__ = ["KINDS", "PAGE_SIZE", "Paginator", "views_for"]
