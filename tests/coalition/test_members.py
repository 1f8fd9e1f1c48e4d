from django.test import Client
from django.urls import reverse

from coalition.models import Membership
from coalition.permissions import Role
from core.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory, enable_totp


def _membership(campaign, user) -> Membership:
    return Membership.objects.for_campaign(campaign).get(user=user)


def _role_url(campaign, membership) -> str:
    return reverse("coalition:member_role", args=[campaign.slug, membership.pk])


def test_members_page_lists_everyone_with_their_role(as_lead, campaign, people):
    page = as_lead.get(reverse("coalition:members", args=[campaign.slug])).content.decode()
    for email in ("lead@", "coordinator@", "volunteer@", "observer@"):
        assert email in page
    assert "outsider@" not in page


def test_lead_changes_a_role_and_it_is_audited(as_lead, campaign, volunteer, lead):
    membership = _membership(campaign, volunteer)
    response = as_lead.post(_role_url(campaign, membership), {"role": Role.COORDINATOR})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.actor == lead
    assert event.details == {
        "old_role": "volunteer",
        "new_role": "coordinator",
        "member": volunteer.pk,
    }


def test_htmx_role_change_returns_just_the_row(as_lead, campaign, volunteer):
    membership = _membership(campaign, volunteer)
    response = as_lead.post(
        _role_url(campaign, membership), {"role": Role.OBSERVER}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<tr id="member-{membership.pk}"')
    assert "<html" not in body
    assert '<option value="observer" selected>' in body


def test_bad_role_changes_nothing(as_lead, campaign, volunteer):
    membership = _membership(campaign, volunteer)
    as_lead.post(_role_url(campaign, membership), {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == Role.VOLUNTEER
    assert not AuditEvent.objects.filter(action="membership.role_changed").exists()


def test_the_last_lead_cannot_step_down(as_lead, campaign, lead):
    membership = _membership(campaign, lead)
    response = as_lead.post(
        _role_url(campaign, membership), {"role": Role.VOLUNTEER}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "at least one lead" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.LEAD


def test_the_last_lead_cannot_be_removed(as_lead, campaign, lead):
    membership = _membership(campaign, lead)
    as_lead.post(reverse("coalition:member_remove", args=[campaign.slug, membership.pk]))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_with_a_second_lead_the_first_may_leave(as_lead, campaign, lead):
    second = UserFactory()
    enable_totp(second)
    MembershipFactory(campaign=campaign, user=second, role=Role.LEAD)
    membership = _membership(campaign, lead)
    response = as_lead.post(reverse("coalition:member_remove", args=[campaign.slug, membership.pk]))
    assert response["Location"] == reverse("coalition:dashboard")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed").count() == 1


def test_removed_member_loses_access_on_the_next_request(as_lead, campaign, observer):
    observer_client = Client()
    observer_client.force_login(observer)
    home = reverse("coalition:campaign_home", args=[campaign.slug])
    assert observer_client.get(home).status_code == 200
    as_lead.post(
        reverse("coalition:member_remove", args=[campaign.slug, _membership(campaign, observer).pk])
    )
    assert observer_client.get(home).status_code == 404


def test_lead_of_one_campaign_cannot_touch_members_of_another(as_outsider, campaign, volunteer):
    membership = _membership(campaign, volunteer)
    # Through the outsider's own campaign address, with a member id from another campaign.
    url = reverse("coalition:member_role", args=["sample-city", membership.pk])
    assert as_outsider.post(url, {"role": Role.LEAD}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.VOLUNTEER
