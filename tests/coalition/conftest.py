import pytest

from coalition.models import Membership
from tests.coalition.factories import OrganizationFactory
from tests.conftest import client_for


def membership_of(campaign, user) -> Membership:
    return Membership.objects.for_campaign(campaign).select_related("user").get(user=user)


@pytest.fixture
def as_observer(observer):
    return client_for(observer)


@pytest.fixture
def organization(campaign):
    return OrganizationFactory(campaign=campaign, name="Example Faith Table")


@pytest.fixture
def foreign_organization(other_campaign):
    """An organization of another campaign: never reachable from `campaign`."""
    return OrganizationFactory(campaign=other_campaign, name="Someone Else's Ally")
