from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms.common import OfficeMultipleChoiceField, office_choices
from actions.models import CampaignAction, CampaignPlan, Frame, OpposingMessage, TalkingPoint
from targets.models import Office


class FrameForm(forms.ModelForm):
    class Meta:
        model = Frame
        fields = ["title", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}


class _Actions(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CampaignAction) -> str:
        return str(obj)


class _LinkedForm(forms.ModelForm):
    """Talking points and opposing messages: linked to targets and to the actions they served."""

    targets = OfficeMultipleChoiceField(
        label=_("Targets"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    actions = _Actions(
        label=_("Actions"),
        queryset=CampaignAction.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, campaign, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = (
            list(self.instance.targets.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["targets"].queryset = office_choices(plan, current)
        self.fields["actions"].queryset = CampaignAction.objects.for_campaign(campaign)
        if "frame" in self.fields:
            self.fields["frame"].queryset = Frame.objects.for_campaign(campaign)


class TalkingPointForm(_LinkedForm):
    class Meta:
        model = TalkingPoint
        fields = ["frame", "text", "pros", "cons", "targets", "actions"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "pros": forms.Textarea(attrs={"rows": 3}),
            "cons": forms.Textarea(attrs={"rows": 3}),
        }


class OpposingMessageForm(_LinkedForm):
    class Meta:
        model = OpposingMessage
        fields = ["message", "said_by", "response", "targets", "actions"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 4}),
        }
