from typing import Any

from django import template

from coalition import access
from coalition.permissions import Action

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: dict[str, Any], action: str) -> bool:
    """{% may "edit" as may_edit %}: may the current member do this in the campaign?"""
    request = context.get("request")
    return request is not None and access.may(request, Action(action))


@register.filter
def stance_key(stance: int | None) -> str:
    """A CSS-friendly name for a stance value (the colour of its badge)."""
    return {2: "ally", 1: "leaning-ally", 0: "neutral", -1: "leaning-against", -2: "against"}.get(
        stance, "unknown"
    )


SECTIONS = [
    ("organization", "organizations"),
    ("contact", "contacts"),
    ("principle", "principles"),
    ("endorsement", "principles"),
    ("meeting", "meetings"),
    ("followup", "followups"),
    ("calendar", "calendar"),
    ("index", "overview"),
]


@register.filter
def area_section(url_name: str | None) -> str:
    """Which entry of the coalition area's navigation a page belongs to."""
    for prefix, section in SECTIONS:
        if (url_name or "").startswith(prefix):
            return section
    return ""
