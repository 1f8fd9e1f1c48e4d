"""Forms of the 287(g) lookup, of "lead the campaign in your county" and of its review."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actions.public import HoneypotForm
from targets.models import Arrangement, Jurisdiction


class StateChoiceField(forms.ChoiceField):
    """A state by its postal abbreviation (TX), so a search's address reads well and lasts."""

    def __init__(self, *, states: list[Jurisdiction], **kwargs) -> None:
        choices = [("", _("Every state")), *((s.postal_code, s.name) for s in states)]
        super().__init__(choices=choices, required=False, label=_("State"), **kwargs)
        self.states = {s.postal_code: s for s in states}

    def clean(self, value: str) -> Jurisdiction | None:
        value = super().clean((value or "").strip().upper())
        return self.states.get(value)


class LookupForm(forms.Form):
    """The 287(g) lookup's filters, read from the address (GET)."""

    county = forms.CharField(
        label=_("County"),
        required=False,
        max_length=100,
        help_text=_("Part of the name is enough, e.g. Harrison."),
    )
    agency = forms.CharField(
        label=_("Agency"),
        required=False,
        max_length=200,
        help_text=_("E.g. sheriff, police, highway patrol."),
    )
    model = forms.ChoiceField(
        label=_("Model"),
        required=False,
        choices=[("", _("Every model")), *Arrangement.Model287g.choices],
    )

    def __init__(self, *args, states: list[Jurisdiction], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"state": StateChoiceField(states=states), **self.fields}


class CountySearchForm(forms.Form):
    """Find a county by name (or FIPS code) and state, from the address (GET)."""

    q = forms.CharField(
        label=_("County name"),
        required=False,
        max_length=100,
        help_text=_("Part of the name is enough, e.g. Harrison."),
    )

    def __init__(self, *args, states: list[Jurisdiction], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"] = StateChoiceField(states=states)

    @property
    def searched(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["q"] or self.cleaned_data["state"])


phone_characters = RegexValidator(
    r"^[0-9+()./ \-]{7,40}$",
    _("Enter a phone number with digits, spaces, +, (, ) or dashes."),
)


class LeadRequestForm(HoneypotForm):
    """A person offers to lead the campaign in their county. `website` is the honeypot."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the invitation to lead the campaign to this address."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=40,
        validators=[phone_characters],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    organization = forms.CharField(
        label=_("Organization (optional)"),
        required=False,
        max_length=200,
        help_text=_("If you would lead it with a group you belong to."),
    )
    message = forms.CharField(
        label=_("Why do you want to lead it? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = ["name", "email", "phone", "organization", "message", "website"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"


class ReviewForm(forms.Form):
    """Site staff's decision on a request to lead a campaign."""

    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, pgettext_lazy("lead request", "Approve")),
            (DECLINE, pgettext_lazy("lead request", "Decline")),
        ],
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For site staff: why, and what was agreed with the person."),
    )
