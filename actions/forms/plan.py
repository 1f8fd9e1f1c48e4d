from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import CampaignPlan, Goal
from targets.models import Jurisdiction


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = CampaignPlan
        fields = ["desired_form", "public_title", "public_intro", "public_reference_events"]
        widgets = {"public_intro": forms.Textarea(attrs={"rows": 3})}


class PlaceForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )


class PlaceSearchForm(forms.Form):
    q = forms.CharField(label=_("Find the place"), max_length=100, required=False)

    def results(self) -> list[Jurisdiction]:
        if not self.is_valid():
            return []
        words = [w for w in self.cleaned_data["q"].replace(",", " ").split() if len(w) > 1]
        stop = {"county", "city", "parish", "borough", "town", "the", "and", "of"}
        names = [w for w in words if w.casefold() not in stop][:4]
        if not names:
            return []
        places = Jurisdiction.objects.select_related("state")
        for word in names:
            places = places.filter(name__icontains=word)
        return list(places.order_by("kind", "name")[:20])


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": _("Write the goal in a few words.")}}


class PublishForm(forms.Form):
    CHOICES = [
        ("publish", _("Publish the timeline")),
        ("unpublish", _("Take the timeline down")),
        ("new_address", _("Give it a new address")),
    ]
    do = forms.ChoiceField(choices=CHOICES)


class PublicItemForm(forms.Form):
    """Mark one action or demand public or private (leads only)."""

    kind = forms.ChoiceField(choices=[("action", "action"), ("demand", "demand")])
    pk = forms.IntegerField(min_value=1)
    public = forms.BooleanField(required=False)
