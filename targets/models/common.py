from django.db import models
from django.utils.translation import gettext_lazy as _


class SourcedFact(models.Model):
    """A public fact that can cite where it comes from, the way LittleSis cites a document."""

    source_url = models.URLField(
        _("source address"),
        max_length=500,
        blank=True,
        help_text=_("Where this fact is published."),
    )
    source_date = models.DateField(
        _("source date"),
        null=True,
        blank=True,
        help_text=_("When the source was published or read."),
    )
    source_excerpt = models.TextField(
        _("source excerpt"),
        blank=True,
        help_text=_("The words in the source that support this fact."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def has_source(self) -> bool:
        return bool(self.source_url or self.source_excerpt)


def normalize_name(value: str) -> str:
    """Compare names the way a person would: case, curly apostrophes and spacing ignored."""
    return " ".join(value.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()
