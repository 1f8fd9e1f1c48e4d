from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models.common import SourcedFact
from targets.models.jurisdictions import Jurisdiction
from targets.models.offices import Office


class Facility(SourcedFact):
    """A place where people are held: from a police hold room to an ICE processing center."""

    class Kind(models.TextChoices):
        HOLD_ROOM = "hold_room", _("Police hold room")
        CITY_JAIL = "city_jail", _("City jail")
        COUNTY_JAIL = "county_jail", _("County jail")
        REGIONAL_JAIL = "regional_jail", _("Regional jail")
        STATE_PRISON = "state_prison", _("State prison")
        FEDERAL_PRISON = "federal_prison", _("Federal prison")
        ICE_CENTER = "ice_center", _("ICE processing center")
        PRIVATE = "private", _("Private detention center")
        OTHER = "other", _("Other facility")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("located in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    controlling_office = models.ForeignKey(
        Office,
        verbose_name=_("controlled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="controlled_facilities",
        help_text=_("The office that runs the facility and decides whom it releases to ICE."),
    )
    operator = models.CharField(
        _("operator"),
        max_length=200,
        blank=True,
        help_text=_("A private company running it under contract, if any."),
    )
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (beds)"), null=True, blank=True)
    daily_bed_cost = models.DecimalField(
        _("daily bed cost (USD)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "What holding one person for one day costs: operating cost ÷ daily population."
        ),
    )
    bed_cost_source_url = models.URLField(_("bed cost source address"), max_length=500, blank=True)
    bed_cost_source_date = models.DateField(_("bed cost source date"), null=True, blank=True)
    bed_cost_source_excerpt = models.TextField(_("bed cost source excerpt"), blank=True)
    ice_type_code = models.CharField(
        _("ICE facility type"),
        max_length=20,
        blank=True,
        help_text=_(
            "As ICE's detention statistics list it: IGSA, DIGSA, USMS IGA, CDF, SPC, BOP, …"
        ),
    )
    ice_area_office = models.CharField(_("ICE area of responsibility"), max_length=10, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(_("import key"), max_length=300, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="facility_external_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(daily_bed_cost__isnull=True) | models.Q(daily_bed_cost__gte=0),
                name="facility_bed_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("targets:facility_detail", kwargs={"facility_id": self.pk})


class FacilityContract(SourcedFact):
    """A kind of contract under which a facility holds people for ICE or the Marshals."""

    class Kind(models.TextChoices):
        IGSA = "igsa", _("Intergovernmental service agreement (IGSA)")
        DIGSA = "digsa", _("Dedicated IGSA (ICE detainees only)")
        USMS_IGA = "usms_iga", _("U.S. Marshals intergovernmental agreement (USMS IGA)")
        CDF = "cdf", _("Contract detention facility (CDF)")
        USMS_CDF = "usms_cdf", _("U.S. Marshals contract detention facility")
        SPC = "spc", _("ICE-owned service processing center (SPC)")
        BOP = "bop", _("Federal Bureau of Prisons facility")
        FAMILY = "family", _("Family residential center")
        STAGING = "staging", _("Staging facility")
        STATE = "state", _("State agreement")
        DOD = "dod", _("Department of Defense site")
        OTHER = "other", _("Other")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="contracts"
    )
    kind = models.CharField(_("contract kind"), max_length=20, choices=Kind.choices)
    from_ice_list = models.BooleanField(
        _("from ICE's list"), default=False, editable=False, help_text=_("Set by the importer.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["facility", "kind"]
        verbose_name = _("facility contract")
        verbose_name_plural = _("facility contracts")
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind"], name="facility_contract_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.facility}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.facility.get_absolute_url()


class CustodyStep(SourcedFact):
    """Where people arrested by an agency are taken: the first step of the two-step analysis.

    The step marked as the usual final point of custody is the facility where most arrestees
    are held before release or transfer; whoever controls it decides about ICE holds.
    """

    class Stage(models.TextChoices):
        BOOKING = "booking", _("Booking after arrest")
        PRETRIAL = "pretrial", _("Held before trial")
        SENTENCED = "sentenced", _("Serving a short sentence")
        OTHER = "other", _("Other")

    arresting_office = models.ForeignKey(
        Office,
        verbose_name=_("arresting agency"),
        on_delete=models.CASCADE,
        related_name="custody_steps",
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="custody_steps"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    is_usual_final = models.BooleanField(
        _("usual final point of custody"),
        default=False,
        help_text=_(
            "Most people arrested by this agency are held here before release or transfer."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["arresting_office", "-is_usual_final", "stage", "pk"]
        verbose_name = _("custody step")
        verbose_name_plural = _("custody steps")
        constraints = [
            models.UniqueConstraint(
                fields=["arresting_office", "facility", "stage"], name="custody_step_unique"
            ),
            models.UniqueConstraint(
                fields=["arresting_office"],
                condition=models.Q(is_usual_final=True),
                name="custody_step_one_usual_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arresting_office} → {self.facility} ({self.get_stage_display()})"

    def get_absolute_url(self) -> str:
        return self.arresting_office.get_absolute_url()
