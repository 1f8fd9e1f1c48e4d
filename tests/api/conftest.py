import pytest
from rest_framework.test import APIClient

from exchange.models import ApiToken
from tests.coalition.factories import ContactFactory, OrganizationFactory


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        _, key = ApiToken.issue(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api_as(people):
    return {name: api_client_for(user) for name, user in people.items()} | {
        "anonymous": APIClient()
    }


@pytest.fixture
def two_campaigns(campaign, other_campaign):
    """Rows in both campaigns, to prove that each sees only its own."""
    mine = {
        "organization": OrganizationFactory(campaign=campaign, name="Ours"),
        "contact": ContactFactory(campaign=campaign, name="Ana Ours"),
    }
    theirs = {
        "organization": OrganizationFactory(campaign=other_campaign, name="Theirs"),
        "contact": ContactFactory(campaign=other_campaign, name="Bo Theirs"),
    }
    return mine, theirs
