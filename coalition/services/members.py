"""Writes about campaigns and their members. Every change is audited."""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Campaign, Invitation, Membership, hash_token
from coalition.permissions import Role
from core import audit
from core.crypto import keyed_hash


class MembershipError(Exception):
    """A change to members that would break a rule; the message is for the user."""


def _other_leads(campaign: Campaign, membership: Membership) -> int:
    # Lock the campaign's lead rows so two leads cannot demote each other at the same moment.
    leads = Membership.objects.for_campaign(campaign).select_for_update().filter(role=Role.LEAD)
    return sum(1 for lead in leads if lead.pk != membership.pk)


def invite_member(
    *, campaign: Campaign, email: str, role: str, invited_by: Any, request: HttpRequest
) -> Invitation:
    """Email an invitation link; an earlier pending invitation to the same address is withdrawn."""
    email = email.strip()
    email_hash = keyed_hash(email)
    token = Invitation.new_token()
    with transaction.atomic():
        Invitation.objects.for_campaign(campaign).pending().filter(email_hash=email_hash).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            campaign=campaign,
            email=email,
            email_hash=email_hash,
            role=role,
            token_hash=hash_token(token),
            invited_by=invited_by,
        )
        audit.record(
            action="invitation.sent",
            request=request,
            campaign=campaign,
            objects=[invitation],
            role=role,
        )
    url = request.build_absolute_uri(reverse("coalition:invitation", kwargs={"token": token}))
    context = {"invitation": invitation, "url": url, "inviter": invited_by}
    send_mail(
        subject=render_to_string("coalition/email/invitation_subject.txt", context).strip(),
        message=render_to_string("coalition/email/invitation_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return invitation


def revoke_invitation(*, invitation: Invitation, request: HttpRequest) -> None:
    if not invitation.is_pending:
        raise MembershipError(_("This invitation is no longer pending."))
    invitation.revoked_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            action="invitation.withdrawn",
            request=request,
            campaign=invitation.campaign,
            objects=[invitation],
        )


def accept_invitation(*, invitation: Invitation, user: Any, request: HttpRequest) -> Membership:
    """Join the campaign. The invitation must be pending and addressed to one of the user's
    verified email addresses."""
    if not invitation.is_pending:
        raise MembershipError(_("This invitation has expired or was already used."))
    if not user_owns_email(user, invitation.email_hash):
        raise MembershipError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            campaign=invitation.campaign, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(
            action="invitation.accepted",
            actor=user,
            request=request,
            campaign=invitation.campaign,
            objects=[invitation, membership],
            role=membership.role,
            already_member=not created,
        )
    return membership


def user_owns_email(user: Any, email_hash: str) -> bool:
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return any(keyed_hash(address) == email_hash for address in addresses)


def change_role(*, membership: Membership, role: str, request: HttpRequest) -> Membership:
    old_role = membership.role
    if old_role == role:
        return membership
    with transaction.atomic():
        if old_role == Role.LEAD and _other_leads(membership.campaign, membership) == 0:
            raise MembershipError(
                _("A campaign needs at least one lead. Make someone else a lead first.")
            )
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            action="membership.role_changed",
            request=request,
            campaign=membership.campaign,
            objects=[membership],
            old_role=old_role,
            new_role=role,
            member=membership.user_id,
        )
    return membership


def remove_member(*, membership: Membership, request: HttpRequest) -> None:
    with transaction.atomic():
        if membership.role == Role.LEAD and _other_leads(membership.campaign, membership) == 0:
            raise MembershipError(
                _("The last lead cannot be removed. Make someone else a lead first.")
            )
        audit.record(
            action="membership.removed",
            request=request,
            campaign=membership.campaign,
            objects=[membership],
            role=membership.role,
            member=membership.user_id,
        )
        membership.delete()
