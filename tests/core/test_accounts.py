"""Accounts through allauth: password reset by email, sign-out, hashing."""

import re
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_deploy import PRODUCTION


def test_password_reset_by_email(db):
    user = UserFactory(email="forgetful@example.org")
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db):
    response = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not mail.outbox


def test_sign_out(as_coordinator, campaign):
    as_coordinator.post(reverse("account_logout"))
    response = as_coordinator.get(campaign.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_production_hashes_passwords_with_argon2():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.contrib.auth.hashers import make_password; print(make_password('x'))",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=PRODUCTION,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("argon2$argon2id$")
