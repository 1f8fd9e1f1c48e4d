from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms.common import MemberChoiceField, members_of, rows, tags_of
from coalition.models import Affiliation, Campaign, Contact, ContactLanguage, Organization
from coalition.models.contacts import phone_key
from coalition.services.contacts import OPT_OUT_FIELDS


class ContactForm(forms.ModelForm):
    # The model's fields are encrypted text; these give them the right inputs and checks.
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=ContactLanguage.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    no_email = forms.BooleanField(label=_("Asked not to be emailed"), required=False)
    no_calls = forms.BooleanField(label=_("Asked not to be called"), required=False)
    no_texts = forms.BooleanField(label=_("Asked not to get text messages"), required=False)
    do_not_contact = forms.BooleanField(
        label=_("Asked not to be contacted at all"),
        required=False,
        help_text=_("Overrides everything above: they appear on no list for outreach."),
    )

    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "preferred_channel", "point_person", "tags", "notes"]
        field_classes = {"point_person": MemberChoiceField}
        widgets = {"notes": rows(4), "tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["point_person"].queryset = members_of(campaign)
        self.fields["point_person"].empty_label = _("Nobody yet")
        self.fields["tags"].queryset = tags_of(campaign)
        self.fields["preferred_channel"].choices = [
            ("", _("No preference")),
            *Contact.Channel.choices,
        ]
        if self.instance.pk:
            self.initial["languages"] = [lang.language for lang in self.instance.languages.all()]
            for wish, field in OPT_OUT_FIELDS.items():
                self.initial[wish] = getattr(self.instance, field) is not None

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and len(phone_key(phone)) < 7:
            raise forms.ValidationError(_("A phone number needs at least 7 digits."))
        return phone

    @property
    def opt_outs(self) -> dict[str, bool]:
        return {wish: self.cleaned_data.get(wish, False) for wish in OPT_OUT_FIELDS}


class AffiliationForm(forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = ["organization", "role"]

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.for_campaign(campaign).only(
            "pk", "name"
        )
        self.fields["organization"].empty_label = _("Choose an organization")


class BaseAffiliationFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            organization = form.cleaned_data.get("organization")
            if organization is None:
                continue
            if organization.pk in seen:
                raise forms.ValidationError(_("Each organization can be listed once."))
            seen.add(organization.pk)

    @property
    def wanted(self) -> list[tuple[Organization, str]]:
        """(organization, role) of every row that is filled in and not marked for removal."""
        return [
            (form.cleaned_data["organization"], form.cleaned_data.get("role", ""))
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("organization")
            and not form.cleaned_data.get("DELETE")
        ]


AffiliationFormSet = forms.inlineformset_factory(
    Contact,
    Affiliation,
    form=AffiliationForm,
    formset=BaseAffiliationFormSet,
    extra=2,
    can_delete=True,
)


class ExportForm(forms.Form):
    CHANNELS = [
        ("any", _("Everyone who may be contacted (each by the channels they allow)")),
        (Contact.Channel.EMAIL, _("Only people who may be emailed")),
        (Contact.Channel.CALL, _("Only people who may be called")),
        (Contact.Channel.TEXT, _("Only people who may get text messages")),
    ]
    channel = forms.ChoiceField(label=_("Who"), choices=CHANNELS, initial="any")
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=500,
        widget=rows(2),
        help_text=_("Why you need this list. It is kept in the audit trail."),
    )

    def clean_purpose(self) -> str:
        purpose = " ".join(self.cleaned_data["purpose"].split())
        if len(purpose) < 5:
            raise forms.ValidationError(_("Say in a few words what the list is for."))
        return purpose


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label=_("Keep which record?"),
        widget=forms.RadioSelect,
        help_text=_("The other record's details, organizations and history move to this one."),
    )

    def __init__(self, *args: Any, first: Contact, second: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pair = {str(first.pk): first, str(second.pk): second}
        self.fields["keep"].choices = [
            (
                str(c.pk),
                _("Record %(pk)s, added %(date)s")
                % {"pk": c.pk, "date": f"{c.created_at:%Y-%m-%d}"},
            )
            for c in (first, second)
        ]
        self.initial.setdefault("keep", str(first.pk))

    def kept_and_merged(self) -> tuple[Contact, Contact]:
        keep = self.cleaned_data["keep"]
        other = next(pk for pk in self.pair if pk != keep)
        return self.pair[keep], self.pair[other]
