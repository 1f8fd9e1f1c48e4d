"""The pieces a detainer policy is made of (shared reference data) and how enacted policies
score on each of them."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from targets.models import DetainerPolicy


class ElementGroup(models.TextChoices):
    ACCESS = "access", _("Keep ICE from getting information and access")
    COMPLIANCE = "compliance", _("Stop complying with holds and limit their impact")


class Coverage(models.TextChoices):
    FULL = "full", _("Fully")
    PARTIAL = "partial", _("Partly")
    NONE = "none", _("Not at all")


# Points an element earns a policy: its weight times this factor.
COVERAGE_FACTOR: dict[str, Decimal] = {
    Coverage.FULL: Decimal("1"),
    Coverage.PARTIAL: Decimal("0.5"),
    Coverage.NONE: Decimal("0"),
}

# How hard a policy's form is to undo: a law outlasts a new sheriff, a resolution binds nobody.
FORM_DURABILITY: dict[str, Decimal] = {
    DetainerPolicy.Form.STATE_LAW: Decimal("1"),
    DetainerPolicy.Form.ORDINANCE: Decimal("1"),
    DetainerPolicy.Form.EXECUTIVE_ORDER: Decimal("0.8"),
    DetainerPolicy.Form.ADMINISTRATIVE: Decimal("0.7"),
    DetainerPolicy.Form.RESOLUTION: Decimal("0.5"),
}


class PolicyElement(models.Model):
    """One piece of a detainer policy, from the toolkit's catalogue, in our own words."""

    Group = ElementGroup

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("A short fixed name for this element.")
    )
    group = models.CharField(_("group"), max_length=20, choices=ElementGroup.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    weight = models.PositiveSmallIntegerField(
        _("protectiveness"),
        default=2,
        help_text=_(
            "From 1 (helps at the margins) to 5 (protects the most people). A policy that "
            "covers the element fully earns this many points, partly half of them."
        ),
    )
    touches_information_sharing = models.BooleanField(
        _("limits information sent to ICE"),
        default=False,
        help_text=_(
            "Check when the element restricts what local staff tell ICE: its wording then "
            "needs care under 8 U.S.C. § 1373."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = _("policy element")
        verbose_name_plural = _("policy elements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__in=ElementGroup.values), name="policy_element_group_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=5),
                name="policy_element_weight_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('actions:element_list')}#element-{self.code}"


class PolicyScore(models.Model):
    """How far an enacted policy covers one element, with the reading's note and source."""

    Coverage = Coverage

    policy = models.ForeignKey(
        DetainerPolicy,
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="element_scores",
    )
    element = models.ForeignKey(
        PolicyElement, verbose_name=_("element"), on_delete=models.CASCADE, related_name="scores"
    )
    coverage = models.CharField(
        _("covers it"), max_length=10, choices=Coverage.choices, default=Coverage.NONE
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the policy says on this point, and its limits.")
    )
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("An address or a citation for this reading."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "element__group", "element__position", "pk"]
        verbose_name = _("policy score")
        verbose_name_plural = _("policy scores")
        constraints = [
            models.UniqueConstraint(fields=["policy", "element"], name="policy_score_unique"),
            models.CheckConstraint(
                condition=models.Q(coverage__in=Coverage.values), name="policy_score_coverage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} — {self.element}: {self.get_coverage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("actions:policy_scores", kwargs={"policy_id": self.policy_id})

    @property
    def points(self) -> Decimal:
        return self.element.weight * COVERAGE_FACTOR[self.coverage]
