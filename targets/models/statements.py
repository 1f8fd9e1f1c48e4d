"""Public statements by officials and others, for and against the campaigns' demands.

A statement is shared reference data, not campaign data: what a sheriff told a newspaper is a
public fact anyone can check at its source, and every campaign on the server gains from the same
collection (the toolkit's own examples come from Cook County, Santa Clara and Washington, D.C.).
Whether it helps or hurts is read against the cause every campaign here shares (ending ICE holds
and 287(g)), so it belongs to the statement too. What one campaign concludes from it (that its
target moved) is campaign data: a StanceChange citing the statement as evidence.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models.offices import Office, Official


class PublicStatement(models.Model):
    class Bearing(models.TextChoices):
        HELPS = "helps", _("Helps: supports limits on ICE holds")
        HURTS = "hurts", _("Hurts: defends ICE holds or 287(g)")
        MIXED = "mixed", _("Mixed or unclear")

    quote = models.TextField(_("what was said"), help_text=_("The words, as published."))
    speaker_name = models.CharField(
        _("who said it"),
        max_length=200,
        help_text=_("A person or an organization, e.g. “Sheriff Laurie Smith”."),
    )
    speaker_title = models.CharField(
        _("their position"),
        max_length=200,
        blank=True,
        help_text=_("E.g. County Supervisor, District 2; police union president."),
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text=_("If an official of the reference data said it."),
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office or body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text=_("The office the speaker spoke for, or the body that issued it."),
    )
    said_on = models.DateField(_("date"), help_text=_("When it was said or published."))
    bearing = models.CharField(
        _("helps or hurts"), max_length=10, choices=Bearing.choices, default=Bearing.HELPS
    )
    source_title = models.CharField(
        _("where it was published"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Mercury News op-ed; board meeting minutes; letter to the county."),
    )
    source_url = models.URLField(_("source address"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_on", "-pk"]
        verbose_name = _("public statement")
        verbose_name_plural = _("public statements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bearing__in=["helps", "hurts", "mixed"]),
                name="statement_bearing_valid",
            ),
        ]
        indexes = [models.Index(fields=["said_on"], name="statement_said_on")]

    def __str__(self) -> str:
        return f"{self.speaker_name}, {self.said_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("targets:statement_detail", kwargs={"statement_id": self.pk})

    @property
    def speaker(self) -> str:
        return (
            f"{self.speaker_name}, {self.speaker_title}"
            if self.speaker_title
            else self.speaker_name
        )
