"""Requests from the public to lead the campaign in their county.

Not campaign data: there is no campaign yet. Site staff review each request; approving it
creates the campaign and invites the person as its lead. The person's details are encrypted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedTextField


class LeadRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", pgettext_lazy("lead request", "Approved")
    DECLINED = "declined", pgettext_lazy("lead request", "Declined")


class LeadRequest(models.Model):
    Status = LeadRequestStatus

    jurisdiction = models.ForeignKey(
        "targets.Jurisdiction",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="lead_requests",
    )
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("email"))
    email_hash = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    organization = EncryptedTextField(_("organization"), blank=True)
    message = EncryptedTextField(_("why you want to lead it"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LeadRequestStatus.choices,
        default=LeadRequestStatus.PENDING,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note"), blank=True)
    campaign = models.ForeignKey(
        "coalition.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_requests",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request to lead a campaign")
        verbose_name_plural = _("requests to lead a campaign")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LeadRequestStatus.values),
                name="lead_request_status_valid",
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "email_hash"],
                condition=models.Q(status="pending"),
                name="lead_request_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Request to lead in %(place)s") % {"place": self.jurisdiction})
