import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.models import Invitation, Membership
from coalition.permissions import Role
from core.models import AuditEvent, User
from tests.factories import UserFactory


def _invite(client: Client, campaign, email="new.person@example.org", role=Role.COORDINATOR):
    return client.post(
        reverse("coalition:invite", args=[campaign.slug]), {"email": email, "role": role}
    )


def _link_from_last_email() -> str:
    match = re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_lead_invites_by_email(as_lead, campaign, lead):
    response = _invite(as_lead, campaign)
    assert response.status_code == 302
    invitation = Invitation.objects.for_campaign(campaign).get()
    assert invitation.email == "new.person@example.org"
    assert invitation.role == Role.COORDINATOR
    assert invitation.invited_by == lead
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert campaign.name in mail.outbox[0].subject
    token = _link_from_last_email().split("/")[2]
    assert token not in Invitation.objects.values_list("token_hash", flat=True)[0]
    event = AuditEvent.objects.get(action="invitation.sent")
    assert event.actor == lead
    assert event.campaign == campaign


def test_invitation_email_is_encrypted_at_rest(as_lead, campaign):
    _invite(as_lead, campaign, email="secret.person@example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM coalition_invitation")
        (raw,) = cursor.fetchone()
    assert "secret.person" not in raw


def test_bad_email_changes_nothing(as_lead, campaign):
    response = _invite(as_lead, campaign, email="not an email")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_unknown_role_changes_nothing(as_lead, campaign):
    response = _invite(as_lead, campaign, role="superuser")
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_coordinator_may_not_invite(as_coordinator, campaign):
    assert _invite(as_coordinator, campaign).status_code == 403
    assert not Invitation.objects.exists()


def test_outsider_gets_404(as_outsider, campaign):
    assert _invite(as_outsider, campaign).status_code == 404
    assert not Invitation.objects.exists()


def test_reinviting_withdraws_the_earlier_invitation(as_lead, campaign):
    _invite(as_lead, campaign, role=Role.OBSERVER)
    first_link = _link_from_last_email()
    _invite(as_lead, campaign, email="NEW.person@example.org ", role=Role.VOLUNTEER)
    assert Invitation.objects.for_campaign(campaign).pending().get().role == Role.VOLUNTEER
    assert Client().get(first_link).status_code == 410


def test_new_person_signs_up_from_the_link_and_joins(as_lead, campaign):
    _invite(as_lead, campaign)
    link = _link_from_last_email()
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Create an account" in page.content.decode()

    signup = visitor.get(reverse("account_signup"))
    assert signup.status_code == 200
    assert 'value="new.person@example.org"' in signup.content.decode()
    response = visitor.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    # The address came from the emailed link, so it counts as verified.
    assert user.emailaddress_set.get().verified

    response = visitor.post(link)
    assert response.status_code == 302
    membership = Membership.objects.for_campaign(campaign).get(user=user)
    assert membership.role == Role.COORDINATOR
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=user).exists()
    # The link works once.
    assert visitor.get(link).status_code == 410


def test_sign_up_is_closed_without_an_invitation(db):
    response = Client().get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()
    Client().post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert not User.objects.filter(email="x@example.org").exists()


def test_existing_user_accepts(as_lead, campaign):
    person = UserFactory(email="existing@example.org")
    _invite(as_lead, campaign, email="existing@example.org", role=Role.OBSERVER)
    client = Client()
    client.force_login(person)
    link = _link_from_last_email()
    assert "Accept the invitation" in client.get(link).content.decode()
    client.post(link)
    assert Membership.objects.for_campaign(campaign).get(user=person).role == Role.OBSERVER


def test_someone_else_cannot_use_a_forwarded_link(as_lead, campaign):
    _invite(as_lead, campaign, email="intended@example.org")
    other = UserFactory(email="other@example.org")
    client = Client()
    client.force_login(other)
    link = _link_from_last_email()
    response = client.post(link)
    assert response.status_code == 200
    assert "sent to another email address" in response.content.decode()
    assert not Membership.objects.filter(user=other, campaign=campaign).exists()


@pytest.mark.parametrize("state", ["expired", "withdrawn"])
def test_dead_links_explain_themselves(as_lead, campaign, state):
    _invite(as_lead, campaign)
    link = _link_from_last_email()
    invitation = Invitation.objects.get()
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    else:
        as_lead.post(reverse("coalition:invitation_revoke", args=[campaign.slug, invitation.pk]))
    response = Client().get(link)
    assert response.status_code == 410
    assert "This invitation cannot be used" in response.content.decode()


def test_made_up_token_is_refused(db):
    assert Client().get("/invitations/made-up/").status_code == 410


def test_lead_cannot_withdraw_another_campaigns_invitation(as_outsider, as_lead, campaign):
    _invite(as_lead, campaign)
    invitation = Invitation.objects.get()
    url = reverse("coalition:invitation_revoke", args=["sample-city", invitation.pk])
    assert as_outsider.post(url).status_code == 404
    assert Invitation.objects.get().is_pending
