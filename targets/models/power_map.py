"""The campaign's power map: its read of each target, how that read changed, and the ties
between the people and bodies it maps. Campaign data, private to one campaign.

The actors are rows of the shared reference data (offices, officials, facilities) and the
campaign's own allied organizations (coalition.Organization). An organization's stance and
influence live on the organization itself, where the coalition pages keep them, so they are
never stored twice; an assessment of an organization adds only its priority and notes.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, CampaignScopedQuerySet, Meeting, Organization
from core.fields import EncryptedTextField
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from targets.models.facilities import Facility
from targets.models.offices import Office, Official
from targets.models.statements import PublicStatement


class Stance(models.IntegerChoices):
    # The spectrum of allies and opposition, on the same -2..2 scale as coalition.Organization.
    ACTIVE_OPPOSITION = -2, _("Active opposition")
    PASSIVE_OPPOSITION = -1, _("Passive opposition")
    NEUTRAL = 0, _("Neutral or unknown")
    PASSIVE_SUPPORT = 1, _("Passive support")
    ACTIVE_SUPPORT = 2, _("Active support")


INFLUENCE_CHOICES = [
    (1, _("1 — minimal")),
    (2, _("2 — some")),
    (3, _("3 — moderate")),
    (4, _("4 — strong")),
    (5, _("5 — decisive")),
]


class Priority(models.TextChoices):
    PRIMARY = "primary", _("Primary target")
    SECONDARY = "secondary", _("Secondary target")
    CONTEXT = "context", _("On the map, not a target")


class ActorKind(models.TextChoices):
    OFFICE = "office", _("Office or body")
    OFFICIAL = "official", _("Official")
    ORGANIZATION = "organization", _("Organization")
    FACILITY = "facility", _("Facility")


def stance_label(value: int | None) -> str:
    return str(Stance(value).label) if value is not None else str(_("Not assessed"))


class AssessmentQuerySet(CampaignScopedQuerySet):
    def on_map(self) -> "AssessmentQuerySet":
        return self.filter(removed_at__isnull=True)

    def with_actors(self) -> "AssessmentQuerySet":
        return self.select_related(
            "office__jurisdiction__state",
            "official__office__jurisdiction__state",
            "organization",
        )


class Assessment(models.Model):
    """The campaign's read of one actor: priority as a target, stance, influence, notes.

    Removing an actor from the map keeps the row and its history (removed_at is set), so the
    movement over the campaign stays whole and adding it back resumes where it was.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assessments"
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office or body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.PRIMARY
    )
    stance = models.SmallIntegerField(
        _("stance on the demands"),
        choices=Stance.choices,
        null=True,
        blank=True,
        help_text=_("Kept on the organization itself for organizations."),
    )
    influence = models.SmallIntegerField(
        _("influence over the decision"),
        choices=INFLUENCE_CHOICES,
        null=True,
        blank=True,
        help_text=_("From 1 (minimal) to 5 (decides it)."),
    )
    notes = EncryptedTextField(
        _("notes"),
        blank=True,
        help_text=_("What moves them, who they listen to, what they have said in private."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    removed_at = models.DateTimeField(_("removed from the map"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(office__isnull=False, official__isnull=True, organization__isnull=True)
                    | models.Q(
                        office__isnull=True, official__isnull=False, organization__isnull=True
                    )
                    | models.Q(
                        office__isnull=True, official__isnull=True, organization__isnull=False
                    )
                ),
                name="assessment_one_actor",
            ),
            models.CheckConstraint(
                condition=models.Q(organization__isnull=True)
                | models.Q(stance__isnull=True, influence__isnull=True),
                name="assessment_organization_read_on_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__isnull=True) | models.Q(stance__gte=-2, stance__lte=2),
                name="assessment_stance_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__isnull=True)
                | models.Q(influence__gte=1, influence__lte=5),
                name="assessment_influence_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values), name="assessment_priority_valid"
            ),
            models.UniqueConstraint(
                fields=["campaign", "office"],
                condition=models.Q(office__isnull=False),
                name="assessment_unique_office",
            ),
            models.UniqueConstraint(
                fields=["campaign", "official"],
                condition=models.Q(official__isnull=False),
                name="assessment_unique_official",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=models.Q(organization__isnull=False),
                name="assessment_unique_organization",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "removed_at"], name="assessment_on_map")]

    def __str__(self) -> str:
        return str(self.actor_name)

    def get_absolute_url(self) -> str:
        return reverse(
            "targets:assessment_detail",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )

    @property
    def actor(self) -> Office | Official | Organization:
        return self.office or self.official or self.organization

    @property
    def actor_kind(self) -> str:
        if self.office_id:
            return ActorKind.OFFICE
        if self.official_id:
            return ActorKind.OFFICIAL
        return ActorKind.ORGANIZATION

    @property
    def actor_name(self) -> str:
        if self.official_id:
            return self.official.name
        return self.actor.name

    @property
    def node_id(self) -> str:
        return f"{self.actor_kind}-{self.actor.pk}"

    @property
    def current_stance(self) -> int | None:
        if self.organization_id:
            return self.organization.stance
        return self.stance

    @property
    def current_influence(self) -> int | None:
        if self.organization_id:
            return self.organization.influence
        return self.influence

    @property
    def stance_display(self) -> str:
        return stance_label(self.current_stance)

    @property
    def is_on_map(self) -> bool:
        return self.removed_at is None


class StanceChangeQuerySet(CampaignScopedQuerySet, AppendOnlyQuerySet):
    """Scoped to a campaign, and append-only: the history of a stance is never rewritten."""


class EvidenceKind(models.TextChoices):
    MEETING = "meeting", _("A meeting")
    STATEMENT = "statement", _("A public statement")
    VOTE = "vote", _("A vote")
    LETTER = "letter", _("A letter")
    OTHER = "other", _("Something else")
    NONE = "", _("No evidence (first assessment)")


class StanceChange(AppendOnlyModel):
    """One dated change of the campaign's read of an actor, with what showed it. Never edited:
    a correction is a new entry."""

    EvidenceKind = EvidenceKind

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="stance_changes",
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    happened_on = models.DateField(_("date"), help_text=_("When it happened, not when typed."))
    stance_before = models.SmallIntegerField(
        _("stance before"), choices=Stance.choices, null=True, blank=True
    )
    stance_after = models.SmallIntegerField(
        _("stance after"), choices=Stance.choices, null=True, blank=True
    )
    influence_before = models.SmallIntegerField(
        _("influence before"), choices=INFLUENCE_CHOICES, null=True, blank=True
    )
    influence_after = models.SmallIntegerField(
        _("influence after"), choices=INFLUENCE_CHOICES, null=True, blank=True
    )
    evidence_kind = models.CharField(
        _("evidence"), max_length=10, choices=EvidenceKind.choices, blank=True
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stance_changes",
    )
    statement = models.ForeignKey(
        PublicStatement,
        verbose_name=_("public statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stance_changes",
    )
    evidence_label = models.CharField(
        _("evidence, as recorded"),
        max_length=300,
        blank=True,
        help_text=_("The meeting's title or the statement's speaker when recorded."),
    )
    evidence_text = EncryptedTextField(
        _("what happened"),
        blank=True,
        help_text=_("E.g. “voted for the resolution”, “wrote that he will not renew 287(g)”."),
    )
    evidence_url = models.URLField(_("link"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = StanceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-recorded_at", "-pk"]
        verbose_name = _("stance change")
        verbose_name_plural = _("stance changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evidence_kind__in=EvidenceKind.values),
                name="stance_change_evidence_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) | models.Q(evidence_kind="meeting"),
                name="stance_change_meeting_is_meeting_evidence",
            ),
            models.CheckConstraint(
                condition=models.Q(statement__isnull=True) | models.Q(evidence_kind="statement"),
                name="stance_change_statement_is_statement_evidence",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "happened_on"], name="stance_change_when")]

    def __str__(self) -> str:
        return f"{self.happened_on:%Y-%m-%d} {self.assessment}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()

    @property
    def is_first(self) -> bool:
        return self.stance_before is None and self.influence_before is None

    @property
    def stance_moved(self) -> bool:
        return self.stance_before != self.stance_after

    @property
    def direction(self) -> int:
        """+1 towards support, -1 towards opposition, 0 for no move of stance."""
        if self.stance_before is None or self.stance_after is None:
            return 0
        return (self.stance_after > self.stance_before) - (self.stance_after < self.stance_before)

    @property
    def stance_before_display(self) -> str:
        return stance_label(self.stance_before)

    @property
    def stance_after_display(self) -> str:
        return stance_label(self.stance_after)


class RelationshipKind(models.TextChoices):
    REPORTS_TO = "reports_to", _("reports to")
    APPOINTS = "appoints", _("appoints")
    SETS_BUDGET = "sets_budget", _("sets the budget of")
    CONTROLS_FACILITY = "controls_facility", _("controls the facility")
    MEMBER_OF = "member_of", _("is a member of")
    HOLDS_OFFICE = "holds_office", _("holds the office")
    INFLUENCES = "influences", _("influences")
    ALLIED_WITH = "allied_with", _("is allied with")
    OPPOSES = "opposes", _("opposes")


# Who holds an office comes from the officials of the reference data, never typed by hand.
DERIVED_ONLY = (RelationshipKind.HOLDS_OFFICE,)


def _one_of(*names: str) -> models.Q:
    condition = models.Q()
    for name in names:
        others = {other: True for other in names if other != name}
        condition |= models.Q(
            **{f"{name}__isnull": False}, **{f"{o}__isnull": v for o, v in others.items()}
        )
    return condition


class Relationship(models.Model):
    """A typed, directed tie the campaign knows of: the sheriff reports to the county executive,
    the union opposes the board. Ties the reference data already holds (powers, who controls a
    jail, who holds an office) are drawn from it and never typed here."""

    Kind = RelationshipKind

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    kind = models.CharField(_("relationship"), max_length=20, choices=Kind.choices)
    from_office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_note = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where you learned it, e.g. county charter art. 4; the March hearing."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=_one_of("from_office", "from_official", "from_organization"),
                name="relationship_one_source",
            ),
            models.CheckConstraint(
                condition=_one_of("to_office", "to_official", "to_organization", "to_facility"),
                name="relationship_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RelationshipKind.values)
                & ~models.Q(kind__in=[k.value for k in DERIVED_ONLY]),
                name="relationship_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    to_facility__isnull=True,
                    kind__in=[
                        k.value for k in RelationshipKind if k != RelationshipKind.CONTROLS_FACILITY
                    ],
                )
                | models.Q(to_facility__isnull=False, kind="controls_facility"),
                name="relationship_facility_iff_controls",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="relationship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_actor} {self.get_kind_display()} {self.target_actor}"

    def get_absolute_url(self) -> str:
        return reverse(
            "targets:relationship_edit",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )

    @property
    def source_actor(self) -> Office | Official | Organization:
        return self.from_office or self.from_official or self.from_organization

    @property
    def target_actor(self) -> Office | Official | Organization | Facility:
        return self.to_office or self.to_official or self.to_organization or self.to_facility

    @property
    def source_node(self) -> str:
        return node_id(self.source_actor)

    @property
    def target_node(self) -> str:
        return node_id(self.target_actor)


def node_id(actor: models.Model) -> str:
    """The map's name for an actor: "office-12", "official-5", "organization-3", "facility-7"."""
    kind = {
        Office: ActorKind.OFFICE,
        Official: ActorKind.OFFICIAL,
        Organization: ActorKind.ORGANIZATION,
        Facility: ActorKind.FACILITY,
    }[type(actor)]
    return f"{kind}-{actor.pk}"
