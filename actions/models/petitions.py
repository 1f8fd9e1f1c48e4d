"""Petitions and their signatures.

A petition is campaign data with a public page. Its signatures are personal data: the signer's
name, email, place and comment are stored encrypted; one signature per email per petition is
kept by a keyed hash of the normalized email. The count shown in public is kept in a few
counter rows (shards) so that a burst of signatures does not queue on one row and no request
counts the signatures themselves.
"""

import random
import time

from django.conf import settings
from django.db import models
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, CampaignScopedQuerySet
from core.fields import EncryptedTextField

# Rows a petition's count is spread over: concurrent signers add to different rows instead of
# queueing on one. 64 rather than 16: under 16 concurrent signers the database signs about 15%
# more a second (pgbench), and reading the count still sums a few dozen small rows.
COUNTER_SHARDS = 64


class PublicStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("public page status", "Draft")
    OPEN = "open", pgettext_lazy("public page status", "Open")
    CLOSED = "closed", pgettext_lazy("public page status", "Closed")


class PublicTextMixin(models.Model):
    """Title and text in English with an optional Spanish version for the public page."""

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    text_es = models.TextField(_("text in Spanish"), blank=True)

    class Meta:
        abstract = True

    def _localized(self, field: str) -> str:
        if (get_language() or "").startswith("es"):
            return getattr(self, f"{field}_es") or getattr(self, field)
        return getattr(self, field)

    @property
    def public_title(self) -> str:
        return self._localized("title")

    @property
    def public_text(self) -> str:
        return self._localized("text")


class PetitionQuerySet(CampaignScopedQuerySet):
    def published(self) -> "PetitionQuerySet":
        """What the public may see: open or closed petitions, never drafts."""
        return self.exclude(status=PublicStatus.DRAFT)


# The published petitions' public fields, kept a few seconds in each process by address
# (Petition.published_by_slug): a petition that goes viral is read once per process every few
# seconds, not once per signature. A save or delete in this process forgets them at once;
# another process sees a change within PUBLIC_PETITION_CACHE_SECONDS. Writes never rely on it:
# a signature is stored only if the database itself says the petition is open.
_published: dict[str, tuple[float, "Petition"]] = {}
_PUBLISHED_MAX = 1000
PUBLIC_FIELDS = (
    "campaign_id",
    "slug",
    "title",
    "title_es",
    "text",
    "text_es",
    "addressed_to",
    "goal",
    "status",
    "show_signers",
    "delivered_at",
)


def forget_published(**_signal) -> None:
    _published.clear()


class Petition(PublicTextMixin):
    Status = PublicStatus

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="petitions"
    )
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_("The end of the public address, e.g. end-287g-harris-county."),
    )
    addressed_to = models.CharField(
        _("addressed to"),
        max_length=300,
        blank=True,
        help_text=_("Who the petition asks, as the public page says it, e.g. the county board."),
    )
    targets = models.ManyToManyField(
        "targets.Office", verbose_name=_("targets"), blank=True, related_name="petitions"
    )
    sponsors = models.ManyToManyField(
        "coalition.Organization",
        verbose_name=_("sponsoring organizations"),
        blank=True,
        related_name="sponsored_petitions",
    )
    goal = models.PositiveIntegerField(_("signature goal"), default=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PublicStatus.choices, default=PublicStatus.DRAFT
    )
    show_signers = models.BooleanField(
        _("show first names and towns of signers who agree"),
        default=False,
        help_text=_("Only signers who tick the box appear, and only by first name and town."),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivery_action = models.ForeignKey(
        "actions.CampaignAction",
        verbose_name=_("delivery action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivered_petitions",
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

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicStatus.values), name="petition_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """A new petition gets its counter's shards with it, so a signature always finds one."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            PetitionCounter.create_for(self)

    def get_absolute_url(self) -> str:
        return reverse(
            "petitions:detail", kwargs={"campaign_slug": self.campaign.slug, "pk": self.pk}
        )

    def public_url(self) -> str:
        return reverse("public:petition", kwargs={"slug": self.slug})

    @classmethod
    def published_by_slug(cls, slug: str) -> "Petition":
        """The published petition at this address, its public fields only (DoesNotExist if
        none), read from the database at most every PUBLIC_PETITION_CACHE_SECONDS per process.
        The object is shared between requests: read it, never change it."""
        now = time.monotonic()
        kept = _published.get(slug)
        if kept is not None and kept[0] > now:
            return kept[1]
        petition = cls.objects.published().only(*PUBLIC_FIELDS).get(slug=slug)
        seconds = settings.PUBLIC_PETITION_CACHE_SECONDS
        if seconds > 0:
            if len(_published) >= _PUBLISHED_MAX:
                _published.clear()
            _published[slug] = (now + seconds, petition)
        return petition

    @property
    def accepts_signatures(self) -> bool:
        return self.status == PublicStatus.OPEN

    def signature_count(self) -> int:
        """The public count: a sum over the counter's shards (a fixed number of rows)."""
        total = self.counters.aggregate(total=Sum("count"))["total"]
        return total or 0

    def progress_percent(self, count: int | None = None) -> int:
        count = self.signature_count() if count is None else count
        if not self.goal:
            return 100
        return min(100, (100 * count) // self.goal)


# Saved or deleted (also with its campaign): every process-local copy here is forgotten.
models.signals.post_save.connect(forget_published, sender=Petition)
models.signals.post_delete.connect(forget_published, sender=Petition)


class PetitionCounter(models.Model):
    """One shard of a petition's signature count; see the module's docstring."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="counters")
    shard = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "shard"], name="petition_counter_shard")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.shard}: {self.count}"

    @classmethod
    def create_for(cls, petition: Petition) -> None:
        cls.objects.bulk_create(
            [cls(petition=petition, shard=n) for n in range(COUNTER_SHARDS)],
            ignore_conflicts=True,
        )

    @staticmethod
    def random_shard() -> int:
        return random.randrange(COUNTER_SHARDS)  # noqa: S311 - spreading writes, not secrecy

    @classmethod
    def add(cls, petition_id: int, amount: int = 1) -> None:
        shard = cls.random_shard()
        updated = cls.objects.filter(petition_id=petition_id, shard=shard).update(
            count=F("count") + amount
        )
        if not updated:  # a petition made before its counter rows: make them and retry
            cls.objects.bulk_create(
                [cls(petition_id=petition_id, shard=n) for n in range(COUNTER_SHARDS)],
                ignore_conflicts=True,
            )
            cls.objects.filter(petition_id=petition_id, shard=shard).update(
                count=F("count") + amount
            )

    @classmethod
    def recount(cls, petition: Petition) -> int:
        """Set the counter from the signatures themselves (after an import or an erasure)."""
        total = Signature.objects.filter(petition=petition).count()
        cls.create_for(petition)
        cls.objects.filter(petition=petition).update(count=0)
        cls.objects.filter(petition=petition, shard=0).update(count=total)
        return total


class SignatureSource(models.TextChoices):
    WEB = "web", _("Public page")
    IMPORT = "import", _("Import")
    PAPER = "paper", _("Paper form")


class Signature(models.Model):
    """One person's signature on one petition. Personal data: encrypted at rest."""

    Source = SignatureSource

    # No index of their own: each leads a composite index below (and the unique constraint),
    # which serves its lookups; every index is one more write per signature.
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="signatures",
        db_index=False,
    )
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("email"))
    email_hash = models.CharField(max_length=64, editable=False)
    place = EncryptedTextField(_("postal code or town"), blank=True)
    comment = EncryptedTextField(_("comment"), blank=True)
    wants_updates = models.BooleanField(_("wants to hear from the campaign"), default=False)
    show_publicly = models.BooleanField(_("first name and town may be shown"), default=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=SignatureSource.choices, default=SignatureSource.WEB
    )
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_hash"], name="signature_one_per_email"
            ),
        ]
        indexes = [
            models.Index(fields=["petition", "-created_at"], name="signature_petition_recent"),
            models.Index(fields=["campaign", "petition"], name="signature_campaign"),
        ]

    def __str__(self) -> str:
        return str(_("Signature %(pk)s") % {"pk": self.pk})

    @property
    def first_name(self) -> str:
        parts = (self.name or "").split()
        return parts[0] if parts else ""
