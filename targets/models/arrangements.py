from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models.common import SourcedFact
from targets.models.facilities import Facility
from targets.models.offices import Office


class ArrangementQuerySet(models.QuerySet["Arrangement"]):
    def in_force(self) -> "ArrangementQuerySet":
        return self.filter(status__in=[Arrangement.Status.ACTIVE, Arrangement.Status.PENDING])


class Arrangement(SourcedFact):
    """An arrangement between a local or state agency and ICE."""

    class Kind(models.TextChoices):
        AGREEMENT_287G = "287g", _("287(g) agreement")
        IGSA = "igsa", _("Detention contract (IGSA)")
        CAP_ACCESS = "cap_access", _("Criminal Alien Program access to the jail")
        OFFICE_SPACE = "office_space", _("ICE office space in the jail")
        BOOKING_DATA = "booking_data", _("Booking data shared with ICE")
        OTHER = "other", _("Other arrangement")

    class Model287g(models.TextChoices):
        JAIL = "jail", _("Jail enforcement model")
        TASK_FORCE = "task_force", _("Task force model")
        WARRANT_SERVICE = "warrant_service", _("Warrant service officer")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class IceList(models.TextChoices):
        NONE = "", _("Not from an ICE list")
        PARTICIPATING = "participating", _("ICE's list of participating agencies")
        PENDING = "pending", _("ICE's list of pending agencies")

    office = models.ForeignKey(
        Office, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="arrangements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    model_287g = models.CharField(
        _("287(g) model"), max_length=20, choices=Model287g.choices, blank=True
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arrangements",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    expires_on = models.DateField(_("expires or renews on"), null=True, blank=True)
    last_seen_on = models.DateField(
        _("last seen on a list"),
        null=True,
        blank=True,
        help_text=_("Date of the latest published list that showed it."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    document_url = models.URLField(_("agreement document"), max_length=500, blank=True)
    ice_list = models.CharField(
        _("listed by"), max_length=20, choices=IceList.choices, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(_("import key"), max_length=300, blank=True, editable=False)

    objects = ArrangementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["office__name", "kind", "model_287g", "pk"]
        verbose_name = _("ICE arrangement")
        verbose_name_plural = _("ICE arrangements")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="arrangement_external_id_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="287g") & ~models.Q(model_287g=""))
                | (~models.Q(kind="287g") & models.Q(model_287g="")),
                name="arrangement_287g_has_model",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(status="ended"),
                name="arrangement_ended_on_only_when_ended",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "active", "ended"]),
                name="arrangement_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.office}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("targets:arrangement_detail", kwargs={"arrangement_id": self.pk})

    @property
    def label(self) -> str:
        if self.kind == self.Kind.AGREEMENT_287G and self.model_287g:
            return _("287(g), %(model)s") % {"model": self.get_model_287g_display().lower()}
        return str(self.get_kind_display())
