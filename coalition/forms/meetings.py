import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms.common import (
    DateInput,
    DateTimeInput,
    MemberChoiceField,
    MembersChoiceField,
    members_of,
    rows,
)
from coalition.models import Affiliation, Campaign, Contact, FollowUp, Meeting, Organization
from coalition.permissions import Action
from core.crypto import keyed_hash, name_hash
from targets.models import Official

# How many officials a lookup offers at once.
OFFICIAL_LOOKUP_LIMIT = 20


class MeetingForm(forms.ModelForm):
    """A meeting and who was there.

    Contacts and officials can number in the thousands, so their checkboxes are not all
    listed: the form offers the contacts of the organizations chosen, officials found by a
    lookup and those met before, and whatever is already chosen. "Show choices" (or htmx, as
    the organizations change) refreshes these lists without saving.
    """

    contact_lookup = forms.CharField(
        label=_("Find a contact by full name or email address"),
        required=False,
        max_length=200,
        help_text=_("Exact match (names and addresses are encrypted, so parts do not match)."),
    )
    official_lookup = forms.CharField(
        label=_("Find an official by name, title or office"), required=False, max_length=100
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "attendees",
            "organizations",
            "contacts",
            "officials",
            "agenda",
            "decisions",
            "notes",
        ]
        field_classes = {"attendees": MembersChoiceField}
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "agenda": rows(4),
            "decisions": rows(3),
            "notes": rows(5),
            "attendees": forms.CheckboxSelectMultiple,
            "organizations": forms.SelectMultiple(attrs={"size": 8}),
            "contacts": forms.CheckboxSelectMultiple,
            "officials": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        may_pick_contacts: bool,
        may_read_notes: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["attendees"].queryset = members_of(campaign)
        self.fields["organizations"].queryset = Organization.objects.for_campaign(campaign).only(
            "pk", "name"
        )
        self.fields["officials"].queryset = Official.objects.select_related("office")
        self.fields["contacts"].queryset = Contact.objects.for_campaign(campaign)
        if not may_pick_contacts:
            del self.fields["contacts"]
            del self.fields["contact_lookup"]
        if not may_read_notes:
            del self.fields["notes"]
        if not self.is_bound and not self.instance.pk:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            self.initial.setdefault("starts_at", start + datetime.timedelta(hours=1))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A meeting cannot end before it starts."))
        return cleaned

    # The choices offered for contacts and officials (see the class docstring).

    def _chosen_ids(self, name: str) -> list[int]:
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix(name))
            return [int(v) for v in raw if str(v).isdigit()]
        if self.instance.pk:
            return list(getattr(self.instance, name).values_list("pk", flat=True))
        return [int(v) for v in self.initial.get(name, []) if str(v).isdigit()]

    def _lookup(self, name: str) -> str:
        return (self.data.get(self.add_prefix(name), "") if self.is_bound else "").strip()

    def contact_options(self) -> list[tuple[Contact, bool]]:
        if "contacts" not in self.fields:
            return []
        chosen = set(self._chosen_ids("contacts"))
        organizations = self._chosen_ids("organizations")
        condition = models.Q(pk__in=chosen)
        if organizations:
            condition |= models.Q(
                pk__in=Affiliation.objects.filter(organization_id__in=organizations).values(
                    "contact_id"
                )
            )
        lookup = self._lookup("contact_lookup")
        if lookup:
            condition |= models.Q(email_hash=keyed_hash(lookup))
            if hashed_name := name_hash(lookup):
                condition |= models.Q(name_hash=hashed_name)
        if condition == models.Q(pk__in=chosen) and not chosen:
            return []
        found = (
            Contact.objects.for_campaign(self.campaign)
            .filter(condition)
            .prefetch_related("affiliations__organization")
        )
        options = [(c, c.pk in chosen) for c in found]
        return sorted(options, key=lambda o: (not o[1], str(o[0].name).casefold()))

    def official_options(self) -> list[tuple[Official, bool]]:
        chosen = set(self._chosen_ids("officials"))
        condition = models.Q(pk__in=chosen) | models.Q(
            pk__in=Meeting.officials.through.objects.filter(meeting__campaign=self.campaign).values(
                "official_id"
            )
        )
        found = list(Official.objects.filter(condition).select_related("office")[:100])
        lookup = self._lookup("official_lookup")
        if lookup:
            matches = Official.objects.filter(
                models.Q(name__icontains=lookup)
                | models.Q(title__icontains=lookup)
                | models.Q(office__name__icontains=lookup)
            ).select_related("office")[:OFFICIAL_LOOKUP_LIMIT]
            known = {o.pk for o in found}
            found += [o for o in matches if o.pk not in known]
        options = [(o, o.pk in chosen) for o in found]
        return sorted(options, key=lambda o: (not o[1], o[0].name.casefold()))


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "owner", "due_on", "state", "organization", "contact", "details"]
        field_classes = {"owner": MemberChoiceField}
        widgets = {"due_on": DateInput, "details": rows(3)}

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        meeting: Meeting | None = None,
        may_pick_contacts: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        if meeting is not None:
            self.instance.meeting = meeting
        self.fields["owner"].queryset = members_of(campaign, Action.LOG_MEETINGS)
        self.fields["owner"].empty_label = _("Nobody yet")
        self.fields["organization"].queryset = Organization.objects.for_campaign(campaign).only(
            "pk", "name"
        )
        self.fields["organization"].required = False
        if not self.instance.pk:
            del self.fields["state"]
            self.initial.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=7))
        # Contacts offered: those of the meeting, and the one already linked.
        meeting = self.instance.meeting if self.instance.meeting_id else None
        if may_pick_contacts:
            offered = models.Q(pk=self.instance.contact_id or self.initial.get("contact") or 0)
            if meeting is not None and meeting.pk:
                offered |= models.Q(meetings=meeting)
            self.fields["contact"].queryset = (
                Contact.objects.for_campaign(campaign).filter(offered).distinct()
            )
            self.fields["contact"].required = False
            self.fields["contact"].empty_label = _("Nobody in particular")
        else:
            del self.fields["contact"]


class FollowUpStateForm(forms.Form):
    state = forms.ChoiceField(choices=FollowUp.State.choices)


class DateRangeForm(forms.Form):
    """The month or week a calendar page shows."""

    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)
    week = forms.DateField(required=False, widget=DateInput)
