from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import AuditEvent
from tests.conftest import client_for


def test_a_token_is_shown_once_and_works(campaign, lead):
    page = client_for(lead)
    response = page.post(reverse("exchange:api_token"), {"action": "create"})
    key = Token.objects.get(user=lead).key
    assert key in response.content.decode()
    assert key not in page.get(reverse("exchange:api_token")).content.decode()
    assert AuditEvent.objects.filter(action="api.token_created", actor=lead).exists()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).json()[0]["slug"] == campaign.slug


def test_a_revoked_token_no_longer_works(lead):
    key = Token.objects.create(user=lead).key
    client_for(lead).post(reverse("exchange:api_token"), {"action": "revoke"})
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:campaign-list")).status_code == 401


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
