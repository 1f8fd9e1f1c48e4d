"""Actions: what the campaign does in public and with its targets, and the stories it uses."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actions.models.research import RecordsRequest
from coalition.models import Campaign, CampaignScopedQuerySet
from stories.models import Purpose


class ActionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting with a target")
    VIGIL = "vigil", _("Vigil")
    RALLY = "rally", _("Rally or march")
    TESTIMONY = "testimony", _("Public testimony at a hearing")
    MEDIA = "media", _("Media event")
    KYR_WORKSHOP = "kyr_workshop", _("Know-your-rights workshop")
    RECORDS_REQUEST = "records_request", _("Public-records request")
    LAWSUIT = "lawsuit", _("Lawsuit")
    PETITION_DELIVERY = "petition_delivery", _("Petition delivery")
    LETTER_CAMPAIGN = "letter_campaign", _("Letter campaign")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", pgettext_lazy("action status", "Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


PUBLIC_PURPOSES = (Purpose.PUBLIC_ANONYMIZED, Purpose.PUBLIC_NAMED)
POLICYMAKER_PURPOSES = (Purpose.POLICYMAKERS_ANONYMIZED, Purpose.POLICYMAKERS_NAMED)

# The consent purposes under which a story may be used in each kind of action. A lawsuit or a
# records request is not a use any consent purpose covers: the person's lawyer decides that.
STORY_PURPOSES: dict[str, tuple[str, ...]] = {
    ActionKind.MEETING: POLICYMAKER_PURPOSES,
    ActionKind.PETITION_DELIVERY: (*POLICYMAKER_PURPOSES, *PUBLIC_PURPOSES),
    ActionKind.LETTER_CAMPAIGN: (*POLICYMAKER_PURPOSES, *PUBLIC_PURPOSES),
    ActionKind.TESTIMONY: (Purpose.HEARING,),
    ActionKind.MEDIA: PUBLIC_PURPOSES,
    ActionKind.VIGIL: PUBLIC_PURPOSES,
    ActionKind.RALLY: PUBLIC_PURPOSES,
    ActionKind.KYR_WORKSHOP: PUBLIC_PURPOSES,
    ActionKind.OTHER: (*POLICYMAKER_PURPOSES, Purpose.HEARING, *PUBLIC_PURPOSES),
    ActionKind.RECORDS_REQUEST: (),
    ActionKind.LAWSUIT: (),
}


class CampaignActionQuerySet(CampaignScopedQuerySet):
    def upcoming(self, today) -> "CampaignActionQuerySet":
        return self.filter(
            happens_on__gte=today, status__in=[ActionStatus.PLANNED, ActionStatus.POSTPONED]
        ).order_by("happens_on", "starts_at", "pk")


class CampaignAction(models.Model):
    """Something the campaign does: a vigil, testimony, a meeting with a target, a lawsuit…

    (Named CampaignAction so it is never mistaken for coalition.permissions.Action.)"""

    Kind = ActionKind
    Status = ActionStatus

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="campaign_actions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Shown on the timeline and in calendar exports: no personal details here."),
    )
    happens_on = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    description = models.TextField(
        _("plan"), blank=True, help_text=_("What will happen, who does what, what to bring.")
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What came of it."))
    targets = models.ManyToManyField(
        "targets.Office",
        verbose_name=_("targets"),
        blank=True,
        related_name="campaign_actions",
    )
    allies = models.ManyToManyField(
        "coalition.Organization",
        verbose_name=_("allies involved"),
        blank=True,
        related_name="campaign_actions",
    )
    meeting = models.ForeignKey(
        "coalition.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_actions",
        help_text=_("For a meeting: the meeting logged in the coalition area."),
    )
    records_request = models.ForeignKey(
        RecordsRequest,
        verbose_name=_("public-records request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_actions",
    )
    followups = models.ManyToManyField(
        "coalition.FollowUp",
        verbose_name=_("follow-ups"),
        blank=True,
        related_name="campaign_actions",
    )
    is_public = models.BooleanField(_("on the public timeline"), default=False)
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("What the public timeline says about it. No personal details, no stories."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignActionQuerySet.as_manager()

    class Meta:
        ordering = ["-happens_on", "-starts_at", "-pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ActionKind.values), name="campaign_action_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values),
                name="campaign_action_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "happens_on"], name="action_campaign_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.happens_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse(
            "actions:action_detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    @property
    def story_purposes(self) -> tuple[str, ...]:
        return STORY_PURPOSES.get(self.kind, ())


class ActionStory(models.Model):
    """A story used in an action, under the consent purpose that allowed it. Only the story's
    reference is ever shown here; whether consent still holds is checked each time."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        CampaignAction,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="story_uses",
    )
    story = models.ForeignKey(
        "stories.Story",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="action_uses",
    )
    purpose = models.CharField(_("used as"), max_length=20, choices=Purpose.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["action", "story_id"]
        verbose_name = _("story used")
        verbose_name_plural = _("stories used")
        constraints = [
            models.UniqueConstraint(fields=["action", "story"], name="action_story_once"),
        ]

    def __str__(self) -> str:
        return f"S-{self.story_id:05d} → {self.action}"

    def get_absolute_url(self) -> str:
        return f"{self.action.get_absolute_url()}#stories"

    @property
    def reference(self) -> str:
        return f"S-{self.story_id:05d}"
