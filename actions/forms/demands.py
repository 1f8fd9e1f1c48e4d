import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.forms.common import DateInput, OfficeMultipleChoiceField, office_choices
from actions.models import CampaignPlan, Demand, DemandState, PolicyElement
from actions.models.demands import STATE_ORDER, state_rank
from targets.models import Office


class ElementChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PolicyElement) -> str:
        return obj.name


class DemandsAddForm(forms.Form):
    elements = ElementChoices(
        label=_("Elements to demand"),
        queryset=PolicyElement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one element.")},
    )

    def __init__(self, *args, campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elements"].queryset = PolicyElement.objects.exclude(
            demands__campaign=campaign
        ).order_by("group", "position", "pk")


class DemandForm(forms.ModelForm):
    targets = OfficeMultipleChoiceField(
        label=_("Targets"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Demand
        fields = ["wording", "targets", "note"]
        widgets = {
            "wording": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = (
            list(self.instance.targets.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["targets"].queryset = office_choices(plan, current)
        self.fields["targets"].help_text = Demand._meta.get_field("targets").help_text


class DemandStateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=DemandState.choices)
    changed_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(
        label=_("What happened"),
        max_length=500,
        required=False,
        help_text=_("E.g. presented at the meeting with the sheriff; adopted by 3 votes to 1."),
    )

    def __init__(self, *args, demand: Demand, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.demand = demand
        # Offer the next step by default; a demand can also move back.
        following = STATE_ORDER[min(state_rank(demand.state) + 1, len(STATE_ORDER) - 1)]
        self.fields["state"].initial = following

    def clean_changed_on(self) -> datetime.date:
        day = self.cleaned_data["changed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A change of state cannot be in the future."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("state") == self.demand.state
            and data.get("changed_on")
            and data["changed_on"] >= self.demand.state_changed_on
        ):
            raise forms.ValidationError(_("The demand is already in this state."))
        return data
