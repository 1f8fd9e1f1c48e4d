"""A campaign's demands: policy elements it asks its targets for, and where each stands."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models.elements import PolicyElement
from coalition.models import Campaign, CampaignScopedQuerySet


class DemandState(models.TextChoices):
    # In the order a demand usually moves; a demand can also move back (a promise broken).
    DRAFTED = "drafted", _("Drafted")
    PRESENTED = "presented", _("Presented to the target")
    COMMITTED = "committed", _("Target committed")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTED = "implemented", _("Implemented")
    DEFENDED = "defended", _("Defended")


STATE_ORDER: list[str] = list(DemandState.values)


def state_rank(state: str) -> int:
    return STATE_ORDER.index(state)


def states_from(state: str) -> list[str]:
    """This state and every later one ("at least presented")."""
    return STATE_ORDER[state_rank(state) :]


class Demand(models.Model):
    State = DemandState

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="demands"
    )
    element = models.ForeignKey(
        PolicyElement,
        verbose_name=_("policy element"),
        on_delete=models.PROTECT,
        related_name="demands",
    )
    wording = models.TextField(
        _("the demand in our words"),
        blank=True,
        help_text=_("How the campaign puts this element to its targets."),
    )
    targets = models.ManyToManyField(
        "targets.Office",
        verbose_name=_("targets"),
        blank=True,
        related_name="campaign_demands",
        help_text=_("The offices that can grant it."),
    )
    state = models.CharField(
        _("state"), max_length=15, choices=DemandState.choices, default=DemandState.DRAFTED
    )
    state_changed_on = models.DateField(_("state since"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(
        _("on the public timeline"),
        default=False,
        help_text=_("Its changes of state appear on the public timeline."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["element__group", "element__position", "pk"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "element"], name="demand_unique_element"),
            models.CheckConstraint(
                condition=models.Q(state__in=DemandState.values), name="demand_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.element)

    def get_absolute_url(self) -> str:
        return reverse(
            "actions:demand_detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    @property
    def has_1373_risk(self) -> bool:
        return self.element.touches_information_sharing

    @property
    def progress(self) -> int:
        """1 for drafted … 6 for defended (for the state strip)."""
        return state_rank(self.state) + 1


class DemandStateChange(models.Model):
    """One dated move of a demand from one state to another: the demand's history."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    demand = models.ForeignKey(
        Demand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="changes"
    )
    from_state = models.CharField(_("from"), max_length=15, choices=DemandState.choices, blank=True)
    state = models.CharField(_("to"), max_length=15, choices=DemandState.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(
        _("what happened"),
        max_length=500,
        blank=True,
        help_text=_("E.g. presented at the meeting with the sheriff; adopted by 3 votes to 1."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["changed_on", "recorded_at", "pk"]
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=DemandState.values),
                name="demand_change_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demand}: {self.get_state_display()} ({self.changed_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return f"{self.demand.get_absolute_url()}#change-{self.pk}"
