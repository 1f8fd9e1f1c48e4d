import pytest
from django.test import Client

from tests.conftest import client_for


def reauthenticated(user, password: str) -> Client:
    """A client that signed in and confirmed its password just now (allauth's
    reauthentication), as a lead must before packets and erasure."""
    client = client_for(user)
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def as_fresh_lead(lead):
    from tests.factories import PASSWORD

    return reauthenticated(lead, PASSWORD)
