"""Reads of contacts' personal data leave an audit record (DESIGN.md, invariant 4)."""

from collections.abc import Sequence

from django.http import HttpRequest

from coalition.models import Contact
from core import audit


def contacts_read(request: HttpRequest, contacts: Sequence[Contact], *, where: str) -> None:
    """Record that the requesting person was shown these contacts' personal details."""
    if not contacts:
        return
    audit.record(
        action="contact.read",
        request=request,
        campaign=request.campaign,
        objects=contacts,
        where=where,
        count=len(contacts),
    )
