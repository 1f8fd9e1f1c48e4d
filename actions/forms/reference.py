from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import Coverage, PolicyElement


class ElementForm(forms.ModelForm):
    class Meta:
        model = PolicyElement
        fields = [
            "group",
            "name",
            "description",
            "weight",
            "touches_information_sharing",
            "position",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "weight": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def clean_weight(self) -> int:
        weight = self.cleaned_data["weight"]
        if not 1 <= weight <= 5:
            raise forms.ValidationError(_("Choose a weight from 1 to 5."))
        return weight


class ElementCreateForm(ElementForm):
    class Meta(ElementForm.Meta):
        fields = ["code", *ElementForm.Meta.fields]


class ScoreForm(forms.Form):
    """One element's reading for one policy."""

    coverage = forms.ChoiceField(label=_("Covers it"), choices=Coverage.choices, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(self, *args, element: PolicyElement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.element = element

    def clean_coverage(self) -> str:
        return self.cleaned_data["coverage"] or Coverage.NONE
