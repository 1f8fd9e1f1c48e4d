"""Import resources of coalition data (django-import-export, run by exchange/).

Organizations and meetings are saved row by row through their services. Contacts are written
in bulk (a file of 100,000 contacts takes seconds, not minutes): ContactResource does per batch
what the service does per contact (keyed hashes, languages, audit)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import fields

from coalition.models import Contact, ContactLanguage, Meeting, Organization
from coalition.models.contacts import email_hash, phone_hash
from coalition.services.allies import organization_save
from coalition.services.meetings import meeting_save
from core import audit, bulk
from core.crypto import name_hash
from exchange.resources import BulkResource, ScopedResource, chunks


class OrganizationResource(ScopedResource):
    class Meta:
        model = Organization
        fields = (
            "id",
            "name",
            "kind",
            "stance",
            "capacity",
            "influence",
            "expertise",
            "brings",
            "asks",
            "base_size",
            "website",
            "notes",
        )
        clean_model_instances = True
        skip_unchanged = True

    def match(self, row: Any) -> Any:
        name = str(row.get("name") or "").strip()
        return self.scoped().filter(name__iexact=name).first() if name else None

    def duplicate_key(self, row: Any) -> Any:
        raw = str(row.get("id") or "").strip().lstrip("'")
        if raw:
            return ("id", raw)
        name = " ".join(str(row.get("name") or "").split()).casefold()
        return ("name", name) if name else None

    def do_instance_save(self, instance: Organization, is_create: bool) -> None:
        organization_save(
            organization=instance,
            tags=[] if is_create else list(instance.tags.all()),
            changed=["import"],
            request=self.request,
        )


LANGUAGE_CODES = frozenset(ContactLanguage.Language.values)


class LanguagesColumn(fields.Field):
    """Language codes separated by spaces or commas ("en es")."""

    def clean(self, row: Any, **kwargs: Any) -> list[str]:
        raw = str(row.get(self.column_name) or "").replace(",", " ").split()
        unknown = [code for code in raw if code not in LANGUAGE_CODES]
        if unknown:
            raise ValueError(_("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return raw

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        instance._imported_languages = self.clean(row)

    def get_value(self, instance: Any) -> str:
        if instance.pk is None:
            return ""
        return " ".join(lang.language for lang in instance.languages.all())


# The keyed hash of each contact field that has one (Contact.save computes them the same way).
HASHED = {"name": ("name_hash", name_hash), "email": ("email_hash", email_hash)}
HASHED["phone"] = ("phone_hash", phone_hash)


class ContactResource(BulkResource):
    """Contacts in bulk: checked row by row, written in batches. What Contact.save and
    contact_save would do is done here per batch: the keyed hashes, who added them, the
    languages, an audit record naming every contact written. An update changes only the
    columns of the file; organizations, tags and opt-outs stay as they are.

    A row with an id updates that contact of this campaign; a row without one updates the
    contact with the same email address, else adds a contact. Two rows of one file that
    mean the same contact are refused (merge them first)."""

    languages = LanguagesColumn(attribute="languages", column_name="languages")

    class Meta:
        model = Contact
        fields = ("id", "name", "email", "phone", "preferred_channel", "notes", "languages")
        batch_size = 1000

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.present = self.from_file
        every = [f.name for f in Contact._meta.concrete_fields]
        self._unchecked = [name for name in every if name not in self.present]
        self._unchecked_new = [name for name in self._unchecked if name != "name"]
        headers = dataset.headers or ()
        # Each email's keyed hash once per row; then the known ids and addresses of this
        # campaign in a few queries, instead of one query per row.
        emails = dataset["email"] if "email" in headers else [""] * len(dataset)
        self.row_hashes = [email_hash(str(e or "")) for e in emails]
        ids = set()
        if "id" in headers:
            for raw in dataset["id"]:
                text = str(raw or "").strip().lstrip("'")
                if text.isdigit():
                    ids.add(int(text))
        scoped = self.scoped()
        self.known_ids = set()
        for chunk in chunks(sorted(ids)):
            self.known_ids.update(scoped.filter(pk__in=chunk).values_list("pk", flat=True))
        self.by_email: dict[str, int] = {}
        for chunk in chunks(sorted({h for h in self.row_hashes if h})):
            found = (
                scoped.filter(email_hash__in=chunk)
                .order_by("-created_at", "-pk")
                .values_list("email_hash", "pk")
            )
            for hashed, pk in found:
                self.by_email.setdefault(hashed, pk)  # the newest, as the web's search

    def lookups(self) -> Any:
        return {
            "campaign": self.campaign.pk,
            "user": getattr(self.user, "pk", None),
            "ids": sorted(self.known_ids),
            "emails": sorted(self.by_email.items()),
        }

    def _row_hash(self) -> str:
        return self.row_hashes[self._row_number - 1]

    def _row_id(self, row: Any) -> str:
        return str(row.get("id") or "").strip().lstrip("'")

    def duplicate_key(self, row: Any) -> Any:
        raw, hashed = self._row_id(row), self._row_hash()
        if raw:
            return ("contact", raw)
        if hashed in self.by_email:
            return ("contact", str(self.by_email[hashed]))
        return ("email", hashed) if hashed else None

    def duplicate_message(self, first_row: int) -> dict[str, list[str]]:
        return {
            "email": [
                _("The same contact as row %(row)s of the file: merge the two rows into one.")
                % {"row": first_row + 1}
            ]
        }

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        raw = self._row_id(row)
        if raw:
            if raw.isdigit() and int(raw) in self.known_ids:
                return Contact(pk=int(raw), campaign=self.campaign)
            raise ValueError(
                _("No record with id %(id)s here: leave the id empty to add a new one.")
                % {"id": raw}
            )
        pk = self.by_email.get(self._row_hash())
        return Contact(pk=pk, campaign=self.campaign) if pk else None

    def validate_instance(
        self, instance: Contact, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """The fields the file sets (and the name of a new contact), by the model's own field
        checks and as the web form checks the address; no query per row (relations are set
        by the import, not by the file)."""
        errors = dict(import_validation_errors or {})
        new = instance.pk is None
        exclude = self._unchecked_new if new else self._unchecked
        try:
            instance.clean_fields(exclude=[*exclude, *errors])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        name_checked = new or "name" in self.present
        if name_checked and "name" not in errors and not (instance.name or "").strip():
            errors["name"] = [_("Give the person's name.")]
        if instance.email and "email" not in errors:
            try:
                validate_email(instance.email.strip())
            except ValidationError as error:
                errors["email"] = error.messages
        if errors:
            raise ValidationError(errors)

    def derived_fields(self, from_file: Any) -> list[str]:
        return [HASHED[f.name][0] for f in from_file if f.name in HASHED]

    def prepare(self, instance: Contact, is_create: bool) -> None:
        for field, (hash_field, compute) in HASHED.items():
            value = (getattr(instance, field) or "").strip()
            setattr(instance, field, value)
            # the email's hash was computed once for the row (it finds the known contact)
            hashed = self._row_hash() if field == "email" else compute(value)
            setattr(instance, hash_field, hashed)
        if is_create:
            instance.created_by = self.user

    def related(self, instance: Contact) -> Any:
        return getattr(instance, "_imported_languages", None)

    def after_batch(self, batch: list[Any], *, created: bool, extras: dict[int, Any]) -> None:
        if not created and extras:
            ContactLanguage.objects.filter(contact_id__in=list(extras)).delete()
        bulk.insert(
            ContactLanguage,
            [
                ContactLanguage._meta.get_field("contact"),
                ContactLanguage._meta.get_field("language"),
            ],
            [[pk, code] for pk, codes in extras.items() for code in sorted(set(codes))],
        )
        audit.record(
            action="contact.created" if created else "contact.updated",
            request=self.request,
            campaign=self.campaign,
            objects=batch,
            changed=["import"],
            count=len(batch),
            job=getattr(getattr(self, "job", None), "pk", None),
        )


class MeetingResource(ScopedResource):
    class Meta:
        model = Meeting
        fields = (
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "agenda",
            "decisions",
        )
        clean_model_instances = True

    def do_instance_save(self, instance: Meeting, is_create: bool) -> None:
        meeting_save(
            meeting=instance,
            attendees=[] if is_create else list(instance.attendees.all()),
            organizations=[] if is_create else list(instance.organizations.all()),
            officials=[] if is_create else list(instance.officials.all()),
            contacts=None,
            changed=["import"],
            request=self.request,
        )
