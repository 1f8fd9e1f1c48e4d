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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Upload a .csv, .xlsx or .ods file."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


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
