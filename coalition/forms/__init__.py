"""Forms of the coalition area, split by entity; `coalition.forms` re-exports the members'."""

from coalition.forms.members import InvitationForm, RoleForm

__all__ = ["InvitationForm", "RoleForm"]
