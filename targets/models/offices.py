from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models.common import SourcedFact
from targets.models.jurisdictions import Jurisdiction


class Office(SourcedFact):
    """A government office or body: a sheriff's office, a city council, a governor."""

    class Kind(models.TextChoices):
        SHERIFF = "sheriff", _("Sheriff's office")
        POLICE = "police", _("Police department")
        CORRECTIONS = "corrections", _("Department of corrections or detention")
        STATE_POLICE = "state_police", _("State police or highway patrol")
        CONSTABLE = "constable", _("Constable")
        LAW_ENFORCEMENT = "law_enforcement", _("Other law enforcement agency")
        COUNTY_EXECUTIVE = "county_executive", _("County executive")
        COUNTY_BOARD = "county_board", _("County board, commission or council")
        COUNTY_MANAGER = "county_manager", _("County manager or administrator")
        MAYOR = "mayor", _("Mayor")
        CITY_COUNCIL = "city_council", _("City council")
        CITY_MANAGER = "city_manager", _("City manager")
        DISTRICT_ATTORNEY = "district_attorney", _("District attorney or prosecutor")
        COURT = "court", _("Court")
        PROBATION = "probation", _("Probation department")
        PUBLIC_DEFENDER = "public_defender", _("Public defender")
        STATE_LEGISLATURE = "state_legislature", _("State legislature")
        GOVERNOR = "governor", _("Governor")
        ATTORNEY_GENERAL = "attorney_general", _("Attorney general")
        OTHER = "other", _("Other office or body")

    LAW_ENFORCEMENT_KINDS = (
        Kind.SHERIFF,
        Kind.POLICE,
        Kind.CORRECTIONS,
        Kind.STATE_POLICE,
        Kind.CONSTABLE,
        Kind.LAW_ENFORCEMENT,
    )
    BODY_KINDS = (Kind.COUNTY_BOARD, Kind.CITY_COUNCIL, Kind.STATE_LEGISLATURE, Kind.COURT)

    class Selection(models.TextChoices):
        ELECTED = "elected", _("Elected")
        APPOINTED = "appointed", _("Appointed")
        MIXED = "mixed", _("Partly elected, partly appointed")
        UNKNOWN = "", _("Not recorded")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="offices",
    )
    selection = models.CharField(
        _("elected or appointed"), max_length=10, choices=Selection.choices, blank=True
    )
    term_ends_on = models.DateField(
        _("current term ends"),
        null=True,
        blank=True,
        help_text=_("The next election or reappointment."),
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    address = models.TextField(_("public mailing address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("import key"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("How an importer recognizes this office in a newer file."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("office or body")
        verbose_name_plural = _("offices and bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="office_external_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("targets:office_detail", kwargs={"office_id": self.pk})

    @property
    def is_body(self) -> bool:
        return self.kind in self.BODY_KINDS

    @property
    def is_law_enforcement(self) -> bool:
        return self.kind in self.LAW_ENFORCEMENT_KINDS


class Power(SourcedFact):
    """One thing an office can do that matters to a campaign, as a typed fact."""

    class Kind(models.TextChoices):
        RUNS_JAIL = "runs_jail", _("Runs a jail or holding facility")
        MAKES_ARRESTS = "makes_arrests", _("Makes arrests")
        SETS_BUDGET = "sets_budget", _("Sets the law-enforcement budget")
        PASSES_ORDINANCES = "passes_ordinances", _("Passes ordinances or laws")
        EXECUTIVE_ORDERS = "executive_orders", _("Issues executive orders")
        OVERSIGHT_HEARINGS = "oversight_hearings", _("Holds oversight hearings")
        APPOINTS = "appoints", _("Appoints another office")

    # What the toolkit's city and county charts say each kind of office usually can do; a
    # starting point a user confirms for their own place, since structures differ by state.
    TYPICAL: dict[str, tuple[str, ...]] = {
        Office.Kind.SHERIFF: (Kind.RUNS_JAIL, Kind.MAKES_ARRESTS),
        Office.Kind.POLICE: (Kind.MAKES_ARRESTS, Kind.RUNS_JAIL),
        Office.Kind.CORRECTIONS: (Kind.RUNS_JAIL,),
        Office.Kind.STATE_POLICE: (Kind.MAKES_ARRESTS,),
        Office.Kind.CONSTABLE: (Kind.MAKES_ARRESTS,),
        Office.Kind.LAW_ENFORCEMENT: (Kind.MAKES_ARRESTS,),
        Office.Kind.COUNTY_EXECUTIVE: (Kind.SETS_BUDGET, Kind.EXECUTIVE_ORDERS),
        Office.Kind.COUNTY_BOARD: (
            Kind.PASSES_ORDINANCES,
            Kind.SETS_BUDGET,
            Kind.OVERSIGHT_HEARINGS,
        ),
        Office.Kind.COUNTY_MANAGER: (Kind.SETS_BUDGET,),
        Office.Kind.MAYOR: (Kind.SETS_BUDGET, Kind.EXECUTIVE_ORDERS),
        Office.Kind.CITY_COUNCIL: (
            Kind.PASSES_ORDINANCES,
            Kind.SETS_BUDGET,
            Kind.OVERSIGHT_HEARINGS,
        ),
        Office.Kind.CITY_MANAGER: (Kind.SETS_BUDGET,),
        Office.Kind.STATE_LEGISLATURE: (
            Kind.PASSES_ORDINANCES,
            Kind.SETS_BUDGET,
            Kind.OVERSIGHT_HEARINGS,
        ),
        Office.Kind.GOVERNOR: (Kind.EXECUTIVE_ORDERS, Kind.SETS_BUDGET),
    }

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="powers"
    )
    kind = models.CharField(_("power"), max_length=30, choices=Kind.choices)
    appointed_office = models.ForeignKey(
        Office,
        verbose_name=_("appointed office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appointed_by",
        help_text=_("Only for the power to appoint: which office it appoints."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "kind", "pk"]
        verbose_name = _("power")
        verbose_name_plural = _("powers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="appoints", appointed_office__isnull=False)
                    | (~models.Q(kind="appoints") & models.Q(appointed_office__isnull=True))
                ),
                name="power_appointed_office_iff_appoints",
            ),
            models.CheckConstraint(
                condition=~models.Q(appointed_office=models.F("office")),
                name="power_not_self_appointing",
            ),
            models.UniqueConstraint(
                fields=["office", "kind"],
                condition=~models.Q(kind="appoints"),
                name="power_unique_kind",
            ),
            models.UniqueConstraint(
                fields=["office", "appointed_office"],
                condition=models.Q(kind="appoints"),
                name="power_unique_appointment",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.APPOINTS and self.appointed_office_id:
            return _("%(office)s appoints %(other)s") % {
                "office": self.office,
                "other": self.appointed_office,
            }
        return f"{self.office}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.office.get_absolute_url()


class OfficialQuerySet(models.QuerySet["Official"]):
    def current(self, on=None) -> "OfficialQuerySet":
        today = on or timezone.localdate()
        return self.filter(
            models.Q(started_on__isnull=True) | models.Q(started_on__lte=today),
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today),
        )


class Official(SourcedFact):
    """A person holding an office for a time. Public officials only: their public contact."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="officials"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Sheriff; Council member, District 3."),
    )
    started_on = models.DateField(_("in office since"), null=True, blank=True)
    ended_on = models.DateField(_("left office on"), null=True, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    address = models.TextField(_("public mailing address"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)

    objects = OfficialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-started_on", "name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="official_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"

    def get_absolute_url(self) -> str:
        return reverse("targets:official_detail", kwargs={"official_id": self.pk})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        started = self.started_on is None or self.started_on <= today
        return started and (self.ended_on is None or self.ended_on >= today)
