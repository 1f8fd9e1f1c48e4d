"""The one answer to "may this user do this in this campaign?".

Roles and what each may do are declared here, in POLICY, and nowhere else. Views go through
`campaign_view` (coalition.access), which resolves the campaign from the URL, turns away
non-members with 404 and checks the action against this table.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATOR = "coordinator", _("Coordinator")
    VOLUNTEER = "volunteer", _("Volunteer")
    OBSERVER = "observer", _("Observer")


class Action(StrEnum):
    VIEW = "view"  # non-sensitive campaign data: the campaign, its members, plans
    EDIT = "edit"  # campaign data: allies, contacts, meetings, targets' assessments, plans
    LOG_MEETINGS = "log_meetings"  # meetings the person attends
    INTAKE_STORIES = "intake_stories"  # take down a story and its consent
    VIEW_STORIES = "view_stories"  # every story of the campaign, as consent allows
    EDIT_FINISHED_STORIES = "edit_finished_stories"  # the fields consent lets them see
    RENEW_CONSENT = "renew_consent"  # record consent again after a withdrawal
    EDIT_REFERENCE_DATA = "edit_reference_data"  # shared public facts
    MANAGE_MEMBERS = "manage_members"  # invite, change roles, remove
    VIEW_AUDIT = "view_audit"  # the campaign's audit trail
    EXPORT_PERSONAL_DATA = "export_personal_data"  # also needs a second factor and a purpose
    ERASE_PERSONAL_DATA = "erase_personal_data"  # on a storyteller's request
    PUBLISH = "publish"  # what the campaign shows the public: its public timeline


_ALL = frozenset(Role)
POLICY: dict[Action, frozenset[Role]] = {
    Action.VIEW: _ALL,
    Action.EDIT: frozenset({Role.LEAD, Role.COORDINATOR}),
    Action.LOG_MEETINGS: frozenset({Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER}),
    Action.INTAKE_STORIES: frozenset({Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER}),
    Action.VIEW_STORIES: frozenset({Role.LEAD, Role.COORDINATOR}),
    Action.EDIT_FINISHED_STORIES: frozenset({Role.LEAD, Role.COORDINATOR}),
    Action.RENEW_CONSENT: frozenset({Role.LEAD}),
    Action.EDIT_REFERENCE_DATA: frozenset({Role.LEAD, Role.COORDINATOR}),
    Action.MANAGE_MEMBERS: frozenset({Role.LEAD}),
    Action.VIEW_AUDIT: frozenset({Role.LEAD}),
    Action.EXPORT_PERSONAL_DATA: frozenset({Role.LEAD}),
    Action.ERASE_PERSONAL_DATA: frozenset({Role.LEAD}),
    Action.PUBLISH: frozenset({Role.LEAD}),
}


def role_may(role: str | None, action: Action) -> bool:
    return role is not None and Role(role) in POLICY[action]
