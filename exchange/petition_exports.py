"""Petitions in the campaign's exports: counts only, for every role.

The signatures themselves are personal data; they leave from the petition's own page
(`petitions:export`: the lead, with a second factor and a stated purpose, audited), not from
this list. (Kept here rather than in actions/, which another part of the work owns; it reads
the models only.)
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from actions.models import Petition, Signature
from exchange.registry import ExportSpec

HEADERS = [
    "id",
    "title",
    "status",
    "goal",
    "signatures",
    "signatures_imported",
    "created_at",
    "delivered_at",
]


def _rows(campaign: Any, user: Any = None) -> Iterator[list[Any]]:
    petitions = Petition.objects.for_campaign(campaign).order_by("pk")
    # the public count is the counter's (shards summed); how many came from imports is
    # counted from the signatures, per petition, in one query
    counters = dict(petitions.annotate(total=Sum("counters__count")).values_list("pk", "total"))
    imported = dict(
        Signature.objects.for_campaign(campaign)
        .filter(source=Signature.Source.IMPORT)
        .order_by()
        .values("petition")
        .annotate(n=Count("pk"))
        .values_list("petition", "n")
    )
    for petition in petitions:
        yield [
            petition.pk,
            petition.title,
            petition.status,
            petition.goal,
            counters.get(petition.pk) or 0,
            imported.get(petition.pk, 0),
            petition.created_at.isoformat(),
            petition.delivered_at.isoformat() if petition.delivered_at else "",
        ]


SPECS = {
    "petitions": ExportSpec(
        name="petitions",
        label=_("Petitions (signature counts)"),
        headers=HEADERS,
        rows=_rows,
        count=lambda campaign, user=None: Petition.objects.for_campaign(campaign).count(),
    ),
}
