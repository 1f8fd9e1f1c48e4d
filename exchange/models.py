"""Background jobs of the data exchange: long imports and exports, with their progress.

A job carries ids and settings, never personal data, to the task. Files that may hold personal
data (an uploaded spreadsheet waiting for confirmation, an export's result) are stored in the
database encrypted (core.fields.EncryptedTextField, base64 inside), so any web process or
worker can read them, nothing lies in plain text on disk, and they expire.
"""

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, CampaignScopedQuerySet
from core.fields import EncryptedTextField


def file_expiry():
    return timezone.now() + timedelta(hours=settings.EXCHANGE_FILE_HOURS)


class JobQuerySet(CampaignScopedQuerySet):
    def of_user(self, user) -> "JobQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def expired(self) -> "JobQuerySet":
        return self.filter(expires_at__lte=timezone.now())

    def stalled(self) -> "JobQuerySet":
        """Running jobs whose worker has not reported for `EXCHANGE_JOB_TIMEOUT_MINUTES`:
        the worker stopped (killed, restarted, out of memory) and the job will not finish."""
        return self.filter(status=Job.Status.RUNNING, updated_at__lt=timezone.now() - job_timeout())


def job_timeout() -> timedelta:
    return timedelta(minutes=getattr(settings, "EXCHANGE_JOB_TIMEOUT_MINUTES", 15))


class Job(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT_PREVIEW = "import_preview", _("Import: dry run")
        IMPORT_APPLY = "import_apply", _("Import")
        ICE_287G = "ice_287g", _("ICE 287(g) list")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        PREVIEWED = "previewed", _("Dry run done, waiting for confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        help_text=_("Empty for jobs on the shared reference data."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    resource = models.CharField(_("records"), max_length=40)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    personal = models.BooleanField(_("holds personal data"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    processed = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    upload = EncryptedTextField(_("uploaded file"), blank=True, editable=False)
    upload_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    result = EncryptedTextField(_("result file"), blank=True, editable=False)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_type = models.CharField(_("result content type"), max_length=120, blank=True)
    error = models.TextField(_("error report"), blank=True)
    options = models.JSONField(
        _("options"), default=dict, blank=True, help_text=_("E.g. the petition of an import.")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    # The worker's heartbeat: written with every progress report and status change.
    updated_at = models.DateTimeField(_("last heard from the worker"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("files expire"), default=file_expiry)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__gte=0), name="job_processed_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.resource}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exchange:job_detail", kwargs={"job_id": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.PREVIEWED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def set_upload(self, data: bytes) -> None:
        self.upload = base64.b64encode(data).decode() if data else ""

    def upload_bytes(self) -> bytes:
        return base64.b64decode(self.upload) if self.upload else b""

    def set_result(self, data: bytes, *, name: str, content_type: str) -> None:
        self.result = base64.b64encode(data).decode()
        self.result_name = name
        self.result_type = content_type

    def result_bytes(self) -> bytes:
        return base64.b64decode(self.result) if self.result else b""


class StagedRows(models.Model):
    """A batch of rows that an import's dry run checked and prepared for the database
    (personal fields already encrypted by their fields, keyed hashes computed), so that the
    confirmed import writes them as they are instead of checking the file again
    (exchange/staging.py). Batch 0 says what the rows were prepared against. The batch is
    encrypted as a whole too, and goes with its job: when it is applied, fails or expires."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="staged_rows")
    number = models.PositiveIntegerField()
    data = EncryptedTextField(editable=False)

    class Meta:
        ordering = ["job", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="staged_rows_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.number}"


TOKEN_PREFIX = "bl_"  # noqa: S105 - a marker that says what the key is, not a secret
TOKEN_SHOWN = 10  # characters of the key kept to tell tokens apart ("bl_" and 7 more)


def hash_token(key: str) -> str:
    """SHA-256 of the whole key. Keys are 256 random bits: a plain hash cannot be reversed or
    guessed, and needs no secret that could be lost or rotated."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user: Any) -> "ApiTokenQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash and its first characters are stored: the
    key is shown once, when it is made, and a copy of the database authenticates no one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    prefix = models.CharField(_("first characters"), max_length=TOKEN_SHOWN, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @classmethod
    def issue(cls, user: Any) -> tuple["ApiToken", str]:
        """Make a token for `user`; returns it with its key (the only time the key exists)."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, prefix=key[:TOKEN_SHOWN], key_hash=hash_token(key))
        return token, key
