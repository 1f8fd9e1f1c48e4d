"""Messaging: the campaign's frames, its talking points with their pros and cons, and the
opposition's messages with prepared responses — linked to the targets and actions they serve."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions.models.actions import CampaignAction
from coalition.models import Campaign, CampaignScopedQuerySet


def _messaging_url(campaign: Campaign, anchor: str) -> str:
    return f"{reverse('actions:messaging', kwargs={'campaign_slug': campaign.slug})}#{anchor}"


class Frame(models.Model):
    """A vision of how the issue should be understood; talking points support it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="frames"
    )
    title = models.CharField(_("frame"), max_length=200)
    vision = models.TextField(
        _("what it says"),
        blank=True,
        help_text=_("The values and the picture this frame puts forward."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("frame")
        verbose_name_plural = _("frames")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _messaging_url(self.campaign, f"frame-{self.pk}")


class TalkingPoint(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="talking_points",
    )
    frame = models.ForeignKey(
        Frame,
        verbose_name=_("frame"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points",
    )
    text = models.TextField(_("talking point"))
    pros = models.TextField(
        _("pros"), blank=True, help_text=_("Why it works, and with whom. One per line.")
    )
    cons = models.TextField(
        _("cons"), blank=True, help_text=_("What it gives up or whom it leaves out. One per line.")
    )
    targets = models.ManyToManyField(
        "targets.Office", verbose_name=_("used with"), blank=True, related_name="+"
    )
    actions = models.ManyToManyField(
        CampaignAction, verbose_name=_("used at"), blank=True, related_name="talking_points"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("talking point")
        verbose_name_plural = _("talking points")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def get_absolute_url(self) -> str:
        return _messaging_url(self.campaign, f"point-{self.pk}")

    def pro_lines(self) -> list[str]:
        return [line.strip() for line in self.pros.splitlines() if line.strip()]

    def con_lines(self) -> list[str]:
        return [line.strip() for line in self.cons.splitlines() if line.strip()]


class OpposingMessage(models.Model):
    """What opponents say, and how the campaign answers."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="opposing_messages",
    )
    message = models.TextField(_("what they say"))
    said_by = models.CharField(
        _("who says it"),
        max_length=200,
        blank=True,
        help_text=_("E.g. ICE, the district attorney, a commissioner, a columnist."),
    )
    response = models.TextField(_("our response"), blank=True)
    targets = models.ManyToManyField(
        "targets.Office", verbose_name=_("heard from or by"), blank=True, related_name="+"
    )
    actions = models.ManyToManyField(
        CampaignAction,
        verbose_name=_("answered at"),
        blank=True,
        related_name="opposing_messages",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("opposing message")
        verbose_name_plural = _("opposing messages")

    def __str__(self) -> str:
        return self.message if len(self.message) <= 80 else f"{self.message[:79]}…"

    def get_absolute_url(self) -> str:
        return _messaging_url(self.campaign, f"opposing-{self.pk}")
