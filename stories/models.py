"""Stories of people harmed by ICE holds, their tellers, and the consent that governs each use.

What the models do not hold is part of the design: there is no field for immigration status or
place of birth, and every free-text field about a person is encrypted.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import CampaignScopedQuerySet
from core.fields import EncryptedTextField
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from stories.clock import Rule


class Purpose(models.TextChoices):
    """What a story may be used for; consent is given or refused for each one separately."""

    INTERNAL = "internal", _("Internal campaign strategy")
    POLICYMAKERS_ANONYMIZED = "policymakers_anon", _("Shared with policymakers, anonymized")
    POLICYMAKERS_NAMED = "policymakers_named", _("Shared with policymakers, by name")
    HEARING = "hearing", _("Testimony at a public hearing")
    PUBLIC_ANONYMIZED = "public_anon", _("Media or public, anonymized")
    PUBLIC_NAMED = "public_named", _("Media or public, by name")


# Purposes whose consent only ever allows anonymized use.
ANONYMIZED_PURPOSES = {Purpose.POLICYMAKERS_ANONYMIZED, Purpose.PUBLIC_ANONYMIZED}


class Identifiability(models.TextChoices):
    FULL_NAME = "full", _("Full name")
    FIRST_NAME = "first", _("First name only")
    ANONYMIZED = "anonymized", _("Anonymized")


class Theme(models.TextChoices):
    HELD_PAST_RELEASE = "held_past_release", _("Held past release")
    BAIL = "bail", _("Bail denied or raised because of the hold")
    TRANSFERRED = "transferred", _("Transferred to ICE")
    DV_SURVIVOR = "dv_survivor", _("Domestic-violence survivor arrested")
    CITIZEN_OR_RESIDENT = "citizen_or_resident", _("U.S. citizen or resident held")
    FAMILY_SEPARATED = "family_separated", _("Family separated")
    LOST_WORK = "lost_work", _("Lost work")
    JUVENILE = "juvenile", _("Juvenile")
    PROGRAMS_DENIED = "programs_denied", _("Kept out of programs or diversion")
    FEAR_OF_POLICE = "fear_of_police", _("Afraid to call the police")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Another language")


class Storyteller(models.Model):
    """The person telling the story: the impacted person, or family speaking for them."""

    class Relationship(models.TextChoices):
        IMPACTED = "impacted", _("The impacted person")
        FAMILY = "family", _("A family member speaking for them")
        OTHER = "other", _("Someone else close to them")

    campaign = models.ForeignKey(
        "coalition.Campaign", on_delete=models.CASCADE, related_name="storytellers"
    )
    name = EncryptedTextField(_("name"), blank=True)
    contact = EncryptedTextField(
        _("how to reach them"), blank=True, help_text=_("Phone, email or a trusted go-between.")
    )
    name_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    interpreter_used = models.BooleanField(_("an interpreter helped"), default=False)
    relationship = models.CharField(
        _("who is telling"),
        max_length=10,
        choices=Relationship.choices,
        default=Relationship.IMPACTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("storyteller")
        verbose_name_plural = _("storytellers")

    def __str__(self) -> str:
        return f"{_('Storyteller')} #{self.pk}"


class StoryQuerySet(CampaignScopedQuerySet):
    def visible_to(self, user: Any, campaign: Any, purpose: str) -> "StoryQuerySet":
        from stories.selectors import visible_stories

        return visible_stories(
            self.for_campaign(campaign), user=user, campaign=campaign, purpose=purpose
        )


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETE = "complete", _("Complete")

    class CustodyEnd(models.TextChoices):
        BAIL_POSTED = "bail", _("Bail posted")
        RECOGNIZANCE = "recognizance", _("Released on own recognizance")
        CHARGES_DROPPED = "dropped", _("Charges dropped")
        ACQUITTED = "acquitted", _("Acquitted")
        SENTENCE_SERVED = "served", _("Sentence served")
        OTHER = "other", _("Other reason")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("Released")
        HANDED_TO_ICE = "ice", _("Handed to ICE")
        STILL_HELD = "held", _("Still held")
        UNKNOWN = "unknown", _("Not known")

    campaign = models.ForeignKey(
        "coalition.Campaign", on_delete=models.CASCADE, related_name="stories"
    )
    storyteller = models.ForeignKey(
        Storyteller, on_delete=models.PROTECT, related_name="stories", verbose_name=_("storyteller")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="stories_taken",
    )
    created_at = models.DateTimeField(_("taken"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    narrative = EncryptedTextField(_("the story"), blank=True)
    identifying_details = EncryptedTextField(
        _("identifying details"),
        blank=True,
        help_text=_(
            "Words or phrases in the story that could identify the person (a street, an "
            "employer, a child's name), one per line. They are removed wherever the story may "
            "only be used anonymized."
        ),
    )
    jurisdiction = models.ForeignKey(
        "targets.Jurisdiction",
        verbose_name=_("where it happened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    facility = models.ForeignKey(
        "targets.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    time_zone = models.CharField(
        _("time zone of the facility"), max_length=64, default="America/New_York"
    )

    # The detention timeline, and the 48-hour clock computed from it (stories.services).
    booked_at = models.DateTimeField(_("booked into the jail"), null=True, blank=True)
    detainer_lodged_at = models.DateTimeField(_("ICE hold lodged"), null=True, blank=True)
    custody_ended_at = models.DateTimeField(
        _("criminal custody ended"),
        null=True,
        blank=True,
        help_text=_("When the criminal system no longer had a reason to hold the person."),
    )
    custody_end_reason = models.CharField(
        _("why custody ended"), max_length=15, choices=CustodyEnd.choices, blank=True
    )
    outcome = models.CharField(
        _("what happened next"), max_length=10, choices=Outcome.choices, blank=True
    )
    outcome_at = models.DateTimeField(_("released or handed to ICE at"), null=True, blank=True)
    hold_rule = models.CharField(
        _("48-hour rule"), max_length=12, choices=Rule.choices, default=Rule.REGULATION
    )
    hold_deadline = models.DateTimeField(_("hold deadline"), null=True, blank=True, editable=False)
    held_past_seconds = models.PositiveIntegerField(
        _("held past the deadline (seconds)"), null=True, blank=True, editable=False
    )

    review_on = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("When to ask whether this story should still be kept."),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["campaign", "facility"], name="story_campaign_facility"),
            models.Index(fields=["campaign", "taken_by"], name="story_campaign_taker"),
        ]

    def __str__(self) -> str:
        return f"{_('Story')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.campaign.slug, self.pk])

    @property
    def reference(self) -> str:
        return f"S-{self.pk:05d}"

    @property
    def held_past(self) -> timedelta | None:
        if self.held_past_seconds is None:
            return None
        return timedelta(seconds=self.held_past_seconds)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class StoryTheme(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["theme"]
        verbose_name = _("story theme")
        verbose_name_plural = _("story themes")
        constraints = [
            models.UniqueConstraint(fields=["story", "theme"], name="story_theme_once"),
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class ConsentText(models.Model):
    """The exact words a storyteller is shown (or read) when consenting, versioned per language.
    A version is never edited: a change is a new version."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices[:2])
    body = models.TextField(_("text"))
    published_on = models.DateField(_("in use from"), default=timezone.localdate)

    class Meta:
        ordering = ["-version", "language"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="consent_text_version_language"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.language})"


class ConsentQuerySet(AppendOnlyQuerySet):
    def for_story(self, story: Story) -> "ConsentQuerySet":
        return self.filter(story=story)


class Consent(AppendOnlyModel):
    """One decision about one purpose: granted, refused or withdrawn. Never edited; the latest
    record for a purpose is the one in force (stories.selectors.effective_consent)."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("On paper")
        WEB = "web", _("Online")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("granted"))
    withdrawal = models.BooleanField(
        _("withdrawal"), default=False, help_text=_("The storyteller took back this consent.")
    )
    identifiability = models.CharField(
        _("how they may be identified"),
        max_length=12,
        choices=Identifiability.choices,
        default=Identifiability.ANONYMIZED,
    )
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A yes/no, not a name: consent records are kept forever, so they hold no personal data.
    interpreter_used = models.BooleanField(_("an interpreter helped"), default=False)
    consent_text = models.ForeignKey(
        ConsentText,
        verbose_name=_("consent text shown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    # Consent given again after a withdrawal: only a lead records it, saying how it was given.
    renewal = models.BooleanField(_("given again after a withdrawal"), default=False)
    renewal_note = EncryptedTextField(
        _("how the storyteller gave it again"),
        blank=True,
        help_text=_("For example: called the office on 4 May and asked to be included again."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [
            models.Index(fields=["story", "purpose", "-recorded_at"], name="consent_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(withdrawal=True, granted=True),
                name="consent_withdrawal_not_granted",
            ),
        ]

    def __str__(self) -> str:
        state = _("granted") if self.granted else _("not granted")
        return f"{self.get_purpose_display()}: {state}"

    def in_force_on(self, day: Any) -> bool:
        return self.granted and (self.expires_on is None or self.expires_on >= day)


class RedactionRelease(models.Model):
    """A lead's decision that one item the redaction flagged in a narrative (a phone number, a
    date, an address) may stay in anonymized uses, with the reason. Erasure deletes them."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="redaction_releases")
    item = EncryptedTextField(_("text kept"))
    reason = EncryptedTextField(_("why it may stay"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kept by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("kept on"), default=timezone.now)

    class Meta:
        ordering = ["released_at", "id"]
        verbose_name = _("redaction release")
        verbose_name_plural = _("redaction releases")

    def __str__(self) -> str:
        return f"{self.story} · {_('kept item')} #{self.pk}"
