"""Free addresses: a slug no row of a queryset has yet."""

from django.db.models import QuerySet
from django.utils.text import slugify


def free_slug(queryset: QuerySet, text: str, *, max_length: int, fallback: str) -> str:
    """`base`, then `base-2`, `base-3`, … — the first that no row of `queryset` uses."""
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
