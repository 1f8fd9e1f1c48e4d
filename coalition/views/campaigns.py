from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, user_memberships
from coalition.adapters import INVITATION_SESSION_KEY
from coalition.forms import InvitationForm, RoleForm
from coalition.models import Invitation, Membership
from coalition.permissions import Action, Role
from coalition.selectors import home_followups
from coalition.services import (
    MembershipError,
    accept_invitation,
    change_role,
    invite_member,
    remove_member,
    revoke_invitation,
    user_owns_email,
)
from core.models import AuditEvent


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = user_memberships(request)
    if len(memberships) == 1:
        return redirect(memberships[0].campaign)
    return render(request, "coalition/dashboard.html", {"memberships": memberships})


def _members_by_role(campaign) -> list[tuple[str, list[Membership]]]:
    members = list(Membership.objects.for_campaign(campaign).select_related("user"))
    return [(label, [m for m in members if m.role == role]) for role, label in Role.choices]


@campaign_view(Action.VIEW)
def campaign_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coalition/campaign_home.html",
        {
            "members_by_role": _members_by_role(request.campaign),
            **home_followups(request.campaign, request.membership),
        },
    )


@campaign_view(Action.MANAGE_MEMBERS)
def members(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    return render(
        request,
        "coalition/members.html",
        {
            "memberships": Membership.objects.for_campaign(campaign).select_related("user"),
            "invitations": Invitation.objects.for_campaign(campaign)
            .pending()
            .select_related("invited_by"),
            "invite_form": InvitationForm(),
            "roles": Role.choices,
        },
    )


@campaign_view(Action.MANAGE_MEMBERS)
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        invite_member(
            campaign=request.campaign,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            request=request,
        )
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("coalition:members", campaign_slug=request.campaign.slug)
    campaign = request.campaign
    return render(
        request,
        "coalition/members.html",
        {
            "memberships": Membership.objects.for_campaign(campaign).select_related("user"),
            "invitations": Invitation.objects.for_campaign(campaign).pending(),
            "invite_form": form,
            "roles": Role.choices,
        },
        status=400,
    )


@campaign_view(Action.MANAGE_MEMBERS)
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.for_campaign(request.campaign).select_related("user"), pk=pk
    )
    form = RoleForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose one of the listed roles.")
    else:
        try:
            change_role(membership=membership, role=form.cleaned_data["role"], request=request)
        except MembershipError as exc:
            error = str(exc)
            membership.refresh_from_db()
    if request.htmx:
        return render(
            request,
            "coalition/members.html#member-row",
            {"membership": membership, "roles": Role.choices, "row_error": error},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect("coalition:members", campaign_slug=request.campaign.slug)


@campaign_view(Action.MANAGE_MEMBERS)
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.for_campaign(request.campaign).select_related("user"), pk=pk
    )
    try:
        remove_member(membership=membership, request=request)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(person)s was removed from the campaign.") % {"person": membership.user}
        )
        if membership.user_id == request.user.pk:
            return redirect("coalition:dashboard")
    return redirect("coalition:members", campaign_slug=request.campaign.slug)


@campaign_view(Action.MANAGE_MEMBERS)
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.for_campaign(request.campaign), pk=pk)
    try:
        revoke_invitation(invitation=invitation, request=request)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("coalition:members", campaign_slug=request.campaign.slug)


@campaign_view(Action.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.for_campaign(request.campaign).select_related(None)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "coalition/audit_log.html", {"page": page})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens. Public: the token is the credential."""
    found = Invitation.objects.by_token(token).select_related("campaign").first()
    if found is None or not found.is_pending:
        request.session.pop(INVITATION_SESSION_KEY, None)
        return render(
            request, "coalition/invitation.html", {"invitation": None, "found": found}, status=410
        )
    if not request.user.is_authenticated:
        # Remember the invitation so sign-up opens for this person, with the address prefilled.
        request.session[INVITATION_SESSION_KEY] = token
        get_adapter(request).stash_verified_email(request, found.email)
        return render(request, "coalition/invitation.html", {"invitation": found})
    if request.method == "POST":
        try:
            membership = accept_invitation(invitation=found, user=request.user, request=request)
        except MembershipError as exc:
            messages.error(request, str(exc))
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(
                request,
                _("Welcome to %(campaign)s.") % {"campaign": membership.campaign},
            )
            return redirect(membership.campaign)
    return render(
        request,
        "coalition/invitation.html",
        {"invitation": found, "email_matches": user_owns_email(request.user, found.email_hash)},
    )
