"""Writes about campaign data. Every change that matters is audited (core.audit.record).

Split by entity; the membership functions stay importable from `coalition.services`."""

from coalition.services.members import (
    MembershipError,
    accept_invitation,
    change_role,
    invite_member,
    remove_member,
    revoke_invitation,
    user_owns_email,
)

__all__ = [
    "MembershipError",
    "accept_invitation",
    "change_role",
    "invite_member",
    "remove_member",
    "revoke_invitation",
    "user_owns_email",
]
