"""Demands: chosen from the policy elements, moved through their states with a dated history."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from actions.models import Demand, DemandState, DemandStateChange, PolicyElement
from coalition.models import Campaign
from core import audit


def demands_add(
    *, campaign: Campaign, elements: Iterable[PolicyElement], request: HttpRequest
) -> list[Demand]:
    """Add a drafted demand for each element the campaign does not demand yet."""
    already = set(Demand.objects.for_campaign(campaign).values_list("element_id", flat=True))
    today = timezone.localdate()
    created = []
    with transaction.atomic():
        for element in elements:
            if element.pk in already:
                continue
            demand = Demand.objects.create(
                campaign=campaign,
                element=element,
                state=DemandState.DRAFTED,
                state_changed_on=today,
            )
            DemandStateChange.objects.create(
                campaign=campaign,
                demand=demand,
                from_state="",
                state=DemandState.DRAFTED,
                changed_on=today,
                recorded_by=request.user,
            )
            created.append(demand)
    if created:
        audit.record(action="demand.added", request=request, campaign=campaign, objects=created)
    return created


def demand_set_state(
    *,
    demand: Demand,
    state: str,
    changed_on: datetime.date,
    note: str = "",
    request: HttpRequest,
) -> DemandStateChange:
    """Move a demand to `state` on `changed_on`, keeping the change in its history.

    A change dated before the latest recorded one is kept in the history but does not replace
    the demand's current state."""
    with transaction.atomic():
        locked = Demand.objects.select_for_update().get(pk=demand.pk)
        change = DemandStateChange.objects.create(
            campaign=locked.campaign,
            demand=locked,
            from_state=locked.state,
            state=state,
            changed_on=changed_on,
            note=note.strip(),
            recorded_by=request.user,
        )
        if changed_on >= locked.state_changed_on:
            locked.state = state
            locked.state_changed_on = changed_on
            locked.save(update_fields=["state", "state_changed_on", "updated_at"])
        demand.state, demand.state_changed_on = locked.state, locked.state_changed_on
    audit.record(
        action="demand.state_changed",
        request=request,
        campaign=demand.campaign,
        objects=[demand],
        state=state,
        on=changed_on.isoformat(),
    )
    return change


def demand_delete(*, demand: Demand, request: HttpRequest) -> None:
    campaign = demand.campaign
    audit.record(
        action="demand.deleted",
        request=request,
        campaign=campaign,
        objects=[demand],
        element=demand.element.code,
    )
    demand.delete()
