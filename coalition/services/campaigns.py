"""Creating a campaign: the one write path for a new coalition.Campaign outside the admin."""

from django.db import IntegrityError, transaction

from coalition.models import Campaign
from core.slugs import free_slug


def campaign_create(*, name: str, slug_text: str, jurisdiction_text: str = "") -> Campaign:
    """A campaign with a slug no other campaign has: <slug>, <slug>-2, <slug>-3, …"""
    for _attempt in range(50):
        slug = free_slug(Campaign.objects.all(), slug_text, max_length=72, fallback="campaign")
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    name=name, slug=slug, jurisdiction_text=jurisdiction_text
                )
        except IntegrityError:  # taken meanwhile by another request: look again
            continue
    raise IntegrityError(f"No free address for the campaign {name!r}.")
