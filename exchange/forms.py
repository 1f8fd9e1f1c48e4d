from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.formats import FORMATS


class PersonalExportForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"), choices=[(f, f.upper()) for f in FORMATS])
    purpose = forms.CharField(
        label=_("Why do you need this export?"),
        max_length=300,
        help_text=_(
            'Recorded in the audit trail with the export, e.g. "mail merge for the 5 May hearing".'
        ),
    )

    def clean_purpose(self) -> str:
        purpose = " ".join(self.cleaned_data["purpose"].split())
        if len(purpose) < 5:
            raise forms.ValidationError(_("Say in a few words what the export is for."))
        return purpose


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, XLSX or ODS)"))

    def __init__(self, *args: Any, campaign: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Upload a .csv, .xlsx or .ods file."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

    def options(self) -> dict[str, Any]:
        """Settings of the import kept in the job (ids only, never personal data)."""
        return {}


class SignatureUploadForm(UploadForm):
    """Signatures (e.g. from paper forms or a partner's list) go into one petition of the
    campaign."""

    petition = forms.ModelChoiceField(
        label=_("Petition"),
        queryset=None,
        help_text=_(
            "Columns: name and email (required), place, comment, wants_updates and "
            "show_publicly (yes or no), language (en or es). A signature with an email "
            "address already on the petition is updated; the same address twice in the file "
            "is counted once."
        ),
    )

    field_order = ["petition", "file"]

    def __init__(self, *args: Any, campaign: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, campaign=campaign, **kwargs)
        from actions.models import Petition

        petitions = Petition.objects.none()
        if campaign is not None:
            petitions = Petition.objects.for_campaign(campaign)
        self.fields["petition"].queryset = petitions

    def options(self) -> dict[str, Any]:
        return {"petition": self.cleaned_data["petition"].pk}


class Upload287gForm(forms.Form):
    file = forms.FileField(label=_("ICE's list (.xlsx)"))
    pending = forms.BooleanField(label=_("This is the list of pending agencies"), required=False)
    as_of = forms.DateField(
        label=_("List date"), help_text=_("The day ICE published the list (YYYY-MM-DD).")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("ICE publishes its lists as .xlsx files."))
        return upload
