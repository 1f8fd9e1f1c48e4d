from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms.common import DateInput, OfficeMultipleChoiceField, TimeInput, office_choices
from actions.models import ActionKind, ActionStatus, CampaignAction, CampaignPlan, RecordsRequest
from coalition.models import FollowUp, Meeting, Organization
from stories.models import Purpose
from targets.models import Office


class _Labelled(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class _Meeting(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return str(obj)


class ActionForm(forms.ModelForm):
    targets = OfficeMultipleChoiceField(
        label=_("Targets"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    allies = _Labelled(
        label=_("Allies involved"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    followups = _Labelled(
        label=_("Follow-ups"),
        queryset=FollowUp.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    meeting = _Meeting(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)

    class Meta:
        model = CampaignAction
        fields = [
            "kind",
            "title",
            "happens_on",
            "starts_at",
            "location",
            "status",
            "description",
            "targets",
            "allies",
            "meeting",
            "records_request",
            "outcome",
            "followups",
        ]
        widgets = {
            "happens_on": DateInput,
            "starts_at": TimeInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, campaign, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = (
            list(self.instance.targets.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["targets"].queryset = office_choices(plan, current)
        self.fields["allies"].queryset = Organization.objects.for_campaign(campaign).order_by(
            "name"
        )
        self.fields["followups"].queryset = FollowUp.objects.for_campaign(campaign).order_by(
            "-due_on", "pk"
        )
        self.fields["followups"].help_text = _("Tasks that came out of this action.")
        self.fields["meeting"].queryset = Meeting.objects.for_campaign(campaign).order_by(
            "-starts_at"
        )
        self.fields["meeting"].help_text = CampaignAction._meta.get_field("meeting").help_text
        self.fields["records_request"].queryset = RecordsRequest.objects.for_campaign(campaign)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("meeting") and data.get("kind") != ActionKind.MEETING:
            self.add_error("meeting", _("Only a meeting action links to a meeting."))
        if data.get("records_request") and data.get("kind") != ActionKind.RECORDS_REQUEST:
            self.add_error("records_request", _("Only a public-records action links to a request."))
        return data


class PublicActionForm(forms.ModelForm):
    """What the public timeline shows of an action: the lead decides."""

    class Meta:
        model = CampaignAction
        fields = ["is_public", "public_summary"]
        widgets = {"public_summary": forms.Textarea(attrs={"rows": 3})}


class ActionStoryForm(forms.Form):
    """Pick a story by reference under one of the purposes the action's kind allows."""

    choice = forms.ChoiceField(label=_("Story"))

    def __init__(self, *args, options: dict[str, list], labels: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a story"))]
        for purpose, stories in options.items():
            group = [(f"{purpose}:{story.pk}", labels[(story.pk, purpose)]) for story in stories]
            if group:
                choices.append((Purpose(purpose).label, group))
        self.fields["choice"].choices = choices

    def clean_choice(self) -> tuple[str, int]:
        purpose, _sep, pk = self.cleaned_data["choice"].partition(":")
        return purpose, int(pk)


class ActionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ActionKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ActionStatus.choices], required=False
    )
    q = forms.CharField(label=_("Search"), max_length=100, required=False)

    def apply(self, actions):
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data["kind"]:
            actions = actions.filter(kind=data["kind"])
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["q"].strip():
            actions = actions.filter(title__icontains=data["q"].strip())
        return actions

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
