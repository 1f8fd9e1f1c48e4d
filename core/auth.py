from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt is for, as django-axes counts failures.

    allauth passes the address as `email`; the form field (what axes sees before
    authentication) is `login`. Case is folded so that "Lead@" and "lead@" count together.
    """
    value = (credentials or {}).get("email") or request.POST.get("login")
    return value.strip().lower() if value else None
