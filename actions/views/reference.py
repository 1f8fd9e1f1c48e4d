"""The policy-element catalogue and the scoring of enacted policies: shared reference data,
read by anyone signed in, corrected by the leads and coordinators of any campaign."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actions import comparison
from actions.forms.reference import ElementCreateForm, ElementForm, ScoreForm
from actions.models import ElementGroup, PolicyElement, PolicyScore
from actions.services.reference import ScoreRow, save_policy_scores
from coalition.access import may_edit_reference_data, reference_view
from targets.models import DetainerPolicy


@reference_view()
def element_list(request: HttpRequest) -> HttpResponse:
    elements = PolicyElement.objects.annotate(policies=Count("scores")).order_by(
        "group", "position", "pk"
    )
    return render(
        request,
        "actions/elements.html",
        {
            "groups": [
                (label, [e for e in elements if e.group == value])
                for value, label in ElementGroup.choices
            ],
            "policies": comparison.scored_policies(),
            "may_edit": may_edit_reference_data(request),
        },
    )


def _element_form(request, form, element=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "actions/element_form.html",
        {
            "form": form,
            "element": element,
            "history": element.history.select_related("history_user")[:10] if element else [],
        },
        status=status,
    )


@reference_view(edit=True)
def element_create(request: HttpRequest) -> HttpResponse:
    form = ElementCreateForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _element_form(request, form, status=400)
        element = form.save()
        messages.success(request, _("The element was added to the catalogue."))
        return redirect(element)
    return _element_form(request, form)


@reference_view(edit=True)
def element_edit(request: HttpRequest, element_id: int) -> HttpResponse:
    element = get_object_or_404(PolicyElement, pk=element_id)
    form = ElementForm(request.POST or None, instance=element)
    if request.method == "POST":
        if not form.is_valid():
            return _element_form(request, form, element, status=400)
        form.save()
        messages.success(request, _("The element was saved; its history keeps the old version."))
        return redirect(element)
    return _element_form(request, form, element)


@reference_view(edit=True)
def policy_scores(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Score one enacted policy element by element."""
    policy = get_object_or_404(DetainerPolicy.objects.select_related("jurisdiction"), pk=policy_id)
    elements = list(PolicyElement.objects.order_by("group", "position", "pk"))
    current = {s.element_id: s for s in PolicyScore.objects.filter(policy=policy)}
    data = request.POST if request.method == "POST" else None
    forms = [
        ScoreForm(
            data,
            prefix=f"e{element.pk}",
            element=element,
            initial={
                "coverage": current[element.pk].coverage if element.pk in current else "",
                "note": current[element.pk].note if element.pk in current else "",
                "source": current[element.pk].source if element.pk in current else "",
            },
        )
        for element in elements
    ]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            changed = save_policy_scores(
                policy=policy,
                rows=[
                    ScoreRow(
                        element=form.element,
                        coverage=form.cleaned_data["coverage"],
                        note=form.cleaned_data["note"],
                        source=form.cleaned_data["source"],
                    )
                    for form in forms
                ],
            )
            messages.success(
                request,
                ngettext("%(n)s score changed.", "%(n)s scores changed.", changed) % {"n": changed},
            )
            return redirect(reverse("actions:policy_scores", kwargs={"policy_id": policy.pk}))
        status = 400
    else:
        status = 200
    columns = comparison.policy_columns(DetainerPolicy.objects.filter(pk=policy.pk), elements)
    return render(
        request,
        "actions/policy_scores.html",
        {
            "policy": policy,
            "groups": [
                (label, [f for f in forms if f.element.group == value])
                for value, label in ElementGroup.choices
            ],
            "column": columns[0] if columns else None,
            "max_points": comparison.max_points(elements),
        },
        status=status,
    )
