"""The actions area's landing page (the plan at a glance), the plan's settings and the goals."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms.plan import GoalForm, PlaceForm, PlaceSearchForm, PlanSettingsForm, PublishForm
from actions.models import CampaignAction, Demand, Goal, ResearchQuestion
from actions.services.plan import goal_add, goal_move, plan_for, plan_save, timeline_publish
from actions.views.common import current_plan, page
from coalition.access import campaign_view
from coalition.permissions import Action as Can
from targets.models import Office


def _plan_url(request: HttpRequest, name: str = "actions:index") -> str:
    return reverse(name, kwargs={"campaign_slug": request.campaign.slug})


@campaign_view(Can.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    today = timezone.localdate()
    demands = (
        Demand.objects.for_campaign(campaign)
        .select_related("element")
        .prefetch_related(Prefetch("targets", queryset=Office.objects.order_by("name")))
    )
    upcoming = (
        CampaignAction.objects.for_campaign(campaign)
        .upcoming(today)
        .prefetch_related(Prefetch("targets", queryset=Office.objects.order_by("name")))[:6]
    )
    recent = (
        CampaignAction.objects.for_campaign(campaign)
        .filter(happens_on__lt=today)
        .order_by("-happens_on", "-pk")[:4]
    )
    research = ResearchQuestion.objects.for_campaign(campaign).aggregate(
        total=Count("pk"), answered=Count("pk", filter=~Q(answer=""))
    )
    return page(
        request,
        "actions/index.html",
        {
            "plan": current_plan(request),
            "goals": Goal.objects.for_campaign(campaign)[:5],
            "demands": demands,
            "upcoming": upcoming,
            "recent": recent,
            "research": research,
            "today": today,
        },
    )


@campaign_view(Can.VIEW)
def stages(request: HttpRequest) -> HttpResponse:
    """The stages and their checklists alone: what the campaign's overview loads (htmx)."""
    if not request.htmx:
        return redirect(f"{_plan_url(request)}#plan-stages")
    return render(
        request,
        "actions/partials/stages.html",
        {"open_checklists": request.GET.get("open") == "1"},
    )


@campaign_view(Can.EDIT)
def settings(request: HttpRequest) -> HttpResponse:
    plan = plan_for(request.campaign)
    form = PlanSettingsForm(request.POST or None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            plan_save(plan=form.save(commit=False), changed=form.changed_data, request=request)
            messages.success(request, _("The plan's settings were saved."))
            return redirect(_plan_url(request, "actions:settings"))
        return _settings_page(request, plan, form, status=400)
    return _settings_page(request, plan, form)


def _settings_page(request, plan, form, status: int = 200) -> HttpResponse:
    search = PlaceSearchForm(request.GET or {"q": request.campaign.jurisdiction_text})
    context = {
        "plan": plan,
        "form": form,
        "search": search,
        "places": search.results(),
        "publish_form": PublishForm(),
    }
    if request.htmx and request.htmx.target == "places":
        return page(request, "actions/settings.html#places", context)
    return page(request, "actions/settings.html", context, status=status)


@campaign_view(Can.EDIT)
@require_POST
def place_set(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That place is not in the reference data."))
        return redirect(_plan_url(request, "actions:settings"))
    plan = plan_for(request.campaign)
    plan.jurisdiction = form.cleaned_data["jurisdiction"]
    plan_save(plan=plan, changed=["jurisdiction"], request=request)
    if plan.jurisdiction:
        messages.success(
            request, _("The campaign's place is now %(place)s.") % {"place": plan.jurisdiction}
        )
    else:
        messages.success(request, _("The campaign's place was cleared."))
    return redirect(_plan_url(request, "actions:settings"))


@campaign_view(Can.PUBLISH)
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the public timeline."))
        return redirect(_plan_url(request, "actions:timeline"))
    plan = plan_for(request.campaign)
    do = form.cleaned_data["do"]
    if do == "publish":
        timeline_publish(plan=plan, publish=True, request=request)
        messages.success(request, _("The public timeline is on. Only items marked public show."))
    elif do == "unpublish":
        timeline_publish(plan=plan, publish=False, request=request)
        messages.success(request, _("The public timeline is off."))
    else:
        timeline_publish(
            plan=plan, publish=plan.timeline_published, new_address=True, request=request
        )
        messages.success(
            request, _("The public timeline has a new address; the old one no longer works.")
        )
    return redirect(_plan_url(request, "actions:timeline"))


# Goals


@campaign_view(Can.VIEW)
def goal_list(request: HttpRequest) -> HttpResponse:
    return _goals_page(request, GoalForm())


def _goals_page(request: HttpRequest, form: GoalForm, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/goals.html",
        {"goals": Goal.objects.for_campaign(request.campaign), "form": form},
        status=status,
    )


@campaign_view(Can.EDIT)
@require_POST
def goal_create(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _goals_page(request, form, status=400)
    goal = goal_add(campaign=request.campaign, text=form.cleaned_data["text"])
    messages.success(request, _("The goal was added."))
    return redirect(goal.get_absolute_url())


def _goal(request: HttpRequest, pk: int) -> Goal:
    goal = get_object_or_404(Goal.objects.for_campaign(request.campaign), pk=pk)
    goal.campaign = request.campaign
    return goal


@campaign_view(Can.EDIT)
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The goal was saved."))
            return redirect(goal.get_absolute_url())
        return page(request, "actions/goal_form.html", {"form": form, "goal": goal}, status=400)
    return page(request, "actions/goal_form.html", {"form": form, "goal": goal})


@campaign_view(Can.EDIT)
@require_POST
def goal_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    goal_move(goal=goal, up=request.POST.get("direction") != "down")
    if request.htmx:
        return page(
            request,
            "actions/goals.html#goal-list",
            {"goals": Goal.objects.for_campaign(request.campaign)},
        )
    return redirect(goal.get_absolute_url())


@campaign_view(Can.EDIT)
@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    goal.delete()
    messages.success(request, _("The goal was removed."))
    return redirect(_plan_url(request, "actions:goal_list"))
