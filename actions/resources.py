"""Import resource of petition signatures (django-import-export, run by exchange/).

Signatures gathered on paper or by a partner go into one petition of the campaign, chosen by
the person importing. They are personal data: name, email, place and comment are encrypted by
their fields, and one signature per email address per petition is kept through the email's
keyed hash, computed once per row. An
address already on the petition updates that signature; the same address again in the file is
left out and reported. Rows are written in bulk; the petition's counter is recounted after.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import fields, widgets

from actions.models import Petition, PetitionCounter, Signature
from core import audit
from core.crypto import keyed_hash
from exchange.resources import BulkResource, chunks

# The public form's limits (actions/forms/petitions.py), so an imported signature could
# have been given on the petition's page.
NAME_MAX = 200
EMAIL_MAX = 254
PLACE_MAX = 100
COMMENT_MAX = 1000
LANGUAGES = ("", "en", "es")
YES = {"yes", "y", "true", "1", "x", "sí", "si", "oui"}
NO = {"no", "n", "false", "0", ""}


class YesNoWidget(widgets.Widget):
    """yes / no (also true / false, 1 / 0, sí, x; empty is no). Anything else is refused
    rather than read as no."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        text = str(value if value is not None else "").strip().casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("Write yes or no."))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "yes" if value else "no"


def email_key(email: str) -> str:
    """The keyed hash that keeps one signature per address (core.crypto normalizes case and
    spaces first, as the petition's own form does)."""
    return keyed_hash(email) if email and email.strip() else ""


def _too_long(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("At most %(limit)s characters (this has %(length)s).") % {
            "limit": limit,
            "length": len(value),
        }
    return None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


class SignatureResource(BulkResource):
    duplicates = "skip"

    wants_updates = fields.Field(
        attribute="wants_updates", column_name="wants_updates", widget=YesNoWidget()
    )
    show_publicly = fields.Field(
        attribute="show_publicly", column_name="show_publicly", widget=YesNoWidget()
    )

    class Meta:
        model = Signature
        fields = (
            "name",
            "email",
            "place",
            "comment",
            "wants_updates",
            "show_publicly",
            "language",
        )
        import_id_fields = ()
        batch_size = 1000

    def __init__(self, **kwargs: Any) -> None:
        from exchange.imports import ImportFileError

        super().__init__(**kwargs)
        pk = self.options.get("petition")
        self.petition = None
        if pk and self.campaign is not None:
            self.petition = Petition.objects.for_campaign(self.campaign).filter(pk=pk).first()
        if self.petition is None:
            raise ImportFileError(
                _("The petition of this import is not in the campaign (any more): upload again.")
            )

    def scoped(self) -> Any:
        return Signature.objects.for_campaign(self.campaign).filter(petition=self.petition)

    def summary(self) -> str:
        return _("Into the petition “%(title)s”.") % {"title": self.petition.title}

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.present = self.from_file
        emails = dataset["email"] if "email" in (dataset.headers or ()) else [""] * len(dataset)
        # Each address's keyed hash once; the petition's known addresses in a few queries.
        self.row_hashes = [email_key(str(e or "")) for e in emails]
        self.known: dict[str, int] = {}
        for chunk in chunks(sorted({h for h in self.row_hashes if h})):
            self.known.update(
                self.scoped().filter(email_hash__in=chunk).values_list("email_hash", "pk")
            )

    def lookups(self) -> Any:
        return {
            "campaign": self.campaign.pk,
            "petition": self.petition.pk,
            "show_signers": self.petition.show_signers,
            "known": sorted(self.known.items()),
        }

    def write_scope(self) -> dict[str, Any]:
        return {"campaign_id": self.campaign.pk, "petition_id": self.petition.pk}

    def _row_hash(self) -> str:
        return self.row_hashes[self._row_number - 1]

    def duplicate_key(self, row: Any) -> Any:
        return self._row_hash() or None

    def duplicate_message(self, first_row: int) -> dict[str, list[str]]:
        return {
            "email": [
                _("The same email address as row %(row)s: this row is left out.")
                % {"row": first_row + 1}
            ]
        }

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        pk = self.known.get(self._row_hash())
        if pk is None:
            return None
        return Signature(pk=pk, campaign=self.campaign, petition=self.petition)

    def new_record(self) -> Signature:
        return Signature(
            campaign=self.campaign, petition=self.petition, source=Signature.Source.IMPORT
        )

    def validate_instance(
        self, instance: Signature, import_validation_errors: Any = None, validate_unique=True
    ) -> None:
        """Each field the row sets (all of them for a new signature), without a query."""
        errors = dict(import_validation_errors or {})
        new = instance.pk is None

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        for field, limit in (("name", NAME_MAX), ("place", PLACE_MAX), ("comment", COMMENT_MAX)):
            if field in errors or not (new or field in self.present):
                continue
            value = str(getattr(instance, field) or "")
            # as the public form keeps them: inner spaces folded, except in the comment
            value = value.strip() if field == "comment" else " ".join(value.split())
            setattr(instance, field, value)
            if field == "name" and not value:
                refuse(field, _("Give the signer's name."))
            elif message := _too_long(value, limit):
                refuse(field, message)
            elif _control_characters(value):
                refuse(field, _("Remove the control characters from this cell."))
        if "email" not in errors:
            email = " ".join(str(instance.email or "").split())
            instance.email = email
            if not email:
                refuse("email", _("Give the signer's email address."))
            elif message := _too_long(email, EMAIL_MAX):
                refuse("email", message)
            else:
                try:
                    validate_email(email)
                except ValidationError as error:
                    errors.setdefault("email", []).extend(error.messages)
        if "language" not in errors and (new or "language" in self.present):
            instance.language = (instance.language or "").strip().lower()
            if instance.language not in LANGUAGES:
                refuse("language", _("Write en or es (or leave it empty)."))
        if errors:
            raise ValidationError(errors)

    def prepare(self, instance: Signature, is_create: bool) -> None:
        instance.email_hash = self._row_hash()
        # as on the public page: shown only where the petition shows its signers
        instance.show_publicly = bool(instance.show_publicly) and self.petition.show_signers

    def after_batch(self, batch: list[Any], *, created: bool, extras: dict[int, Any]) -> None:
        audit.record(
            action="signature.created" if created else "signature.updated",
            request=self.request,
            campaign=self.campaign,
            objects=batch,
            changed=["import"],
            petition=self.petition.pk,
            count=len(batch),
            job=getattr(getattr(self, "job", None), "pk", None),
        )

    def finish_write(self) -> None:
        PetitionCounter.recount(self.petition)
