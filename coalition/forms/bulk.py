"""Bulk actions on the rows chosen in a list (or on every row the list's filters match)."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.forms.common import MemberChoiceField, members_of
from coalition.models import Campaign, FollowUp
from coalition.permissions import Action


class BulkForm(forms.Form):
    ACTIONS: list[tuple[str, Any]] = []

    action = forms.ChoiceField(label=_("With the chosen rows"))
    selected = forms.ModelMultipleChoiceField(queryset=None, required=False)
    all_matching = forms.BooleanField(
        label=_("Apply to every row that matches the filters, on all pages"), required=False
    )

    def __init__(self, *args: Any, campaign: Campaign, queryset: models.QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["action"].choices = self.ACTIONS
        self.fields["selected"].queryset = queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("all_matching") and not cleaned.get("selected"):
            raise forms.ValidationError(_("Choose at least one row first."))
        return cleaned


class TagPointPersonBulkForm(BulkForm):
    """For organizations and contacts."""

    ACTIONS = [
        ("tag", _("Add a tag")),
        ("untag", _("Remove a tag")),
        ("point_person", _("Assign a point person")),
    ]

    tag_name = forms.CharField(label=_("Tag"), required=False, max_length=60)
    point_person = MemberChoiceField(label=_("Point person"), required=False, queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point_person"].queryset = members_of(self.campaign)
        self.fields["point_person"].empty_label = _("Nobody")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = " ".join(cleaned.get("tag_name", "").split())
        cleaned["tag_name"] = name
        if cleaned.get("action") in ("tag", "untag") and not name:
            self.add_error("tag_name", _("Write the tag's name."))
        return cleaned


class ContactBulkForm(TagPointPersonBulkForm):
    ACTIONS = [
        *TagPointPersonBulkForm.ACTIONS,
        ("email_list", _("Show email addresses (people who may be emailed)")),
    ]


class FollowUpBulkForm(BulkForm):
    ACTIONS = [
        ("owner", _("Assign an owner")),
        ("done", _("Mark done")),
        ("dropped", _("Mark dropped")),
        ("open", _("Reopen")),
    ]

    owner = MemberChoiceField(label=_("Owner"), required=False, queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(self.campaign, Action.LOG_MEETINGS)
        self.fields["owner"].empty_label = _("Nobody")

    @property
    def state(self) -> str | None:
        action = self.cleaned_data["action"]
        return action if action in FollowUp.State.values else None
