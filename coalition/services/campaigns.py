"""Creating a campaign: the one write path for a new coalition.Campaign outside the admin."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from coalition.models import Campaign


def campaign_create(*, name: str, slug_text: str, jurisdiction_text: str = "") -> Campaign:
    """A campaign with a slug no other campaign has: <slug>, <slug>-2, <slug>-3, …"""
    base = slugify(slug_text)[:72].strip("-") or "campaign"
    taken = set(Campaign.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        number += 1
        if slug in taken:
            continue
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    name=name, slug=slug, jurisdiction_text=jurisdiction_text
                )
        except IntegrityError:  # taken meanwhile by another request
            if number > 50:
                raise
