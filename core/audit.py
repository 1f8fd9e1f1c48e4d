"""The one way to write an audit record."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from core.models import AuditEvent, object_key


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    campaign: Any = None,
    objects: Iterable[models.Model] = (),
    reason: str = "",
    **details: Any,
) -> AuditEvent:
    """Append an audit record.

    `action` is a dotted code ("auth.login", "membership.role_changed"); `objects` the records
    concerned (stored as model label and primary key, never their content); `reason` the purpose
    the person gave; `details` small non-personal facts (old and new role, counts).
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    objects = list(objects)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=getattr(actor, "email", "") if actor else "",
        campaign=campaign,
        objects_affected=[{"model": obj._meta.label_lower, "pk": str(obj.pk)} for obj in objects],
        object_keys="".join(f" {object_key(obj)} " for obj in objects),
        reason=reason,
        ip_address=_client_ip(request),
        details=details,
    )
