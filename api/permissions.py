"""Who may use an API endpoint: the same role table (coalition.permissions) as the web pages.

Campaign endpoints resolve the campaign from the URL through the user's memberships: a
non-member gets 404 (existence is not disclosed), a member whose role may not gets 403. Leads
without a second factor get 403, as the web sends them to set one up.
"""

from typing import Any

from django.http import Http404
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from coalition.access import may_edit_reference_data, needs_second_factor, user_memberships
from coalition.permissions import Action, role_may

READ_ACTIONS = {"list", "retrieve", "metadata", None}


def _second_factor(request: Any) -> None:
    if needs_second_factor(request):
        raise exceptions.PermissionDenied(
            "Campaign leads must set up a second factor before using campaign data."
        )


def resolve_campaign(request: Any, slug: str) -> Any:
    """The membership of the signed-in user in the campaign `slug`, or 404."""
    membership = next((m for m in user_memberships(request) if m.campaign.slug == slug), None)
    if membership is None:
        raise Http404
    request.campaign = membership.campaign
    request.membership = membership
    # campaign-page helpers (coalition.access.may…) read them from the Django request
    request._request.campaign = membership.campaign
    request._request.membership = membership
    return membership


class CampaignRole(BasePermission):
    """The view declares `actions`: {"read"|"create"|"update"|"destroy": Action}."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        membership = resolve_campaign(request, view.kwargs["campaign_slug"])
        _second_factor(request)
        return role_may(membership.role, view.required_action())

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        check = getattr(view, "may_change", None)
        return check is None or check(obj)


class ReferenceData(BasePermission):
    """Shared reference data: any signed-in person reads; leads and coordinators of any
    campaign (and site staff) write, as `reference_view(edit=True)` on the web."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        _second_factor(request)
        if request.method in SAFE_METHODS:
            return True
        return may_edit_reference_data(request)


class Member(BasePermission):
    """Signed in; the queryset lists only the user's own campaigns."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        _second_factor(request)
        return True


def action_for(view: Any) -> Action:
    name = getattr(view, "action", None)
    actions = view.actions_required
    if name in READ_ACTIONS:
        return actions["read"]
    if name in ("update", "partial_update"):
        return actions.get("update", actions["create"])
    return actions.get(name, actions["create"])
