"""The campaign's plan as a whole (its place, what it publishes) and its goals."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, CampaignScopedQuerySet
from targets.models import DetainerPolicy


class CampaignPlan(models.Model):
    """One per campaign: the place whose policy it wants to change and its public timeline."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="plan"
    )
    jurisdiction = models.ForeignKey(
        "targets.Jurisdiction",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_plans",
        help_text=_(
            "The county, city or state whose policy the campaign wants to change. Its offices, "
            "jails, agreements and enacted policies feed the checklists and the timeline."
        ),
    )
    desired_form = models.CharField(
        _("form of policy sought"),
        max_length=20,
        choices=DetainerPolicy.Form.choices,
        blank=True,
        help_text=_("A law is harder to undo than a jail policy or a resolution."),
    )
    timeline_published = models.BooleanField(_("public timeline on"), default=False)
    public_key = models.CharField(
        _("public address key"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_("Heading of the public timeline; the campaign's name if empty."),
    )
    public_intro = models.TextField(
        _("public introduction"),
        blank=True,
        help_text=_("A few sentences for the public page. No personal details."),
    )
    public_reference_events = models.BooleanField(
        _("show policy and agreement dates publicly"),
        default=True,
        help_text=_("Enacted policies and ICE agreements of the place are public facts."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["campaign"]
        verbose_name = _("campaign plan")
        verbose_name_plural = _("campaign plans")

    def __str__(self) -> str:
        return str(_("Plan of %(campaign)s") % {"campaign": self.campaign})

    def get_absolute_url(self) -> str:
        return reverse("actions:index", kwargs={"campaign_slug": self.campaign.slug})

    @staticmethod
    def new_public_key() -> str:
        return secrets.token_urlsafe(12)

    def public_url(self) -> str:
        if not (self.timeline_published and self.public_key):
            return ""
        return reverse("public:timeline", kwargs={"public_key": self.public_key})


class Goal(models.Model):
    """What the campaign wants to achieve, in its own words, in the order it chose."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"))
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def get_absolute_url(self) -> str:
        url = reverse("actions:goal_list", kwargs={"campaign_slug": self.campaign.slug})
        return f"{url}#goal-{self.pk}"
