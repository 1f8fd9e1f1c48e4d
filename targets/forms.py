from django import forms
from django.utils.translation import gettext_lazy as _

from targets.models import (
    Arrangement,
    CustodyStep,
    DetainerPolicy,
    Facility,
    FacilityContract,
    ImportRun,
    Jurisdiction,
    Office,
    Official,
    Power,
)

SOURCE_FIELDS = ["source_url", "source_date", "source_excerpt"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferenceForm(forms.ModelForm):
    """A reference-data form: every change can say why, and the reason goes into history."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=100,
        help_text=_("Kept in the history, e.g. “new sheriff sworn in”."),
    )

    def save(self, commit: bool = True):
        instance = super().save(commit=False)
        instance._change_reason = self.cleaned_data.get("change_reason", "")
        if commit:
            instance.save()
            self.save_m2m()
        return instance


def _dates(*names: str) -> dict[str, forms.Widget]:
    return dict.fromkeys((*names, "source_date"), DATE)


class JurisdictionForm(ReferenceForm):
    class Meta:
        model = Jurisdiction
        fields = [
            "name",
            "kind",
            "parent",
            "fips",
            "postal_code",
            "website",
            "notes",
            *SOURCE_FIELDS,
        ]
        widgets = _dates()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A parent is a state or a county: listing cities too would make the list unusable.
        self.fields["parent"].queryset = Jurisdiction.objects.filter(
            kind__in=[*Jurisdiction.STATE_LEVEL, *Jurisdiction.COUNTY_LEVEL]
        ).select_related("state")

    def clean(self):
        cleaned = super().clean()
        kind, parent = cleaned.get("kind"), cleaned.get("parent")
        if kind and kind not in Jurisdiction.STATE_LEVEL and parent is None:
            self.add_error("parent", _("Say which state or county this place is part of."))
        if kind in Jurisdiction.STATE_LEVEL and parent is not None:
            self.add_error("parent", _("A state is not part of another jurisdiction."))
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A place cannot be part of itself."))
        return cleaned


class OfficeForm(ReferenceForm):
    add_typical_powers = forms.BooleanField(
        label=_("Also record the powers this kind of office usually has"),
        required=False,
        initial=True,
        help_text=_("From the toolkit's city and county charts; check them for your place."),
    )

    class Meta:
        model = Office
        fields = [
            "name",
            "kind",
            "jurisdiction",
            "selection",
            "term_ends_on",
            "website",
            "email",
            "phone",
            "address",
            "notes",
            *SOURCE_FIELDS,
        ]
        widgets = _dates("term_ends_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.select_related("state")
        if self.instance.pk:
            del self.fields["add_typical_powers"]


class PowerForm(ReferenceForm):
    class Meta:
        model = Power
        fields = ["kind", "appointed_office", "notes", *SOURCE_FIELDS]
        widgets = _dates()

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        # Appointments stay within reach: offices of the same place and the places inside it.
        self.fields["appointed_office"].queryset = Office.objects.filter(
            jurisdiction__in=Jurisdiction.objects.within(office.jurisdiction)
        ).exclude(pk=office.pk)

    def clean(self):
        cleaned = super().clean()
        kind, appointed = cleaned.get("kind"), cleaned.get("appointed_office")
        if kind == Power.Kind.APPOINTS and appointed is None:
            self.add_error("appointed_office", _("Say which office it appoints."))
        if kind and kind != Power.Kind.APPOINTS and appointed is not None:
            self.add_error("appointed_office", _("Only the power to appoint names another office."))
        return cleaned


class OfficialForm(ReferenceForm):
    class Meta:
        model = Official
        fields = [
            "name",
            "title",
            "office",
            "started_on",
            "ended_on",
            "email",
            "phone",
            "address",
            "website",
            *SOURCE_FIELDS,
        ]
        widgets = _dates("started_on", "ended_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.select_related("jurisdiction")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end comes after the start."))
        return cleaned


class FacilityForm(ReferenceForm):
    contract_kinds = forms.MultipleChoiceField(
        label=_("Contracts with ICE or the U.S. Marshals"),
        choices=FacilityContract.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "jurisdiction",
            "controlling_office",
            "operator",
            "address",
            "city",
            "postal_code",
            "capacity",
            "daily_bed_cost",
            "bed_cost_source_url",
            "bed_cost_source_date",
            "bed_cost_source_excerpt",
            "notes",
            *SOURCE_FIELDS,
        ]
        widgets = _dates("bed_cost_source_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.select_related("state")
        self.fields["controlling_office"].queryset = Office.objects.all()
        if self.instance.pk:
            self.fields["contract_kinds"].initial = list(
                self.instance.contracts.values_list("kind", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("daily_bed_cost") is not None and not (
            cleaned.get("bed_cost_source_url") or cleaned.get("bed_cost_source_excerpt")
        ):
            self.add_error(
                "bed_cost_source_url",
                _("Say where the bed cost comes from, so it can be defended at a hearing."),
            )
        return cleaned


class ArrangementForm(ReferenceForm):
    class Meta:
        model = Arrangement
        fields = [
            "office",
            "kind",
            "model_287g",
            "facility",
            "status",
            "signed_on",
            "expires_on",
            "ended_on",
            "document_url",
            "notes",
            *SOURCE_FIELDS,
        ]
        widgets = _dates("signed_on", "expires_on", "ended_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(
            kind__in=Office.LAW_ENFORCEMENT_KINDS
        ) | Office.objects.filter(pk=self.instance.office_id or 0)

    def clean(self):
        cleaned = super().clean()
        kind, model = cleaned.get("kind"), cleaned.get("model_287g")
        if kind == Arrangement.Kind.AGREEMENT_287G and not model:
            self.add_error("model_287g", _("A 287(g) agreement has a model."))
        if kind and kind != Arrangement.Kind.AGREEMENT_287G and model:
            self.add_error("model_287g", _("Only 287(g) agreements have a model."))
        if cleaned.get("ended_on") and cleaned.get("status") != Arrangement.Status.ENDED:
            self.add_error("ended_on", _("Only an ended arrangement has an end date."))
        return cleaned


class DetainerPolicyForm(ReferenceForm):
    class Meta:
        model = DetainerPolicy
        fields = [
            "title",
            "jurisdiction",
            "adopted_by",
            "form",
            "enacted_on",
            "repealed_on",
            "text_url",
            "summary",
            *SOURCE_FIELDS,
        ]
        widgets = _dates("enacted_on", "repealed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.select_related("state")

    def clean(self):
        cleaned = super().clean()
        enacted, repealed = cleaned.get("enacted_on"), cleaned.get("repealed_on")
        if enacted and repealed and repealed < enacted:
            self.add_error("repealed_on", _("A policy is repealed after it is enacted."))
        return cleaned


class CustodyStepForm(ReferenceForm):
    class Meta:
        model = CustodyStep
        fields = ["facility", "stage", "is_usual_final", "notes", *SOURCE_FIELDS]
        widgets = _dates()

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.arresting_office = office
        self.office = office

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_usual_final"):
            others = CustodyStep.objects.filter(arresting_office=self.office, is_usual_final=True)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "is_usual_final",
                    _(
                        "Another facility is already the usual final point of custody; "
                        "unmark it first."
                    ),
                )
        return cleaned


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which list"), choices=ImportRun.Kind.choices)
    file = forms.FileField(label=_("File"))
    as_of = forms.DateField(
        label=_("Date of the list"),
        required=False,
        widget=DATE,
        help_text=_("Read from ICE's file name when left empty (…07182025… is 18 July 2025)."),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class CostEstimateForm(forms.Form):
    holds_per_year = forms.IntegerField(
        label=_("ICE holds per year"), min_value=0, max_value=1_000_000
    )
    extra_days_per_hold = forms.DecimalField(
        label=_("Extra days in jail per hold"),
        min_value=0,
        max_value=365,
        decimal_places=1,
        initial=2,
        help_text=_("Time held past the moment the person would have gone free."),
    )
    pretrial_holds = forms.IntegerField(
        label=_("Holds that block release before trial"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        initial=0,
    )
    extra_pretrial_days = forms.DecimalField(
        label=_("Extra pre-trial days for each of them"),
        min_value=0,
        max_value=3650,
        decimal_places=1,
        required=False,
        initial=0,
        help_text=_("E.g. 50 days for people with a hold against 7 for the same charge: 43."),
    )
    daily_bed_cost = forms.DecimalField(
        label=_("Daily bed cost (USD)"),
        min_value=0,
        max_value=100_000,
        decimal_places=2,
        required=False,
    )
    holds_source = forms.CharField(
        label=_("Where the number of holds comes from"), required=False, max_length=300
    )
