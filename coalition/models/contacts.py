"""Contacts: the people of allied organizations and beyond. Names, contact details and notes
are encrypted; keyed hashes beside them find duplicates and exact matches without decrypting."""

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.models.allies import Organization, Tag
from coalition.models.campaigns import Campaign, CampaignScopedQuerySet, Membership
from core.crypto import keyed_hash, name_hash
from core.fields import EncryptedTextField


def phone_key(phone: str) -> str:
    """The digits of a phone number, without a US country code, so that "(555) 010-2000" and
    "+1 555 010 2000" are the same number."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def email_hash(email: str) -> str:
    return keyed_hash(email) if email and email.strip() else ""


def phone_hash(phone: str) -> str:
    digits = phone_key(phone)
    return keyed_hash(digits) if digits else ""


class ContactQuerySet(CampaignScopedQuerySet):
    def reachable_by(self, channel: str) -> "ContactQuerySet":
        """Contacts who have this channel and have not opted out of it (or of everything)."""
        found = self.filter(do_not_contact_at__isnull=True)
        if channel == Contact.Channel.EMAIL:
            return found.exclude(email_hash="").filter(email_opt_out_at__isnull=True)
        if channel == Contact.Channel.CALL:
            return found.exclude(phone_hash="").filter(call_opt_out_at__isnull=True)
        if channel == Contact.Channel.TEXT:
            return found.exclude(phone_hash="").filter(text_opt_out_at__isnull=True)
        return found

    def emailable(self) -> "ContactQuerySet":
        return self.reachable_by(Contact.Channel.EMAIL)

    def search(self, text: str) -> "ContactQuerySet":
        """Exact full name, email address or phone number (through their keyed hashes, since
        the values are encrypted), or part of the name of an organization they belong to, or a
        tag's name."""
        text = text.strip()
        if not text:
            return self
        by_org = Affiliation.objects.filter(
            contact=models.OuterRef("pk"), organization__name__icontains=text
        )
        by_tag = Contact.tags.through.objects.filter(
            contact=models.OuterRef("pk"), tag__name__iexact=text
        )
        condition = (
            models.Q(email_hash=keyed_hash(text)) | models.Exists(by_org) | models.Exists(by_tag)
        )
        if hashed_name := name_hash(text):  # "" for text with no letters: no name matches it
            condition |= models.Q(name_hash=hashed_name)
        digits = phone_key(text)
        if len(digits) >= 7:
            condition |= models.Q(phone_hash=keyed_hash(digits))
        return self.filter(condition)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    IN_PERSON = "in_person", _("In person")
    THROUGH_ORGANIZATION = "organization", _("Through their organization")


class Contact(models.Model):
    """A person the coalition works with."""

    Channel = Channel

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = EncryptedTextField(_("name"))
    name_hash = models.CharField(max_length=64, db_index=True, editable=False, default="")
    email = EncryptedTextField(_("email address"), blank=True)
    email_hash = models.CharField(max_length=64, db_index=True, editable=False, default="")
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False, default="")
    notes = EncryptedTextField(
        _("notes"),
        blank=True,
        help_text=_("Encrypted. Never write down anyone's immigration status or place of birth."),
    )
    preferred_channel = models.CharField(
        _("preferred way to reach them"), max_length=20, choices=Channel.choices, blank=True
    )
    email_opt_out_at = models.DateTimeField(
        _("asked not to be emailed"), null=True, blank=True, editable=False
    )
    call_opt_out_at = models.DateTimeField(
        _("asked not to be called"), null=True, blank=True, editable=False
    )
    text_opt_out_at = models.DateTimeField(
        _("asked not to be texted"), null=True, blank=True, editable=False
    )
    do_not_contact_at = models.DateTimeField(
        _("asked not to be contacted at all"), null=True, blank=True, editable=False
    )
    point_person = models.ForeignKey(
        Membership,
        verbose_name=_("point person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts_held",
        help_text=_("The coalition member who keeps in touch with this person."),
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organizations"),
        through="coalition.Affiliation",
        blank=True,
        related_name="contacts",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="contacts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    # Opt-out timestamp field of each channel; do_not_contact_at covers them all.
    OPT_OUT_FIELDS = {
        Channel.EMAIL: "email_opt_out_at",
        Channel.CALL: "call_opt_out_at",
        Channel.TEXT: "text_opt_out_at",
    }

    class Meta:
        # Names are encrypted and cannot be sorted in the database: newest first.
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_channel="")
                | models.Q(preferred_channel__in=Channel.values),
                name="contact_preferred_channel_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "-created_at"], name="contact_campaign_created"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The hashes are derived from the encrypted values and must never drift from them.
        self.name_hash = name_hash(self.name)
        self.email_hash = email_hash(self.email)
        self.phone_hash = phone_hash(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            pairs = {"name": "name_hash", "email": "email_hash", "phone": "phone_hash"}
            kwargs["update_fields"] = {
                *update_fields,
                *(pairs[f] for f in update_fields if f in pairs),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "coalition:contact_detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    def may_be_reached_by(self, channel: str) -> bool:
        if self.do_not_contact_at is not None:
            return False
        if channel == self.Channel.EMAIL:
            return bool(self.email) and self.email_opt_out_at is None
        if channel in (self.Channel.CALL, self.Channel.TEXT):
            return bool(self.phone) and getattr(self, self.OPT_OUT_FIELDS[channel]) is None
        return True

    @property
    def may_email(self) -> bool:
        return self.may_be_reached_by(self.Channel.EMAIL)

    @property
    def may_call(self) -> bool:
        return self.may_be_reached_by(self.Channel.CALL)

    @property
    def may_text(self) -> bool:
        return self.may_be_reached_by(self.Channel.TEXT)

    @property
    def opted_out_of(self) -> list[str]:
        """Labels of the channels this person asked us not to use."""
        if self.do_not_contact_at is not None:
            return [str(_("all contact"))]
        return [
            str(self.Channel(channel).label)
            for channel, field in self.OPT_OUT_FIELDS.items()
            if getattr(self, field) is not None
        ]


class Affiliation(models.Model):
    """A contact belongs to an organization, with a role there."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(
        _("role there"), max_length=200, blank=True, help_text=_("E.g. organizer, pastor, chair.")
    )

    class Meta:
        ordering = ["organization__name", "pk"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "organization"], name="affiliation_unique_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.role}" if self.role else str(self.organization)

    def get_absolute_url(self) -> str:
        return self.contact.get_absolute_url()


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    VIETNAMESE = "vi", _("Vietnamese")
    TAGALOG = "tl", _("Tagalog")
    KOREAN = "ko", _("Korean")
    ARABIC = "ar", _("Arabic")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    PORTUGUESE = "pt", _("Portuguese")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    HINDI = "hi", _("Hindi")
    PUNJABI = "pa", _("Punjabi")
    SOMALI = "so", _("Somali")
    AMHARIC = "am", _("Amharic")
    KICHE = "quc", _("K'iche'")
    MAM = "mam", _("Mam")
    ASL = "ase", _("American Sign Language")
    OTHER = "other", _("Another language")


class ContactLanguage(models.Model):
    """A language a contact speaks, so meetings and calls can be planned in it."""

    Language = Language

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["contact", "language"], name="contact_language_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values), name="contact_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_language_display()

    def get_absolute_url(self) -> str:
        return self.contact.get_absolute_url()
