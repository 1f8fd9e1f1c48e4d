"""Letters to officials: a campaign's letter template, the letters the public sends with it,
and the outbox that carries each letter to each recipient (by email, or printed by hand).

The merged text of a letter carries the sender's name and place: it is stored encrypted.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actions.models.petitions import PublicStatus, PublicTextMixin
from coalition.models import Campaign, CampaignScopedQuerySet
from core.fields import EncryptedTextField

# The merge fields a template may use, and what each becomes.
MERGE_FIELDS = {
    "recipient_position": _("the recipient's position, e.g. Sheriff"),
    "recipient_name": _("the recipient's name"),
    "sender_name": _("the sender's name"),
    "sender_place": _("the sender's town or postal code"),
}


class LetterCampaignQuerySet(CampaignScopedQuerySet):
    def published(self) -> "LetterCampaignQuerySet":
        return self.exclude(status=PublicStatus.DRAFT)


class LetterCampaign(PublicTextMixin):
    """A letter the public sends to the officials the campaign chose.

    `text` is the public page's introduction; `subject` and `body` are the letter itself, with
    merge fields written {recipient_position}, {recipient_name}, {sender_name}, {sender_place}.
    """

    Status = PublicStatus

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="letter_campaigns",
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    subject_es = models.CharField(_("subject in Spanish"), max_length=200, blank=True)
    body = models.TextField(_("letter"))
    body_es = models.TextField(_("letter in Spanish"), blank=True)
    recipients = models.ManyToManyField(
        "targets.Official",
        verbose_name=_("recipients"),
        related_name="letter_campaigns",
        help_text=_("Each sender's letter goes to each of these officials."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PublicStatus.choices, default=PublicStatus.DRAFT
    )
    action = models.ForeignKey(
        "actions.CampaignAction",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letter_campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterCampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicStatus.values),
                name="letter_campaign_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "letters:detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    def public_url(self) -> str:
        return reverse("public:letter", kwargs={"slug": self.slug})

    @property
    def accepts_letters(self) -> bool:
        return self.status == PublicStatus.OPEN


class Letter(models.Model):
    """One person's use of a letter campaign. Personal data: encrypted at rest."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    letter_campaign = models.ForeignKey(
        LetterCampaign,
        verbose_name=_("letter campaign"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    sender_name = EncryptedTextField(_("name"))
    sender_email = EncryptedTextField(_("email"))
    sender_email_hash = models.CharField(max_length=64, editable=False)
    sender_place = EncryptedTextField(_("town or postal code"))
    wants_updates = models.BooleanField(_("wants to hear from the campaign"), default=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["letter_campaign", "sender_email_hash"], name="letter_one_per_sender"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Letter %(pk)s") % {"pk": self.pk})


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to send")
    SENT = "sent", pgettext_lazy("outbox status", "Sent")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Failed, gave up")
    PRINT = "print", _("To print (no email address)")
    HANDED = "handed", _("Delivered by hand")


class OutboxQuerySet(CampaignScopedQuerySet):
    def due(self, now) -> "OutboxQuerySet":
        return self.filter(
            status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED], next_attempt_at__lte=now
        )


class OutboxMessage(models.Model):
    """One letter to one recipient, with its delivery state."""

    Status = OutboxStatus

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    letter = models.ForeignKey(
        Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="messages"
    )
    recipient = models.ForeignKey(
        "targets.Official",
        verbose_name=_("recipient"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_label = models.CharField(_("recipient"), max_length=300)
    recipient_email = models.EmailField(_("recipient's address"), blank=True)
    subject = EncryptedTextField(_("subject"))
    body = EncryptedTextField(_("merged letter"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["campaign", "status"], name="outbox_campaign_status"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label} ({self.get_status_display()})"
