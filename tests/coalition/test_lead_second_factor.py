"""Leads must enrol a second factor before any campaign page opens to them."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from coalition.permissions import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.test_authorization import POLICY
from tests.urlwalk import CAMPAIGN_NAMES, url_for


@pytest.fixture
def lead_without_mfa(campaign):
    user = UserFactory(email="new.lead@example.org")
    MembershipFactory(campaign=campaign, user=user, role=Role.LEAD)
    return user


@pytest.mark.parametrize("name", CAMPAIGN_NAMES)
def test_every_campaign_page_sends_a_lead_without_mfa_to_enrol(name, lead_without_mfa, samples):
    client = client_for(lead_without_mfa)
    url = url_for(name, samples)
    response = client.get(url) if "GET" in POLICY[name].methods else client.post(url, {})
    if name.startswith("api:"):
        # A script cannot enrol; the API refuses instead of redirecting.
        assert response.status_code == 403
        return
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_other_roles_do_not_need_a_second_factor(as_coordinator, campaign):
    assert as_coordinator.get(campaign.get_absolute_url()).status_code == 200


def test_switch_off_for_the_development_server(lead_without_mfa, campaign):
    with override_settings(REQUIRE_LEAD_MFA=False):
        assert client_for(lead_without_mfa).get(campaign.get_absolute_url()).status_code == 200


def test_switch_off_is_refused_without_debug():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 60, "REQUIRE_LEAD_MFA": "0"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "REQUIRE_LEAD_MFA may only be switched off with DEBUG on" in result.stderr
