"""django-axes locks an account out after repeated failed sign-ins."""

from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_five_failures_lock_the_account_even_for_the_right_password(db, settings):
    UserFactory(email="target@example.org")
    client = Client()
    url = reverse("account_login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"login": "Target@example.org", "password": "guess"})
    assert response.status_code == 429
    # allauth's own rate limit would also refuse the next try; clear it to prove axes holds.
    cache.clear()
    response = client.post(url, {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_a_few_mistakes_do_not_lock(db):
    user = UserFactory(email="typo@example.org")
    client = Client()
    url = reverse("account_login")
    client.post(url, {"login": "typo@example.org", "password": "guess"})
    response = client.post(url, {"login": "typo@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
