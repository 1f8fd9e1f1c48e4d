from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms.common import DateInput, OfficeChoiceField, office_choices
from actions.models import CampaignPlan, RecordsRequest, ResearchLink, ResearchQuestion
from actions.services.research import MAX_DOCUMENT_BYTES
from coalition.models import Membership
from targets.models import Arrangement, DetainerPolicy, Facility, Jurisdiction, Office


class QuestionAddForm(forms.ModelForm):
    class Meta:
        model = ResearchQuestion
        fields = ["question"]
        error_messages = {"question": {"required": _("Write the question.")}}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = ResearchQuestion
        fields = ["question", "answer", "sources", "answered_on"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 6}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "answered_on": DateInput,
        }

    def clean_answer(self) -> str:
        return self.cleaned_data["answer"].strip()


class _TargetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ResearchLinkForm(forms.Form):
    """Link a question to exactly one piece of reference data, chosen from the campaign's place."""

    jurisdiction = _TargetChoice(
        label=_("Jurisdiction"), queryset=Jurisdiction.objects.none(), required=False
    )
    office = _TargetChoice(
        label=_("Office or body"), queryset=Office.objects.none(), required=False
    )
    facility = _TargetChoice(label=_("Facility"), queryset=Facility.objects.none(), required=False)
    arrangement = _TargetChoice(
        label=_("ICE arrangement"), queryset=Arrangement.objects.none(), required=False
    )
    policy = _TargetChoice(
        label=_("Detainer policy"), queryset=DetainerPolicy.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        place = plan.jurisdiction if plan else None
        if place is None:
            return
        places = Jurisdiction.objects.within(place)
        state = [place.state_id] if place.state_id else []
        self.fields["jurisdiction"].queryset = (
            Jurisdiction.objects.filter(pk__in=[place.pk, *state]) | places.order_by()
        )
        self.fields["office"].queryset = office_choices(plan)
        self.fields["facility"].queryset = Facility.objects.filter(
            jurisdiction__in=places
        ).order_by("name")
        self.fields["arrangement"].queryset = (
            Arrangement.objects.filter(office__jurisdiction__in=places)
            .select_related("office")
            .order_by("office__name")
        )
        self.fields["policy"].queryset = DetainerPolicy.objects.filter(
            jurisdiction__in=[place.pk, *state]
        ) | DetainerPolicy.objects.filter(jurisdiction__in=places)

    def clean(self) -> dict:
        data = super().clean()
        chosen = [
            name
            for name in ("jurisdiction", "office", "facility", "arrangement", "policy")
            if data.get(name)
        ]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one piece of reference data to link."))
        return data

    def link(self, question: ResearchQuestion) -> ResearchLink:
        data = self.cleaned_data
        return ResearchLink(
            campaign=question.campaign,
            question=question,
            note=data["note"],
            **{
                name: data[name]
                for name in ("jurisdiction", "office", "facility", "arrangement", "policy")
                if data.get(name)
            },
        )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)


class RecordsRequestForm(forms.ModelForm):
    office = OfficeChoiceField(label=_("Agency"), queryset=Office.objects.none(), required=False)
    owner = MembershipChoiceField(
        label=_("Followed by"), queryset=Membership.objects.none(), required=False
    )

    class Meta:
        model = RecordsRequest
        fields = [
            "subject",
            "office",
            "agency_name",
            "question",
            "request_text",
            "law",
            "sent_on",
            "response_days",
            "extended_to",
            "status",
            "reference_number",
            "owner",
            "responded_on",
            "response",
        ]
        widgets = {
            "sent_on": DateInput,
            "extended_to": DateInput,
            "responded_on": DateInput,
            "request_text": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, campaign, plan: CampaignPlan | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = [self.instance.office_id] if self.instance.office_id else []
        self.fields["office"].queryset = office_choices(plan, current)
        self.fields["office"].help_text = RecordsRequest._meta.get_field("office").help_text
        self.fields["owner"].queryset = (
            Membership.objects.for_campaign(campaign).select_related("user").order_by("user__email")
        )
        self.fields["owner"].help_text = RecordsRequest._meta.get_field("owner").help_text
        self.fields["question"].queryset = ResearchQuestion.objects.for_campaign(campaign)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("office") and not (data.get("agency_name") or "").strip():
            self.add_error("agency_name", _("Choose the agency, or write its name."))
        status = data.get("status")
        if status and status != RecordsRequest.Status.DRAFT and not data.get("sent_on"):
            self.add_error("sent_on", _("Enter the date the request was sent."))
        if (
            data.get("sent_on")
            and data.get("responded_on")
            and data["responded_on"] < data["sent_on"]
        ):
            self.add_error("responded_on", _("The answer cannot come before the request was sent."))
        if (
            data.get("sent_on")
            and data.get("extended_to")
            and data["extended_to"] < data["sent_on"]
        ):
            self.add_error("extended_to", _("An extension cannot end before the request was sent."))
        return data


ALLOWED_EXTENSIONS = {
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "txt",
    "csv",
    "xls",
    "xlsx",
    "ods",
    "jpg",
    "jpeg",
    "png",
    "tif",
    "tiff",
    "eml",
    "msg",
}


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Upload a document, spreadsheet or picture (%(kinds)s).")
                % {"kinds": ", ".join(sorted(ALLOWED_EXTENSIONS))}
            )
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}
            )
        return upload
