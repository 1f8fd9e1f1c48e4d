"""Messaging: frames, talking points with pros and cons, opposing messages and responses."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from actions.forms.messaging import FrameForm, OpposingMessageForm, TalkingPointForm
from actions.models import CampaignAction, Frame, OpposingMessage, TalkingPoint
from actions.services.messaging import messaging_from_examples
from actions.views.common import current_plan, page
from coalition.access import campaign_view
from coalition.permissions import Action as Can
from targets.models import Office

_TARGETS = Prefetch("targets", queryset=Office.objects.order_by("name"))
_ACTIONS = Prefetch("actions", queryset=CampaignAction.objects.order_by("-happens_on"))


def _messaging_url(request: HttpRequest) -> str:
    return reverse("actions:messaging", kwargs={"campaign_slug": request.campaign.slug})


@campaign_view(Can.VIEW)
def messaging(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    points = TalkingPoint.objects.for_campaign(campaign).prefetch_related(_TARGETS, _ACTIONS)
    frames = Frame.objects.for_campaign(campaign).prefetch_related(
        Prefetch("points", queryset=points)
    )
    return page(
        request,
        "actions/messaging.html",
        {
            "frames": frames,
            "loose_points": points.filter(frame__isnull=True),
            "opposing": OpposingMessage.objects.for_campaign(campaign).prefetch_related(
                _TARGETS, _ACTIONS
            ),
        },
    )


@campaign_view(Can.EDIT)
@require_POST
def messaging_examples(request: HttpRequest) -> HttpResponse:
    added = messaging_from_examples(campaign=request.campaign)
    if added:
        messages.success(
            request,
            ngettext(
                "%(n)s example was added: make it your own.",
                "%(n)s example frames, talking points and opposing messages were added: make "
                "them your own.",
                added,
            )
            % {"n": added},
        )
    else:
        messages.info(request, _("The examples are already here."))
    return redirect(_messaging_url(request))


@dataclass
class Kind:
    name: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    add_title: Any
    edit_title: Any
    linked: bool  # has targets and actions to choose from

    def form_for(self, request: HttpRequest, **kwargs: Any) -> forms.ModelForm:
        if self.linked:
            kwargs.update(campaign=request.campaign, plan=current_plan(request))
        return self.form(**kwargs)


KINDS = {
    "frame": Kind(
        "frame",
        Frame,
        FrameForm,
        gettext_lazy("Add a frame"),
        gettext_lazy("Edit the frame"),
        False,
    ),
    "point": Kind(
        "point",
        TalkingPoint,
        TalkingPointForm,
        gettext_lazy("Add a talking point"),
        gettext_lazy("Edit the talking point"),
        True,
    ),
    "opposing": Kind(
        "opposing",
        OpposingMessage,
        OpposingMessageForm,
        gettext_lazy("Add an opposing message"),
        gettext_lazy("Edit the opposing message"),
        True,
    ),
}


def _form_page(request, kind: Kind, form, obj=None, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/messaging_form.html",
        {"form": form, "object": obj, "kind": kind},
        status=status,
    )


def _create(kind: Kind):
    @campaign_view(Can.EDIT)
    def view(request: HttpRequest) -> HttpResponse:
        campaign = request.campaign
        last = kind.model.objects.for_campaign(campaign).aggregate(m=Max("position"))["m"] or 0
        instance = kind.model(campaign=campaign, position=last + 1)
        initial = {}
        if kind.name == "point" and request.GET.get("frame", "").isdigit():
            initial["frame"] = int(request.GET["frame"])
        form = kind.form_for(request, data=request.POST or None, instance=instance, initial=initial)
        if request.method == "POST":
            if not form.is_valid():
                return _form_page(request, kind, form, status=400)
            obj = form.save()
            messages.success(request, _("Saved."))
            return redirect(obj)
        return _form_page(request, kind, form)

    view.__name__ = f"{kind.name}_create"
    return view


def _get(request: HttpRequest, kind: Kind, pk: int) -> models.Model:
    obj = get_object_or_404(kind.model.objects.for_campaign(request.campaign), pk=pk)
    obj.campaign = request.campaign
    return obj


def _edit(kind: Kind):
    @campaign_view(Can.EDIT)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = _get(request, kind, pk)
        form = kind.form_for(request, data=request.POST or None, instance=obj)
        if request.method == "POST":
            if not form.is_valid():
                return _form_page(request, kind, form, obj, status=400)
            form.save()
            messages.success(request, _("Saved."))
            return redirect(obj)
        return _form_page(request, kind, form, obj)

    view.__name__ = f"{kind.name}_edit"
    return view


def _delete(kind: Kind):
    @campaign_view(Can.EDIT)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        _get(request, kind, pk).delete()
        messages.success(request, _("Removed."))
        return redirect(_messaging_url(request))

    view.__name__ = f"{kind.name}_delete"
    return view


VIEWS = {
    name: {"create": _create(kind), "edit": _edit(kind), "delete": _delete(kind)}
    for name, kind in KINDS.items()
}
