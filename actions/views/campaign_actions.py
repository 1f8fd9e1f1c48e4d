"""Actions: vigils, testimony, meetings with targets, records requests, lawsuits… with their
targets, allies, follow-ups, and the stories used in them (only with consent for the use)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms.actions import ActionFilterForm, ActionForm, ActionStoryForm, PublicActionForm
from actions.models import ActionKind, ActionStory, CampaignAction, Demand
from actions.services.actions import (
    action_add_story,
    action_remove_story,
    story_label,
    story_uses,
    usable_stories,
)
from actions.views.common import current_plan, page, paginate, querystring, results_or_page
from coalition.access import campaign_view, may
from coalition.models import FollowUp, Organization
from coalition.permissions import Action as Can
from core import audit
from targets.models import Office

_TARGETS = Prefetch("targets", queryset=Office.objects.order_by("name"))
_ALLIES = Prefetch("allies", queryset=Organization.objects.order_by("name"))


def _actions(request: HttpRequest):
    return CampaignAction.objects.for_campaign(request.campaign)


@campaign_view(Can.VIEW)
def action_list(request: HttpRequest) -> HttpResponse:
    filter_form = ActionFilterForm(request.GET)
    actions = filter_form.apply(_actions(request)).prefetch_related(_TARGETS, _ALLIES)
    today = timezone.localdate()
    return results_or_page(
        request,
        "actions/action_list.html",
        {
            "filter": filter_form,
            "page": paginate(request, actions),
            "query": querystring(request),
            "today": today,
            "kinds": ActionKind.choices,
        },
    )


def _form_page(request, form, action=None, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/action_form.html",
        {"form": form, "action": action, "plan": current_plan(request)},
        status=status,
    )


@campaign_view(Can.EDIT)
def action_create(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    initial = {"happens_on": timezone.localdate()}
    if request.GET.get("kind") in ActionKind.values:
        initial["kind"] = request.GET["kind"]
    form = ActionForm(
        request.POST or None,
        initial=initial,
        instance=CampaignAction(campaign=campaign, created_by=request.user),
        campaign=campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        action = form.save()
        messages.success(request, _("The action was added."))
        return redirect(action)
    return _form_page(request, form)


def _action(request: HttpRequest, pk: int) -> CampaignAction:
    action = get_object_or_404(
        _actions(request)
        .select_related("meeting", "records_request", "created_by")
        .prefetch_related(_TARGETS, _ALLIES),
        pk=pk,
    )
    action.campaign = request.campaign
    return action


def _story_form(request: HttpRequest, action: CampaignAction, data=None) -> ActionStoryForm:
    options = usable_stories(action=action, user=request.user)
    used = set(action.story_uses.values_list("story_id", flat=True))
    options = {p: [s for s in stories if s.pk not in used] for p, stories in options.items()}
    labels = {
        (s.pk, p): story_label(s.pk, p, getattr(s, "consent_identifiability", None))
        for p, stories in options.items()
        for s in stories
    }
    return ActionStoryForm(data, options=options, labels=labels)


def _detail_page(request, action, story_form=None, status: int = 200) -> HttpResponse:
    may_see_stories = may(request, Can.VIEW_STORIES)
    context = {
        "action": action,
        "followups": FollowUp.objects.for_campaign(request.campaign)
        .filter(campaign_actions=action)
        .select_related("owner__user"),
        "talking_points": action.talking_points.all(),
        "opposing_messages": action.opposing_messages.all(),
        "may_see_stories": may_see_stories,
        "story_count": action.story_uses.count(),
        "public_form": PublicActionForm(instance=action),
    }
    if may_see_stories:
        context["uses"] = story_uses(action=action, user=request.user)
        if may(request, Can.EDIT) and action.story_purposes:
            context["story_form"] = story_form or _story_form(request, action)
    return page(request, "actions/action_detail.html", context, status=status)


@campaign_view(Can.VIEW)
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _action(request, pk))


@campaign_view(Can.EDIT)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = ActionForm(
        request.POST or None, instance=action, campaign=request.campaign, plan=current_plan(request)
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, action, status=400)
        form.save()
        messages.success(request, _("The action was saved."))
        return redirect(action)
    return _form_page(request, form, action)


@campaign_view(Can.EDIT)
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    audit.record(
        action="campaign_action.deleted",
        request=request,
        campaign=request.campaign,
        objects=[action],
        stories=action.story_uses.count(),
    )
    action.delete()
    messages.success(request, _("The action was removed."))
    return redirect(reverse("actions:action_list", kwargs={"campaign_slug": request.campaign.slug}))


@campaign_view(Can.EDIT)
@require_POST
def action_story_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = _story_form(request, action, data=request.POST)
    if not form.is_valid():
        return _detail_page(request, action, story_form=form, status=400)
    purpose, story_pk = form.cleaned_data["choice"]
    try:
        action_add_story(action=action, story_pk=story_pk, purpose=purpose, request=request)
    except ValidationError as error:
        form.add_error("choice", error)
        return _detail_page(request, action, story_form=form, status=400)
    messages.success(request, _("The story was added to the action."))
    return redirect(f"{action.get_absolute_url()}#stories")


@campaign_view(Can.EDIT)
@require_POST
def action_story_remove(request: HttpRequest, pk: int) -> HttpResponse:
    use = get_object_or_404(
        ActionStory.objects.for_campaign(request.campaign).select_related("action"), pk=pk
    )
    action = use.action
    action.campaign = request.campaign
    action_remove_story(use=use, request=request)
    messages.success(request, _("The story was taken off the action."))
    return redirect(f"{action.get_absolute_url()}#stories")


@campaign_view(Can.PUBLISH)
@require_POST
def action_public(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = PublicActionForm(request.POST, instance=action)
    if not form.is_valid():
        return _detail_page(request, action, status=400)
    form.save()
    audit.record(
        action="campaign_action.public" if action.is_public else "campaign_action.private",
        request=request,
        campaign=request.campaign,
        objects=[action],
    )
    messages.success(
        request,
        _("The action shows on the public timeline.")
        if action.is_public
        else _("The action is no longer on the public timeline."),
    )
    return redirect(action)


@campaign_view(Can.PUBLISH)
@require_POST
def demand_public(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_object_or_404(Demand.objects.for_campaign(request.campaign), pk=pk)
    demand.campaign = request.campaign
    demand.is_public = request.POST.get("is_public") == "on"
    demand.save(update_fields=["is_public", "updated_at"])
    audit.record(
        action="demand.public" if demand.is_public else "demand.private",
        request=request,
        campaign=request.campaign,
        objects=[demand],
    )
    messages.success(
        request,
        _("Its changes of state show on the public timeline.")
        if demand.is_public
        else _("Its changes of state are no longer on the public timeline."),
    )
    return redirect(demand)
