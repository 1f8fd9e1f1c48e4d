"""Pieces the coalition forms share."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, Membership, Tag
from coalition.permissions import POLICY, Action


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)


def members_of(campaign: Campaign, action: Action | None = None) -> models.QuerySet:
    """The campaign's memberships, optionally only the roles that may do `action`."""
    found = Membership.objects.for_campaign(campaign).select_related("user")
    if action is not None:
        found = found.filter(role__in=[r.value for r in POLICY[action]])
    return found.order_by("user__name", "user__email")


def tags_of(campaign: Campaign) -> models.QuerySet:
    return Tag.objects.for_campaign(campaign)


def rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


NOT_ASSESSED = ("", _("Not assessed yet"))
