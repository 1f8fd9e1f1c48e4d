from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models.common import SourcedFact


class JurisdictionQuerySet(models.QuerySet["Jurisdiction"]):
    def states(self) -> "JurisdictionQuerySet":
        return self.filter(kind__in=Jurisdiction.STATE_LEVEL)

    def counties(self) -> "JurisdictionQuerySet":
        return self.filter(kind__in=Jurisdiction.COUNTY_LEVEL)

    def within(self, jurisdiction: "Jurisdiction") -> "JurisdictionQuerySet":
        """The jurisdiction itself and every place inside it (two levels are enough in the U.S.)."""
        return self.filter(
            models.Q(pk=jurisdiction.pk)
            | models.Q(parent=jurisdiction)
            | models.Q(parent__parent=jurisdiction)
        )


class Jurisdiction(SourcedFact):
    """A state, county (or county equivalent) or local government area."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        DISTRICT = "district", _("Federal district")
        TERRITORY = "territory", _("Territory")
        COUNTY = "county", _("County")
        PARISH = "parish", _("Parish")
        BOROUGH = "borough", _("Borough")
        CENSUS_AREA = "census_area", _("Census area")
        INDEPENDENT_CITY = "independent_city", _("Independent city")
        CITY_COUNTY = "city_county", _("Consolidated city and county")
        MUNICIPIO = "municipio", _("Municipio")
        COUNTY_EQUIVALENT = "county_equivalent", _("Other county equivalent")
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")
        TOWNSHIP = "township", _("Township")
        OTHER = "other", _("Other")

    STATE_LEVEL = (Kind.STATE, Kind.DISTRICT, Kind.TERRITORY)
    COUNTY_LEVEL = (
        Kind.COUNTY,
        Kind.PARISH,
        Kind.BOROUGH,
        Kind.CENSUS_AREA,
        Kind.INDEPENDENT_CITY,
        Kind.CITY_COUNTY,
        Kind.MUNICIPIO,
        Kind.COUNTY_EQUIVALENT,
    )
    LOCAL = (Kind.CITY, Kind.TOWN, Kind.VILLAGE, Kind.TOWNSHIP)

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The state of a county; the county of a city or town."),
    )
    state = models.ForeignKey(
        "self",
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("The state this place is in (kept from the parent, for searching)."),
    )
    fips = models.CharField(
        _("FIPS code"),
        max_length=7,
        blank=True,
        help_text=_("Census code: 2 digits for a state, 5 for a county, 7 for a place."),
    )
    postal_code = models.CharField(
        _("postal abbreviation"), max_length=2, blank=True, help_text=_("For states: AL, AK, …")
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = JurisdictionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        constraints = [
            models.UniqueConstraint(
                fields=["fips"], condition=~models.Q(fips=""), name="jurisdiction_fips_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="jurisdiction_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        if self.kind in self.STATE_LEVEL or self.state_id is None:
            return self.name
        return f"{self.name}, {self.state.postal_code or self.state.name}"

    def get_absolute_url(self) -> str:
        return reverse("targets:jurisdiction_detail", kwargs={"jurisdiction_id": self.pk})

    @property
    def is_state_level(self) -> bool:
        return self.kind in self.STATE_LEVEL

    @property
    def is_county_level(self) -> bool:
        return self.kind in self.COUNTY_LEVEL

    def inherit_state(self) -> None:
        """Keep `state` in step with the parent chain."""
        if self.is_state_level or self.parent is None:
            self.state = None
        else:
            self.state = self.parent if self.parent.is_state_level else self.parent.state


class DetainerPolicy(SourcedFact):
    """A jurisdiction's enacted rule about ICE hold requests (detainers)."""

    class Form(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        ORDINANCE = "ordinance", _("Ordinance")
        EXECUTIVE_ORDER = "executive_order", _("Executive order")
        ADMINISTRATIVE = "administrative", _("Administrative or jail policy")
        STATE_LAW = "state_law", _("State law")

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="detainer_policies",
    )
    adopted_by = models.ForeignKey(
        "targets.Office",
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="detainer_policies",
    )
    title = models.CharField(_("title"), max_length=300)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    enacted_on = models.DateField(_("enacted on"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    text_url = models.URLField(_("text of the policy"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-enacted_on", "title"]
        verbose_name = _("detainer policy")
        verbose_name_plural = _("detainer policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True)
                | models.Q(enacted_on__isnull=True)
                | models.Q(repealed_on__gte=models.F("enacted_on")),
                name="detainer_policy_repealed_after_enacted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("targets:policy_detail", kwargs={"policy_id": self.pk})
