"""The coalition's principles and framing, and which organizations endorsed them."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, may
from coalition.forms.allies import EndorsementForm, PrincipleForm
from coalition.models import Endorsement, Organization, Principle
from coalition.permissions import Action
from coalition.services.allies import (
    endorsement_record,
    endorsement_withdraw,
    principle_delete,
    principle_save,
)
from coalition.views.common import quick_selects


def _principles(request: HttpRequest):
    return Principle.objects.for_campaign(request.campaign)


def _list_page(request: HttpRequest, failed: EndorsementForm | None = None) -> HttpResponse:
    campaign = request.campaign
    principles = list(
        _principles(request).prefetch_related(
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("organization").order_by(
                    "endorsed_on", "organization__name"
                ),
            )
        )
    )
    may_edit = may(request, Action.EDIT)
    if may_edit and principles:
        # One organization list for every form (keys and names, not a model instance each:
        # a national campaign has thousands), without those that already signed.
        organizations = list(
            Organization.objects.for_campaign(campaign)
            .order_by("name", "pk")
            .values_list("pk", "name")
        )
        for principle in principles:
            if failed is not None and failed.principle.pk == principle.pk:
                principle.endorsement_form = failed
                continue
            principle.endorsement_form = EndorsementForm(
                campaign=campaign, principle=principle, prefix=f"p{principle.pk}"
            )
            endorsed = {e.organization_id for e in principle.endorsements.all()}
            principle.endorsement_form.fields["organization"].choices = [
                ("", "---------"),
                *((pk, name) for pk, name in organizations if pk not in endorsed),
            ]
            quick_selects(principle.endorsement_form)
    return render(
        request,
        "coalition/principles/list.html",
        {"principles": principles, "may_edit": may_edit},
        status=400 if failed is not None else 200,
    )


@campaign_view(Action.VIEW)
def principle_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _form_page(request: HttpRequest, principle: Principle | None) -> HttpResponse:
    form = PrincipleForm(request.POST or None, instance=principle, campaign=request.campaign)
    if request.method == "POST":
        if form.is_valid():
            saved = principle_save(
                principle=form.save(commit=False), changed=form.changed_data, request=request
            )
            messages.success(request, _("The principle was saved."))
            return redirect(saved)
        return render(
            request,
            "coalition/principles/form.html",
            {"form": form, "principle": principle},
            status=400,
        )
    return render(request, "coalition/principles/form.html", {"form": form, "principle": principle})


@campaign_view(Action.EDIT)
def principle_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@campaign_view(Action.EDIT)
def principle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(_principles(request), pk=pk))


@campaign_view(Action.EDIT)
def principle_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    principle = get_object_or_404(_principles(request), pk=pk)
    if request.method == "POST":
        principle_delete(principle=principle, request=request)
        messages.success(request, _("The principle was deleted."))
        return redirect("coalition:principle_list", campaign_slug=request.campaign.slug)
    return render(
        request,
        "coalition/confirm_delete.html",
        {
            "object": principle,
            "cancel_url": principle.get_absolute_url(),
            "warning": _("The record of who endorsed it is deleted with it."),
        },
    )


@campaign_view(Action.EDIT)
@require_POST
def endorsement_add(request: HttpRequest, pk: int) -> HttpResponse:
    principle = get_object_or_404(_principles(request), pk=pk)
    form = EndorsementForm(
        request.POST, campaign=request.campaign, principle=principle, prefix=f"p{principle.pk}"
    )
    if not form.is_valid():
        return _list_page(request, failed=form)
    endorsement = endorsement_record(endorsement=form.save(commit=False), request=request)
    messages.success(
        request,
        _("%(organization)s endorsed “%(principle)s”.")
        % {"organization": endorsement.organization, "principle": principle},
    )
    return redirect(principle)


@campaign_view(Action.EDIT)
@require_POST
def endorsement_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    endorsement = get_object_or_404(
        Endorsement.objects.for_campaign(request.campaign).select_related(
            "principle", "organization"
        ),
        pk=pk,
    )
    endorsement_withdraw(endorsement=endorsement, request=request)
    messages.success(
        request,
        _("The endorsement of %(organization)s was removed.")
        % {"organization": endorsement.organization},
    )
    return redirect(endorsement.principle)
