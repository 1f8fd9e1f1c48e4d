"""The plan as a whole: its place, its public timeline, its goals."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest

from actions.models import CampaignPlan, Goal
from coalition.models import Campaign
from core import audit


def plan_for(campaign: Campaign) -> CampaignPlan:
    """The campaign's plan, created empty the first time it is needed."""
    plan = CampaignPlan.objects.for_campaign(campaign).select_related("jurisdiction").first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = CampaignPlan.objects.create(campaign=campaign)
    except IntegrityError:
        # Two first visits at once: the other request created it.
        plan = CampaignPlan.objects.for_campaign(campaign).get()
    return plan


def plan_save(*, plan: CampaignPlan, changed: list[str], request: HttpRequest) -> CampaignPlan:
    plan.save()
    if "jurisdiction" in changed:
        audit.record(
            action="plan.place_set",
            request=request,
            campaign=plan.campaign,
            objects=[plan],
            jurisdiction=plan.jurisdiction_id,
        )
    return plan


def timeline_publish(
    *, plan: CampaignPlan, publish: bool, new_address: bool = False, request: HttpRequest
) -> CampaignPlan:
    """Switch the public timeline on or off; a new address makes the old one stop working."""
    if new_address or (publish and not plan.public_key):
        plan.public_key = CampaignPlan.new_public_key()
    plan.timeline_published = publish
    plan.save(update_fields=["public_key", "timeline_published", "updated_at"])
    audit.record(
        action="plan.timeline_published" if publish else "plan.timeline_unpublished",
        request=request,
        campaign=plan.campaign,
        objects=[plan],
        new_address=new_address,
    )
    return plan


def goal_add(*, campaign: Campaign, text: str) -> Goal:
    last = Goal.objects.for_campaign(campaign).aggregate(last=Max("position"))["last"] or 0
    return Goal.objects.create(campaign=campaign, text=text.strip(), position=last + 1)


def goal_move(*, goal: Goal, up: bool) -> None:
    """Swap the goal with its neighbour above or below."""
    with transaction.atomic():
        goals = list(Goal.objects.for_campaign(goal.campaign).select_for_update())
        index = next(i for i, g in enumerate(goals) if g.pk == goal.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(goals):
            return
        goals[index], goals[other] = goals[other], goals[index]
        for position, item in enumerate(goals, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
