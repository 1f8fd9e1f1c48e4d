"""Allied organizations, the tags coordinators sort them with, the dated log of dealings with
them, and the coalition's principles and who endorsed them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models.campaigns import Campaign, CampaignScopedQuerySet, Membership
from core.fields import EncryptedTextField


class Tag(models.Model):
    """A campaign's own label for organizations and contacts ("budget hearing", "faith table")."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("name"), max_length=60)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(models.F("campaign"), Lower("name"), name="tag_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        url = reverse("coalition:organization_list", kwargs={"campaign_slug": self.campaign.slug})
        return f"{url}?tag={self.pk}"


class OrganizationQuerySet(CampaignScopedQuerySet):
    def search(self, text: str) -> "OrganizationQuerySet":
        text = text.strip()
        if not text:
            return self
        tagged = Organization.tags.through.objects.filter(
            organization=models.OuterRef("pk"), tag__name__iexact=text
        )
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(expertise__icontains=text)
            | models.Exists(tagged)
        )


class OrganizationKind(models.TextChoices):
    # The toolkit's list of who may matter in a campaign against ICE holds.
    IMMIGRANT_RIGHTS = "immigrant_rights", _("Immigrant rights organization")
    IMPACTED_COMMUNITY = "impacted_community", _("Directly impacted community group")
    LABOR = "labor", _("Labor group or union")
    HUMAN_RIGHTS = "human_rights", _("Human rights group")
    CIVIL_RIGHTS = "civil_rights", _("Civil rights organization")
    FAITH = "faith", _("Congregation or faith-based organization")
    IMMIGRATION_LAWYERS = "immigration_lawyers", _("Immigration lawyers")
    PUBLIC_DEFENDERS = "public_defenders", _("Public defenders")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice advocates")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence advocates")
    FAMILY_SERVICES = "family_services", _("Family service providers")
    DIRECT_SERVICES = "direct_services", _("Direct service or legal aid provider")
    PRESS = "press", _("Reporters, journalists or bloggers")
    LOCAL_COMMISSION = "local_commission", _("Local commission or board")
    LOCAL_LEADERS = "local_leaders", _("Local leaders or city officials")
    CITY_COUNTY_ATTORNEY = "city_county_attorney", _("City or county attorney")
    PROSECUTORS = "prosecutors", _("District attorney or prosecutors")
    JUDGES = "judges", _("Judges")
    LAW_ENFORCEMENT_LEADERS = "law_enforcement_leaders", _("Law enforcement leaders")
    LAW_ENFORCEMENT_UNION = "law_enforcement_union", _("Law enforcement or guards' union")
    OTHER = "other", _("Other")


class Stance(models.IntegerChoices):
    # The spectrum of allies: from those working with us to those working against us.
    ACTIVE_ALLY = 2, _("Active ally")
    PASSIVE_ALLY = 1, _("Passive ally")
    NEUTRAL = 0, _("Neutral")
    PASSIVE_OPPOSITION = -1, _("Passive opposition")
    ACTIVE_OPPOSITION = -2, _("Active opposition")


class Capacity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Influence(models.IntegerChoices):
    # 1 to 5, the scale the power map uses for targets, so allies and targets compare.
    MINIMAL = 1, _("1 — minimal")
    SOME = 2, _("2 — some")
    MODERATE = 3, _("3 — moderate")
    STRONG = 4, _("4 — strong")
    DECISIVE = 5, _("5 — decisive")


class Organization(models.Model):
    """An organization the campaign counts as an ally, a possible ally or an opponent."""

    Kind = OrganizationKind

    Stance = Stance

    Capacity = Capacity

    Influence = Influence

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="organizations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    stance = models.SmallIntegerField(
        _("stance on the campaign"),
        choices=Stance.choices,
        null=True,
        blank=True,
        help_text=_("Where they stand today, from active ally to active opposition."),
    )
    capacity = models.SmallIntegerField(
        _("capacity"),
        choices=Capacity.choices,
        null=True,
        blank=True,
        help_text=_("The time and people they can put into the campaign."),
    )
    influence = models.SmallIntegerField(
        _("influence"),
        choices=Influence.choices,
        null=True,
        blank=True,
        help_text=_("Their sway with the campaign's targets, from 1 to 5."),
    )
    expertise = models.TextField(
        _("expertise"),
        blank=True,
        help_text=_("E.g. immigration law, criminal defense, budgets, working with the press."),
    )
    brings = models.TextField(
        _("what they bring"),
        blank=True,
        help_text=_("Members, relationships with officials, meeting space, translation…"),
    )
    asks = models.TextField(
        _("what they ask"),
        blank=True,
        help_text=_("What they need from the coalition, and any conditions they set."),
    )
    base_size = models.PositiveIntegerField(
        _("size of their base"),
        null=True,
        blank=True,
        help_text=_("Members, families or congregants they speak for, if known."),
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "About the organization. Keep notes about individual people on their contact record, "
            "where they are encrypted."
        ),
    )
    point_person = models.ForeignKey(
        Membership,
        verbose_name=_("point person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations_held",
        help_text=_("The coalition member who keeps the relationship."),
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="organizations"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                models.F("campaign"), Lower("name"), name="organization_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stance__isnull=True) | models.Q(stance__gte=-2, stance__lte=2),
                name="organization_stance_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(capacity__gte=1, capacity__lte=3),
                name="organization_capacity_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__isnull=True)
                | models.Q(influence__gte=1, influence__lte=5),
                name="organization_influence_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "kind"], name="organization_campaign_kind"),
            models.Index(fields=["campaign", "stance"], name="organization_campaign_stance"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "coalition:organization_detail",
            kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk},
        )


class InteractionKind(models.TextChoices):
    CALL = "call", _("Phone call")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Text or chat message")
    VISIT = "visit", _("Visit or one-on-one")
    EVENT = "event", _("Event")
    STANCE = "stance", _("Stance changed")
    OTHER = "other", _("Other")


class Interaction(models.Model):
    """One dated dealing with an organization or a contact: a call, an email, a visit.

    The summary is free text about people, so it is encrypted and shown to leads and
    coordinators only. Meetings are logged as meetings and appear in the same log."""

    Kind = InteractionKind

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="interactions"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    contact = models.ForeignKey(
        "coalition.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CALL)
    summary = EncryptedTextField(_("what happened"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(contact__isnull=False),
                name="interaction_has_a_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=InteractionKind.values), name="interaction_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        subject = self.organization if self.organization_id else self.contact
        return subject.get_absolute_url()


class Principle(models.Model):
    """One of the coalition's agreed principles or framing points, as the members wrote it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="principles"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The principle in full, as the coalition agreed it.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Principles are listed in this order.")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "title"], name="principle_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        url = reverse("coalition:principle_list", kwargs={"campaign_slug": self.campaign.slug})
        return f"{url}#principle-{self.pk}"


class Endorsement(models.Model):
    """An organization signed on to a principle, on a date."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="endorsements"
    )
    principle = models.ForeignKey(
        Principle,
        verbose_name=_("principle"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    endorsed_on = models.DateField(_("endorsed on"), default=timezone.localdate)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("E.g. signed at the March meeting.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["endorsed_on", "pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "organization"], name="endorsement_unique_per_principle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.principle}"

    def get_absolute_url(self) -> str:
        return self.principle.get_absolute_url()
