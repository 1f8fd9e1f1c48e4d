from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.models import (
    ANONYMIZED_PURPOSES,
    Consent,
    Identifiability,
    Language,
    Purpose,
    Story,
    Storyteller,
    Theme,
)
from stories.timezones import US_TIME_ZONES
from targets.models import Facility

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IntakeForm(forms.Form):
    """Everything a volunteer writes down. Every field is optional until the intake is
    finished, so an autosave can store whatever has been typed so far."""

    # The storyteller
    name = forms.CharField(label=_("Name of the storyteller"), required=False, max_length=300)
    contact = forms.CharField(
        label=_("How to reach them"),
        required=False,
        max_length=500,
        help_text=_("Phone, email, or a trusted person who can pass on a message."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.ENGLISH
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter helped"), required=False)
    relationship = forms.ChoiceField(
        label=_("Who is telling the story"),
        choices=Storyteller.Relationship.choices,
        initial=Storyteller.Relationship.IMPACTED,
    )
    # The story
    narrative = forms.CharField(
        label=_("The story, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    identifying_details = forms.CharField(
        label=_("Details that could identify them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Story._meta.get_field("identifying_details").help_text,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facility = forms.ModelChoiceField(
        label=_("Where they were held"),
        queryset=Facility.objects.select_related("jurisdiction__state").order_by("name"),
        required=False,
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the facility"), choices=[])
    # The detention timeline
    detainer_lodged_at = forms.DateTimeField(
        label=_("When ICE lodged the hold"), required=False, widget=DATETIME_WIDGET
    )
    custody_ended_at = forms.DateTimeField(
        label=_("When criminal custody ended"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=Story._meta.get_field("custody_ended_at").help_text,
    )
    custody_end_reason = forms.ChoiceField(
        label=_("Why criminal custody ended"),
        choices=[("", "—"), *Story.CustodyEnd.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("What happened next"), choices=[("", "—"), *Story.Outcome.choices], required=False
    )
    outcome_at = forms.DateTimeField(
        label=_("When they were released or handed to ICE"), required=False, widget=DATETIME_WIDGET
    )
    hold_rule = forms.ChoiceField(
        label=_("48-hour rule"), choices=Story._meta.get_field("hold_rule").choices
    )
    review_on = forms.DateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=Story._meta.get_field("review_on").help_text,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(tz, tz.replace("_", " ")) for tz in US_TIME_ZONES]

    def clean(self) -> dict:
        data = super().clean()
        # The times typed are the facility's local times, not the server's.
        tz = ZoneInfo(data.get("time_zone") or US_TIME_ZONES[0])
        for name in ("detainer_lodged_at", "custody_ended_at", "outcome_at"):
            if data.get(name):
                data[name] = timezone.make_aware(timezone.make_naive(data[name]), tz)
        ended, outcome_at = data.get("custody_ended_at"), data.get("outcome_at")
        if ended and outcome_at and outcome_at < ended:
            self.add_error(
                "outcome_at", _("This is before criminal custody ended. Check both times.")
            )
        lodged = data.get("detainer_lodged_at")
        if lodged and outcome_at and outcome_at < lodged:
            self.add_error("outcome_at", _("This is before the hold was lodged."))
        return data

    def clean_for_completion(self) -> None:
        """What a finished intake needs."""
        if not (self.cleaned_data.get("narrative") or "").strip():
            self.add_error("narrative", _("Write down the story before finishing."))


class ConsentForm(forms.Form):
    """One decision per purpose, plus how consent was given."""

    method = forms.ChoiceField(label=_("How consent was given"), choices=Consent.Method.choices)
    language = forms.ChoiceField(
        label=_("Language of the consent text read or shown"), choices=Language.choices[:2]
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter helped"), required=False)
    expires_on = forms.DateField(
        label=_("Consent ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the storyteller set no end date."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for purpose, label in Purpose.choices:
            self.fields[f"grant_{purpose}"] = forms.BooleanField(label=label, required=False)
            if purpose not in ANONYMIZED_PURPOSES:
                self.fields[f"identify_{purpose}"] = forms.ChoiceField(
                    label=_("How they may be named"),
                    choices=Identifiability.choices,
                    initial=Identifiability.ANONYMIZED,
                )

    def purpose_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField | None]]:
        return [
            (
                label,
                self[f"grant_{p}"],
                self[f"identify_{p}"] if f"identify_{p}" in self.fields else None,
            )
            for p, label in Purpose.choices
        ]

    def decisions(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            p: (
                bool(data.get(f"grant_{p}")),
                data.get(f"identify_{p}") or Identifiability.ANONYMIZED,
            )
            for p in Purpose.values
        }


class WithdrawForm(forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("Withdraw consent for"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    everything = forms.BooleanField(label=_("Withdraw all consent"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("purposes") and not data.get("everything"):
            raise forms.ValidationError(_("Choose what the storyteller withdraws."))
        return data


class PacketForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Who the packet is for"), choices=Purpose.choices)
    stories = forms.MultipleChoiceField(
        label=_("Stories"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    reason = forms.CharField(
        label=_("Why you need it"),
        max_length=500,
        help_text=_(
            "For example: meeting with Supervisor Diaz on 3 March. Recorded in the audit trail."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("html", _("Web page to print")), ("pdf", "PDF")],
        initial="html",
    )

    def __init__(self, *args, story_choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(str(pk), label) for pk, label in story_choices]


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the data is erased"),
        max_length=500,
        help_text=_("For example: the storyteller asked by phone on 2 May."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, contact and story cannot be recovered.")
    )
