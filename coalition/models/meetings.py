"""Meetings (with allies, with targets, with officials for research, hearings) and the
follow-up tasks that come out of them."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models.allies import Organization
from coalition.models.campaigns import Campaign, CampaignScopedQuerySet, Membership
from coalition.models.contacts import Contact
from core.fields import EncryptedTextField


class MeetingQuerySet(CampaignScopedQuerySet):
    def between(self, start: datetime.datetime, end: datetime.datetime) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def attended_by(self, membership: Membership) -> "MeetingQuerySet":
        return self.filter(attendees=membership)


class MeetingKind(models.TextChoices):
    COALITION = "coalition", _("Coalition meeting")
    TARGET = "target", _("Meeting with a target")
    RESEARCH = "research", _("Research meeting with officials")
    HEARING = "hearing", _("Hearing")
    OTHER = "other", _("Other")


class Meeting(models.Model):
    Kind = MeetingKind

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COALITION)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Shown in calendars and calendar feeds: no personal details here."),
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(
        _("video or call link"), max_length=500, blank=True, help_text=_("If it meets online.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = EncryptedTextField(
        _("notes"),
        blank=True,
        help_text=_(
            "What was said, by whom. Encrypted; read only by leads, coordinators and the "
            "members who were there."
        ),
    )
    decisions = models.TextField(
        _("decisions"),
        blank=True,
        help_text=_("What was agreed. Every member of the campaign can read this."),
    )
    attendees = models.ManyToManyField(
        Membership,
        verbose_name=_("coalition members present"),
        blank=True,
        related_name="meetings_attended",
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organizations present"), blank=True, related_name="meetings"
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts present"), blank=True, related_name="meetings"
    )
    officials = models.ManyToManyField(
        "targets.Official",
        verbose_name=_("officials met"),
        blank=True,
        related_name="coalition_meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "starts_at"], name="meeting_campaign_start")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse(
            "coalition:meeting_detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()


class FollowUpQuerySet(CampaignScopedQuerySet):
    def open(self) -> "FollowUpQuerySet":
        return self.filter(state=FollowUp.State.OPEN)

    def overdue(self, today: datetime.date | None = None) -> "FollowUpQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def owned_by(self, membership: Membership) -> "FollowUpQuerySet":
        return self.filter(owner=membership)


class FollowUpState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FollowUp(models.Model):
    """A task someone took on, usually at a meeting."""

    State = FollowUpState

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="followups"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("from meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    title = models.CharField(
        _("what to do"),
        max_length=200,
        help_text=_("Shown in calendars and reminder emails: keep personal details out."),
    )
    details = EncryptedTextField(_("details"), blank=True)
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    due_on = models.DateField(_("due"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
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

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=FollowUpState.values), name="followup_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state="open", closed_at__isnull=True)
                | (~models.Q(state="open") & models.Q(closed_at__isnull=False)),
                name="followup_closed_at_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "state", "due_on"], name="followup_campaign_due"),
            models.Index(fields=["owner", "state"], name="followup_owner_state"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "coalition:followup_detail",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.state == self.State.OPEN and self.due_on < (today or timezone.localdate())

    def set_state(self, state: str) -> None:
        """Change the state, stamping when it was closed (the constraint needs both)."""
        self.state = state
        self.closed_at = None if state == self.State.OPEN else (self.closed_at or timezone.now())


class FollowUpReminder(models.Model):
    """A reminder email sent about a follow-up: at most one per follow-up per day."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("day"))
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "sent_on"], name="followup_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up} ({self.sent_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.follow_up.get_absolute_url()
