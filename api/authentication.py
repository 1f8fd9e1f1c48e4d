"""API authentication: `Authorization: Token <key>` with a key stored only as its SHA-256 hash
(exchange.models.ApiToken), and the browser's session.

DRF's own TokenAuthentication (rest_framework.authtoken) keeps keys in plain text; it is not
used. Every API route authenticates with AUTHENTICATION below (api/urls.py sets it on each
route, whatever the project's default says).
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from exchange.models import ApiToken, hash_token

# `last_used_at` is written at most this often, not on every request.
LAST_USED_EVERY = timedelta(minutes=5)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: the key's hash finds the token; the key is not stored."""

    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_token(key)).first()
            if key
            else None
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token


# Token first: a request without credentials gets 401 with `WWW-Authenticate: Token`.
AUTHENTICATION = [HashedTokenAuthentication, SessionAuthentication]
