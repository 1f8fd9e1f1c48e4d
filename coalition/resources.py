"""Import resources of coalition data (django-import-export, run by exchange/). Contacts are
saved through contacts' own service, so their keyed hashes (and deduplication) and the audit
trail work as for the web form."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import fields

from coalition.models import Contact, ContactLanguage, Meeting, Organization
from coalition.models.contacts import email_hash
from coalition.services.allies import organization_save
from coalition.services.contacts import OPT_OUT_FIELDS, contact_save
from coalition.services.meetings import meeting_save
from exchange.resources import ScopedResource


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

    def do_instance_save(self, instance: Organization, is_create: bool) -> None:
        organization_save(
            organization=instance,
            tags=[] if is_create else list(instance.tags.all()),
            changed=["import"],
            request=self.request,
        )


class LanguagesColumn(fields.Field):
    """Language codes separated by spaces or commas ("en es")."""

    def clean(self, row: Any, **kwargs: Any) -> list[str]:
        raw = str(row.get(self.column_name) or "").replace(",", " ").split()
        unknown = [code for code in raw if code not in ContactLanguage.Language.values]
        if unknown:
            raise ValueError(_("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return raw

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        instance._imported_languages = self.clean(row)

    def get_value(self, instance: Any) -> str:
        if instance.pk is None:
            return ""
        return " ".join(lang.language for lang in instance.languages.all())


class ContactResource(ScopedResource):
    languages = LanguagesColumn(attribute="languages", column_name="languages")

    class Meta:
        model = Contact
        fields = ("id", "name", "email", "phone", "preferred_channel", "notes", "languages")
        clean_model_instances = True

    def match(self, row: Any) -> Any:
        """The same email address in this campaign is the same person (keyed hash)."""
        email = str(row.get("email") or "").strip()
        return self.scoped().filter(email_hash=email_hash(email)).first() if email else None

    def validate_instance(
        self, instance: Contact, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # The address is encrypted text in the model: check it as the web form's EmailField does.
        errors = dict(import_validation_errors or {})
        if instance.email:
            try:
                validate_email(instance.email.strip())
            except ValidationError as error:
                errors.setdefault("email", []).extend(error.messages)
        super().validate_instance(instance, errors, validate_unique)

    def do_instance_save(self, instance: Contact, is_create: bool) -> None:
        languages = getattr(instance, "_imported_languages", None)
        if languages is None:
            languages = [] if is_create else [c.language for c in instance.languages.all()]
        contact_save(
            contact=instance,
            affiliations=[]
            if is_create
            else [(a.organization, a.role) for a in instance.affiliations.all()],
            languages=languages,
            tags=[] if is_create else list(instance.tags.all()),
            opt_outs={w: getattr(instance, f) is not None for w, f in OPT_OUT_FIELDS.items()},
            changed=["import"],
            request=self.request,
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
