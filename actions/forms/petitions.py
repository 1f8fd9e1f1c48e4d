"""Forms of the petitions feature: the petition, what the public sees of it, its delivery, the
exports of its signatures, and the public signature form."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from actions.forms.common import OfficeMultipleChoiceField, office_choices
from actions.models import ActionKind, CampaignAction, CampaignPlan, Petition, PublicStatus
from actions.public import HoneypotForm
from actions.services.petitions import unique_slug
from coalition.forms.common import DateTimeInput
from coalition.models import Campaign, Organization
from exchange.forms import PersonalExportForm
from targets.models import Office

NAME_MAX = 200
EMAIL_MAX = 254
PLACE_MAX = 100
COMMENT_MAX = 1000


class _Sponsors(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class PetitionForm(forms.ModelForm):
    """What leads and coordinators write: the text and who it addresses. Whether the public
    sees it is the lead's decision (PublishForm)."""

    targets = OfficeMultipleChoiceField(
        label=_("Targets"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The offices the petition asks to act, e.g. the sheriff and the county board."),
    )
    sponsors = _Sponsors(
        label=_("Sponsoring organizations"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Allies that lend their name; the public page lists them."),
    )

    class Meta:
        model = Petition
        fields = [
            "title",
            "title_es",
            "addressed_to",
            "text",
            "text_es",
            "targets",
            "sponsors",
            "goal",
            "slug",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "text_es": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(
        self, *args, campaign: Campaign, plan: CampaignPlan | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        current = (
            list(self.instance.targets.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["targets"].queryset = office_choices(plan, current)
        self.fields["sponsors"].queryset = Organization.objects.for_campaign(campaign).order_by(
            "name"
        )
        self.fields["goal"].validators.append(MinValueValidator(1))
        self.fields["goal"].widget.attrs["min"] = 1
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _(
            "The end of the public address, e.g. end-287g-example-county. "
            "Left empty, it is made from the title."
        )
        if self.instance.pk and self.instance.status != PublicStatus.DRAFT:
            # Links to a published petition are out there: its address stays.
            slug.disabled = True
            slug.help_text = _("The address cannot change once the petition has been published.")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("slug") and data.get("title") and not self.fields["slug"].disabled:
            data["slug"] = unique_slug(data["title"], exclude_pk=self.instance.pk)
        return data


def _model_field(name: str):
    return Petition._meta.get_field(name)


class PublishForm(forms.Form):
    """What the public sees of the petition: the lead's decision."""

    status = forms.ChoiceField(
        label=capfirst(_model_field("status").verbose_name), choices=PublicStatus.choices
    )
    show_signers = forms.BooleanField(
        label=capfirst(_model_field("show_signers").verbose_name),
        help_text=_model_field("show_signers").help_text,
        required=False,
    )

    @classmethod
    def for_petition(cls, petition: Petition, data=None) -> "PublishForm":
        return cls(data, initial={"status": petition.status, "show_signers": petition.show_signers})


class DeliveryForm(forms.Form):
    delivered_at = forms.DateTimeField(label=_("Delivered on"), widget=DateTimeInput)
    delivery_action = forms.ModelChoiceField(
        label=_("Delivery action"),
        queryset=CampaignAction.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The petition-delivery action of the campaign's plan, if there is one."),
    )
    create_action = forms.BooleanField(
        label=_("Add a petition-delivery action to the campaign's actions"),
        required=False,
        help_text=_("With its date, the petition's targets and its sponsors as allies."),
    )
    close = forms.BooleanField(
        label=_("Stop taking signatures (close the petition)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        actions = CampaignAction.objects.for_campaign(campaign).filter(
            kind=ActionKind.PETITION_DELIVERY
        )
        self.fields["delivery_action"].queryset = actions
        self.has_actions = actions.exists()
        if not self.has_actions:
            self.fields["create_action"].initial = True

    def clean(self) -> dict:
        data = super().clean()
        if data.get("delivery_action") and data.get("create_action"):
            raise forms.ValidationError(
                _("Choose an existing delivery action or add a new one, not both.")
            )
        return data


class SignatureExportForm(PersonalExportForm):
    """The signatures, for delivery: a personal-data export (lead, purpose, audit)."""

    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("pdf", "PDF")]
    )
    with_email = forms.BooleanField(
        label=_("Add the email addresses of signers who asked to hear from the campaign"),
        required=False,
        help_text=_(
            "For the campaign's own follow-up. Leave it unticked for the copy you deliver: "
            "the targets need names and towns, not emails."
        ),
    )

    field_order = ["file_format", "with_email", "purpose"]


COUNT_FORMATS = ("csv", "xlsx", "pdf")


class SignForm(HoneypotForm):
    """The public form: short, nothing asked that the campaign does not need."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    place = forms.CharField(
        label=_("Postal code or town"),
        max_length=PLACE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_updates = forms.BooleanField(
        label=_("Yes, send me news of this campaign by email"), required=False
    )
    show_publicly = forms.BooleanField(
        label=_("Show my first name and town on this page"), required=False
    )

    field_order = ["name", "email", "place", "comment", "wants_updates", "show_publicly"]

    def __init__(self, *args, petition: Petition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not petition.show_signers:
            del self.fields["show_publicly"]
