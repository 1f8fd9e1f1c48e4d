"""Resolving the campaign of a request: the gate every campaign page goes through."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from coalition.models import Membership
from coalition.permissions import Action, Role, role_may


def user_memberships(request: HttpRequest) -> list[Membership]:
    """The signed-in user's memberships, read once per request."""
    if not request.user.is_authenticated:
        return []
    cached = getattr(request, "_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=request.user)
            .select_related("campaign")
            .order_by("campaign__name")
        )
        request._memberships = cached
    return cached


def needs_second_factor(request: HttpRequest) -> bool:
    """Leads (of any campaign) must have a second factor before campaign pages open."""
    if not settings.REQUIRE_LEAD_MFA:
        return False
    is_lead = any(m.role == Role.LEAD for m in user_memberships(request))
    return is_lead and not is_mfa_enabled(request.user)


def campaign_view(action: Action = Action.VIEW) -> Callable:
    """Decorate a view taking `campaign_slug`: sets request.campaign and request.membership.

    Anonymous users are sent to sign in; non-members get 404 (a campaign's existence is not
    disclosed); members whose role may not do `action` get 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(
            request: HttpRequest, campaign_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = next(
                (m for m in user_memberships(request) if m.campaign.slug == campaign_slug), None
            )
            if membership is None:
                raise Http404
            if needs_second_factor(request):
                messages.warning(
                    request,
                    _(
                        "Campaign leads protect other people's data: set up a second factor "
                        "(an authenticator app or a passkey) to continue."
                    ),
                )
                return redirect("mfa_index")
            if not role_may(membership.role, action):
                raise PermissionDenied
            request.campaign = membership.campaign
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapped.campaign_action = action  # read by the authorization tests
        return wrapped

    return decorator


def may_edit_reference_data(request: HttpRequest) -> bool:
    """Reference data is shared: leads and coordinators of any campaign may add and correct it."""
    return any(
        role_may(m.role, Action.EDIT_REFERENCE_DATA) for m in user_memberships(request)
    ) or bool(request.user.is_authenticated and request.user.is_staff)


def reference_view(*, edit: bool = False) -> Callable:
    """Decorate a view of the shared reference data (not tied to one campaign).

    Anonymous users are sent to sign in; with edit=True, only people who lead or coordinate
    some campaign (or site staff) get through, others get 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if needs_second_factor(request):
                return redirect("mfa_index")
            if edit and not may_edit_reference_data(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.reference_edit = edit  # read by the authorization tests
        return wrapped

    return decorator


def may(request: HttpRequest, action: Action) -> bool:
    """May the member behind this campaign request do `action`? (After campaign_view.)"""
    membership = getattr(request, "membership", None)
    return membership is not None and role_may(membership.role, action)


def attended(request: HttpRequest, meeting: Any) -> bool:
    """Was the requesting member at this meeting? Uses prefetched attendees when present."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return False
    return any(m.pk == membership.pk for m in meeting.attendees.all())


def may_edit_meeting(request: HttpRequest, meeting: Any) -> bool:
    """Leads and coordinators edit every meeting; volunteers the meetings they attended."""
    return may(request, Action.EDIT) or (
        may(request, Action.LOG_MEETINGS) and attended(request, meeting)
    )


def may_read_meeting_notes(request: HttpRequest, meeting: Any) -> bool:
    """Notes are about people: leads, coordinators and the members who were in the room."""
    return may(request, Action.EDIT) or (
        may(request, Action.LOG_MEETINGS) and attended(request, meeting)
    )


def may_change_followup(request: HttpRequest, followup: Any) -> bool:
    """Leads and coordinators change every follow-up; others the ones they own."""
    if may(request, Action.EDIT):
        return True
    membership = getattr(request, "membership", None)
    return (
        may(request, Action.LOG_MEETINGS)
        and membership is not None
        and followup.owner_id == membership.pk
    )
