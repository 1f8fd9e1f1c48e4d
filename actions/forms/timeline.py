import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms.common import DateInput
from actions.timeline import KINDS


class TimelineFilterForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Or choose a range of dates."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    kinds = forms.MultipleChoiceField(
        label=_("Show"), choices=KINDS, required=False, widget=forms.CheckboxSelectMultiple
    )
    q = forms.CharField(label=_("Search"), max_length=100, required=False)

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from error

    def clean(self) -> dict:
        data = super().clean()
        month = data.get("month")
        if month:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            data["start"], data["end"] = month, following - datetime.timedelta(days=1)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data

    def range(self) -> tuple[datetime.date | None, datetime.date | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")

    def kinds_chosen(self) -> list[str]:
        if not self.is_valid() or not self.cleaned_data["kinds"]:
            return [k for k, _label in KINDS]
        return self.cleaned_data["kinds"]

    def search(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
