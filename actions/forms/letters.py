from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actions.models import CampaignAction, CampaignPlan, LetterCampaign, PublicStatus
from actions.public import HoneypotForm
from actions.services.letters import template_errors
from targets.models import Jurisdiction, Official

# The English letter a new letter campaign starts from (the Spanish one starts empty: left
# empty, Spanish speakers send the English letter, which is better than a different one).
DEFAULT_BODY = (
    "Dear {recipient_position} {recipient_name},\n\n"
    "I am writing to ask you to stop holding people for ICE and to end the county's 287(g) "
    "agreement.\n\n"
    "Sincerely,\n"
    "{sender_name}\n"
    "{sender_place}"
)
TEMPLATE_FIELDS = ("subject", "subject_es", "body", "body_es")


def official_choices(plan: CampaignPlan | None, current: list[int]) -> QuerySet[Official]:
    """Officials in office in the campaign's place (and its state), plus any already chosen.
    Without a place, every official in office."""
    officials = Official.objects.select_related("office__jurisdiction")
    if plan is None or plan.jurisdiction is None:
        chosen = Q()
    else:
        place = plan.jurisdiction
        chosen = Q(office__jurisdiction__in=Jurisdiction.objects.within(place))
        if place.state_id:
            chosen |= Q(office__jurisdiction=place.state_id)
    in_office = officials.current().filter(chosen).values("pk")
    return officials.filter(Q(pk__in=in_office) | Q(pk__in=current)).order_by(
        "office__name", "name", "pk"
    )


class OfficialChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Official) -> str:
        title = f", {obj.title}" if obj.title else ""
        contact = "" if (obj.email or obj.office.email) else f" — {_('no email: printed')}"
        return f"{obj.name}{title} ({obj.office.name}){contact}"


class LetterCampaignForm(forms.ModelForm):
    recipients = OfficialChoiceField(
        label=_("Recipients"),
        queryset=Official.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each sender's letter goes to each of these officials: by email where the reference "
            "data has a public address, printed for hand delivery otherwise."
        ),
        error_messages={"required": _("Choose at least one official to write to.")},
    )

    class Meta:
        model = LetterCampaign
        fields = [
            "title",
            "title_es",
            "slug",
            "text",
            "text_es",
            "subject",
            "subject_es",
            "body",
            "body_es",
            "recipients",
            "action",
        ]
        labels = {"text": _("Introduction"), "text_es": _("Introduction in Spanish")}
        help_texts = {
            "slug": _("The end of the public address, e.g. write-the-sheriff."),
            "text": _("Why people should write, shown above the letter on the public page."),
            "body": _(
                "Merge fields: {recipient_position}, {recipient_name}, {sender_name}, "
                "{sender_place}. Write {{ or }} for a brace."
            ),
            "body_es": _("Left empty, Spanish speakers send the English letter."),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "text_es": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "body_es": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, campaign, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = (
            list(self.instance.recipients.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["recipients"].queryset = official_choices(plan, current)
        self.fields["action"].queryset = CampaignAction.objects.for_campaign(campaign).order_by(
            "-happens_on", "pk"
        )
        self.fields["action"].required = False
        if not self.instance.pk and not self.is_bound and not self.initial.get("body"):
            self.initial["body"] = DEFAULT_BODY

    def clean(self) -> dict:
        data = super().clean()
        for field in TEMPLATE_FIELDS:
            for error in template_errors(data.get(field) or ""):
                self.add_error(field, error)
        return data


class LetterStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Public page"), choices=PublicStatus.choices, widget=forms.RadioSelect
    )


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class PublicLetterForm(HoneypotForm):
    """What a sender gives: no account, nothing shown publicly."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Please enter your name: it signs the letter.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter an email address like name@example.org."),
        },
        help_text=_("Never shown publicly. One letter per email address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    place = forms.CharField(
        label=_("Your town or postal code"),
        max_length=100,
        error_messages={
            "required": _("Please enter your town or postal code: officials listen to voters.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    wants_updates = forms.BooleanField(
        label=_("Keep me informed about this campaign"), required=False
    )

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean_place(self) -> str:
        return _one_line(self.cleaned_data["place"])

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()
