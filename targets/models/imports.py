from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """An uploaded public file, kept between its dry run and its confirmation.

    The file is stored in the database rather than on local disk so that the dry run and the
    confirmation can be served by different processes. These files are public data.
    """

    class Kind(models.TextChoices):
        CENSUS_COUNTIES = "census_counties", _("Census counties (national_county.txt)")
        ICE_287G_PARTICIPATING = "ice_287g_participating", _("ICE 287(g) participating agencies")
        ICE_287G_PENDING = "ice_287g_pending", _("ICE 287(g) pending agencies")
        ICE_FACILITIES = "ice_facilities", _("ICE detention statistics: facilities")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Dry run done, waiting for confirmation")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    kind = models.CharField(_("file"), max_length=30, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    as_of = models.DateField(_("list date"), help_text=_("The day the list was published."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    preview = models.JSONField(_("dry run report"), default=dict)
    result = models.JSONField(_("applied report"), default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("targets:import_detail", kwargs={"import_id": self.pk})
