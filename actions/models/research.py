"""Research: the toolkit's questions with their answers, sources and links to reference data,
and public-records requests tracked from sending to documents received."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from actions.businessdays import add_business_days
from coalition.models import Campaign, CampaignScopedQuerySet, Membership


class ResearchQuestion(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="research_questions",
    )
    key = models.SlugField(
        _("toolkit question"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Which of the toolkit's questions this is; empty for the campaign's own."),
    )
    question = models.CharField(_("question"), max_length=500)
    hint = models.TextField(_("where to look"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    sources = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("Addresses, documents or people the answer rests on, one per line."),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("research question")
        verbose_name_plural = _("research questions")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "key"],
                condition=~models.Q(key=""),
                name="research_question_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse(
            "actions:question_detail",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )

    @property
    def is_answered(self) -> bool:
        return bool(self.answer.strip())

    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


LINK_FIELDS = ("jurisdiction", "office", "facility", "arrangement", "policy")


def _exactly_one_link() -> models.Q:
    condition = models.Q(pk__in=[])
    for chosen in LINK_FIELDS:
        one = models.Q(**{f"{chosen}__isnull": False})
        for other in LINK_FIELDS:
            if other != chosen:
                one &= models.Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


class ResearchLink(models.Model):
    """A piece of reference data that answers (part of) a research question."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        ResearchQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    jurisdiction = models.ForeignKey(
        "targets.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    office = models.ForeignKey(
        "targets.Office",
        verbose_name=_("office or body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    facility = models.ForeignKey(
        "targets.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    arrangement = models.ForeignKey(
        "targets.Arrangement",
        verbose_name=_("ICE arrangement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    policy = models.ForeignKey(
        "targets.DetainerPolicy",
        verbose_name=_("detainer policy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("research link")
        verbose_name_plural = _("research links")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_link(), name="research_link_exactly_one_target"
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    def get_absolute_url(self) -> str:
        return self.question.get_absolute_url()

    @property
    def target(self) -> models.Model | None:
        for name in LINK_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def target_kind(self) -> str:
        for name in LINK_FIELDS:
            if getattr(self, f"{name}_id"):
                return str(self._meta.get_field(name).verbose_name)
        return ""


class RecordsStatus(models.TextChoices):
    DRAFT = "draft", _("Being drafted")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    EXTENDED = "extended", _("Extended by the agency")
    PARTIAL = "partial", _("Partly answered")
    FULFILLED = "fulfilled", _("Answered in full")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecordsRequestQuerySet(CampaignScopedQuerySet):
    def awaiting(self) -> "RecordsRequestQuerySet":
        """Sent and not yet answered in full, denied or withdrawn."""
        return self.filter(status__in=RecordsRequest.WAITING)


class RecordsRequest(models.Model):
    """A public-records request: to whom, about what, when it is due, what came back."""

    Status = RecordsStatus
    WAITING = (
        RecordsStatus.SENT,
        RecordsStatus.ACKNOWLEDGED,
        RecordsStatus.EXTENDED,
        RecordsStatus.PARTIAL,
    )

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="records_requests",
    )
    question = models.ForeignKey(
        ResearchQuestion,
        verbose_name=_("research question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records_requests",
        help_text=_("The question the records should help answer."),
    )
    office = models.ForeignKey(
        "targets.Office",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records_requests",
        help_text=_("The office the request went to, if it is in the reference data."),
    )
    agency_name = models.CharField(
        _("agency (if not in the list)"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the county's records officer, when the office is not listed."),
    )
    subject = models.CharField(
        _("subject"), max_length=300, help_text=_("E.g. ICE hold requests received in 2025.")
    )
    request_text = models.TextField(_("what was asked for"), blank=True)
    law = models.CharField(
        _("records law cited"), max_length=200, blank=True, help_text=_("E.g. the state's act.")
    )
    reference_number = models.CharField(_("agency's tracking number"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("business days to answer"),
        null=True,
        blank=True,
        help_text=_(
            "As your state's records law sets it (for example 10). States differ: some count "
            "calendar days or allow extensions. Weekends and federal holidays are skipped; "
            "check state holidays yourself."
        ),
    )
    due_on = models.DateField(_("legal due date"), null=True, blank=True, editable=False)
    extended_to = models.DateField(
        _("extended to"), null=True, blank=True, help_text=_("A later date the agency set.")
    )
    status = models.CharField(
        _("status"), max_length=15, choices=RecordsStatus.choices, default=RecordsStatus.DRAFT
    )
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("followed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records_requests",
        help_text=_("Gets the reminders; without one, the leads and coordinators do."),
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True, help_text=_("What the agency said."))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("public-records request")
        verbose_name_plural = _("public-records requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RecordsStatus.values), name="records_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(response_days__isnull=True)
                | models.Q(response_days__gte=1, response_days__lte=365),
                name="records_response_days_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="records_status_due")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse(
            "actions:records_detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    @property
    def agency(self) -> str:
        return str(self.office) if self.office_id else self.agency_name

    def computed_due_on(self) -> datetime.date | None:
        if self.sent_on is None or not self.response_days:
            return None
        return add_business_days(self.sent_on, self.response_days)

    @property
    def deadline(self) -> datetime.date | None:
        """The date that counts now: an extension if the agency gave one, else the legal date."""
        return self.extended_to or self.due_on

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        deadline = self.deadline
        return (
            self.is_waiting and deadline is not None and deadline < (today or timezone.localdate())
        )


def records_upload_to(document: "RecordsDocument", filename: str) -> str:
    # A random prefix: two uploads of "response.pdf" never collide, and names are not guessable.
    name = get_valid_filename(PurePath(filename).name)[-120:] or "document"
    return f"records/{document.campaign.slug}/{uuid.uuid4().hex[:12]}-{name}"


class RecordsDocument(models.Model):
    """A document an agency released: public records, not personal data."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    request = models.ForeignKey(
        RecordsRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to=records_upload_to, max_length=300)
    title = models.CharField(_("title"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("document received")
        verbose_name_plural = _("documents received")

    def __str__(self) -> str:
        return self.title or self.filename

    def get_absolute_url(self) -> str:
        return reverse(
            "actions:records_document",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )

    @property
    def filename(self) -> str:
        name = PurePath(self.file.name).name
        return name.split("-", 1)[1] if "-" in name else name


class RecordsReminder(models.Model):
    """A reminder email about a request on a day: at most one per request per day."""

    request = models.ForeignKey(
        RecordsRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    sent_on = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("records reminder")
        verbose_name_plural = _("records reminders")
        constraints = [
            models.UniqueConstraint(fields=["request", "sent_on"], name="records_reminder_daily"),
        ]

    def __str__(self) -> str:
        return f"{self.request} ({self.sent_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()
