"""Private calendar feeds: a secret address per person per campaign that a phone's calendar
subscribes to. Only a hash of the address's token is stored."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.models.campaigns import Campaign, CampaignScopedQuerySet, hash_token


class CalendarFeedQuerySet(CampaignScopedQuerySet):
    def active(self) -> "CalendarFeedQuerySet":
        return self.filter(revoked_at__isnull=True)

    def by_token(self, token: str) -> "CalendarFeedQuerySet":
        return self.filter(token_hash=hash_token(token))


class CalendarFeed(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("last read by a calendar"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse(
            "coalition:calendar_feed_settings", kwargs={"campaign_slug": self.campaign.slug}
        )

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
