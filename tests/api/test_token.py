import re
from types import SimpleNamespace

from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditEvent
from exchange.models import ApiToken, hash_token
from tests.conftest import client_for


def _key_in(page: str) -> str:
    return re.search(r"<code>(bl_[\w-]+)</code>", page).group(1)


def test_a_token_is_shown_once_and_works(campaign, lead):
    page = client_for(lead)
    response = page.post(reverse("exchange:api_token"), {"action": "create"})
    assert response["Cache-Control"] == "no-store"
    key = _key_in(response.content.decode())
    token = ApiToken.objects.get(user=lead)
    assert token.prefix == key[:10] and token.key_hash == hash_token(key)
    assert key not in page.get(reverse("exchange:api_token")).content.decode()
    assert AuditEvent.objects.filter(action="api.token_created", actor=lead).exists()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).json()[0]["slug"] == campaign.slug
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_database_holds_no_usable_token(campaign, lead):
    """Only the key's SHA-256 and its first characters are stored: no column of the table,
    nor a raw read of it, authenticates."""
    _, key = ApiToken.issue(lead)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM exchange_apitoken")
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert key not in stored and not any(key[10:20] in value for value in stored)
    for value in stored:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {value}")
        assert api.get(reverse("api:campaign-list")).status_code == 401


def test_replacing_a_token_revokes_the_old_one(lead):
    _, old = ApiToken.issue(lead)
    response = client_for(lead).post(reverse("exchange:api_token"), {"action": "create"})
    new = _key_in(response.content.decode())
    assert ApiToken.objects.filter(user=lead).count() == 1
    for key, status in ((old, 401), (new, 200)):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get(reverse("api:campaign-list")).status_code == status


def test_a_revoked_token_no_longer_works(lead):
    _, key = ApiToken.issue(lead)
    client_for(lead).post(reverse("exchange:api_token"), {"action": "revoke"})
    assert not ApiToken.objects.filter(user=lead).exists()
    assert AuditEvent.objects.filter(action="api.token_revoked", actor=lead).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).status_code == 401


def test_an_inactive_users_token_no_longer_works(lead):
    _, key = ApiToken.issue(lead)
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).status_code == 401


def test_drf_plaintext_tokens_are_not_accepted(lead):
    """The migration deleted DRF's plaintext tokens; one made anyway (e.g. in the admin)
    authenticates nothing: the API does not read that table."""
    from django.apps import apps

    if not apps.is_installed("rest_framework.authtoken"):
        return
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=lead).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).status_code == 401


def test_the_migration_deletes_plaintext_tokens(lead):
    from importlib import import_module

    from django.apps import apps

    if not apps.is_installed("rest_framework.authtoken"):
        return
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=lead)
    migration = import_module("exchange.migrations.0002_heartbeat_options_api_tokens")
    # the function needs the connection and quoting only (a real schema editor cannot open
    # inside the test's transaction on SQLite)
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.forget_plaintext_tokens(apps, editor)
    assert not Token.objects.exists()


def test_no_token_means_401_with_a_challenge(db):
    response = APIClient().get(reverse("api:campaign-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_authentication_works_for_the_browser(campaign, coordinator):
    response = client_for(coordinator).get(
        reverse("api:campaign-organization-list", kwargs={"campaign_slug": campaign.slug})
    )
    assert response.status_code == 200


def test_a_lead_without_a_second_factor_is_refused(campaign, settings):
    from coalition.permissions import Role
    from tests.api.conftest import api_client_for
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="newlead@example.org")
    MembershipFactory(campaign=campaign, user=user, role=Role.LEAD)
    response = api_client_for(user).get(
        reverse("api:campaign-organization-list", kwargs={"campaign_slug": campaign.slug})
    )
    assert response.status_code == 403
