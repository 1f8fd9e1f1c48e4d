import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from coalition.models import Campaign, Membership
from core.models import User


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def test_seed_creates_one_user_per_role_and_prints_logins(db):
    output = _seed()
    campaign = Campaign.objects.get(slug="example-county")
    assert campaign.name == "ICE out of Example County"
    roles = dict(Membership.objects.for_campaign(campaign).values_list("user__email", "role"))
    assert roles == {
        "lead@example.org": "lead",
        "coordinator@example.org": "coordinator",
        "volunteer@example.org": "volunteer",
        "observer@example.org": "observer",
    }
    assert "lead@example.org" in output
    assert DEMO_PASSWORD in output


def test_seed_is_idempotent(db):
    _seed()
    counts = (User.objects.count(), Campaign.objects.count(), Membership.objects.count())
    _seed()
    assert (User.objects.count(), Campaign.objects.count(), Membership.objects.count()) == counts


def test_demo_logins_work(db):
    _seed()
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/c/example-county/").status_code == 200


def test_outsider_demo_user_cannot_see_the_example_campaign(db):
    _seed()
    client = Client()
    client.post(
        reverse("account_login"), {"login": "outsider@example.org", "password": DEMO_PASSWORD}
    )
    assert client.get("/c/example-county/").status_code == 404


def test_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo", stdout=io.StringIO())


def test_seed_gives_the_demo_campaign_a_coalition(db):
    from coalition.models import Contact, FollowUp, Meeting, Organization, Principle

    _seed()
    campaign = Campaign.objects.get(slug="example-county")
    counts = [
        model.objects.for_campaign(campaign).count()
        for model in (Organization, Contact, Principle, Meeting, FollowUp)
    ]
    assert all(counts)
    _seed()
    assert [
        model.objects.for_campaign(campaign).count()
        for model in (Organization, Contact, Principle, Meeting, FollowUp)
    ] == counts


def test_seed_loads_the_public_reference_files_once(db):
    from targets.models import Arrangement, Facility, Jurisdiction

    out = io.StringIO()
    call_command("seed_demo", force=True, with_reference_data=True, stdout=out)
    counties = Jurisdiction.objects.filter(fips__regex=r"^\d{5}$").count()
    assert counties == 3234
    assert Arrangement.objects.count() >= 832
    # ICE's 203, plus the fictional county jail of the demo plan.
    assert Facility.objects.exclude(name="Example County Jail").count() == 203
    assert "Importing national_county.txt" in out.getvalue()
    again = io.StringIO()
    call_command("seed_demo", force=True, with_reference_data=True, stdout=again)
    assert "Importing" not in again.getvalue()


def test_seed_includes_demo_stories_with_consent(db):
    from stories.models import Purpose, Story

    _seed()
    campaign = Campaign.objects.get(slug="example-county")
    lead = User.objects.get(email="lead@example.org")
    assert Story.objects.for_campaign(campaign).count() == 6
    visible = Story.objects.visible_to(lead, campaign, Purpose.POLICYMAKERS_ANONYMIZED)
    assert visible.count() == 1


def test_demo_stories_show_each_consent_situation(db):
    """A new user sees redaction at work: first name only, anonymized, withdrawn, expired and
    erased stories are all in the demo, and each shows as its consent allows."""
    from stories.access import access_for
    from stories.models import Story

    _seed()
    campaign = Campaign.objects.get(slug="example-county")
    lead = User.objects.get(email="lead@example.org")
    levels = {}
    for story in Story.objects.for_campaign(campaign).prefetch_related("consents"):
        access = access_for(lead, story)
        levels[story.storyteller.name or "(erased)"] = access.level
    assert levels == {
        "Amaya Demo-Quispe": "first",
        "Dana Demo-Brooks": "full",
        "Elena Demo-Ruiz": "anonymized",
        "Farah Demo-Soto": None,  # withdrawn
        "Gloria Demo-Vega": None,  # expired
        "(erased)": None,
    }
