"""Sign-in events are written to the audit trail where Django and allauth announce them."""

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core import audit


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(action="auth.login", actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(action="auth.logout", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # The attempted login is not stored: people type passwords into the wrong box.
    audit.record(action="auth.login_failed", request=request)


@receiver(authenticator_added, dispatch_uid="audit_mfa_added")
def audit_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    audit.record(action="auth.mfa_added", actor=user, request=request, kind=authenticator.type)


@receiver(authenticator_removed, dispatch_uid="audit_mfa_removed")
def audit_mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    audit.record(action="auth.mfa_removed", actor=user, request=request, kind=authenticator.type)
