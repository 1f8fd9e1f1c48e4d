"""Views of the coalition area, split by entity. Every campaign page is a `campaign_view`."""

from coalition.views.campaigns import (
    audit_log,
    campaign_home,
    dashboard,
    invitation,
    invitation_revoke,
    invite,
    member_remove,
    member_role,
    members,
)

__all__ = [
    "audit_log",
    "campaign_home",
    "dashboard",
    "invitation",
    "invitation_revoke",
    "invite",
    "member_remove",
    "member_role",
    "members",
]
