from typing import Any

from django import template
from django.http import HttpRequest

from actions.checklists import Stages, campaign_stages
from coalition.access import may
from coalition.permissions import Action

register = template.Library()


@register.simple_tag
def plan_stages(campaign: Any) -> Stages:
    """The campaign's stages with their computed checklists (actions.checklists)."""
    return campaign_stages(campaign)


@register.filter
def may_do(request: HttpRequest, action: str) -> bool:
    """{% if request|may_do:"edit" %}: may the member behind this campaign page do it?"""
    return may(request, Action(action))


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


SECTIONS = {
    "index": "plan",
    "settings": "plan",
    "goal_list": "goals",
    "goal_edit": "goals",
    "demand_list": "demands",
    "demand_detail": "demands",
    "demand_edit": "demands",
    "compare": "compare",
    "action_list": "actions",
    "action_create": "actions",
    "action_detail": "actions",
    "action_edit": "actions",
    "timeline": "timeline",
}


@register.filter
def plan_section(url_name: str) -> str:
    """Which tab of the plan's navigation a page belongs to."""
    if url_name in SECTIONS:
        return SECTIONS[url_name]
    if url_name.startswith(("question", "records", "research")):
        return "research"
    if url_name.startswith(("messaging", "frame", "point", "opposing")):
        return "messaging"
    return ""
