import importlib
import io

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from coalition.models import Invitation
from coalition.permissions import Role
from core import crypto

OLD_KEY = "n3qg0y4iUWj6zVbdq5c4iM8m5vVh5m0jQ0A8yB5bQ0Y="
NEW_KEY = crypto.generate_key()
SECRET = "maria.lopez@example.org"


def _raw_email(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM coalition_invitation WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _invitation(campaign, email: str = SECRET) -> Invitation:
    return Invitation.objects.create(
        campaign=campaign,
        email=email,
        email_hash=crypto.keyed_hash(email),
        role=Role.VOLUNTEER,
        token_hash=Invitation.new_token(),
    )


def test_value_is_ciphertext_in_the_database_and_plaintext_in_python(campaign):
    invitation = _invitation(campaign)
    raw = _raw_email(invitation.pk)
    assert SECRET not in raw
    assert "maria" not in raw.lower()
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert Invitation.objects.get(pk=invitation.pk).email == SECRET


def test_same_value_encrypts_differently_each_time(campaign):
    first, second = _invitation(campaign), _invitation(campaign)
    assert _raw_email(first.pk) != _raw_email(second.pk)


def test_wrong_key_raises_instead_of_returning_ciphertext(campaign):
    invitation = _invitation(campaign)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(crypto.DecryptionError):
            Invitation.objects.get(pk=invitation.pk)


def test_key_must_not_be_the_secret_key(campaign):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY], SECRET_KEY=OLD_KEY):
        with pytest.raises(ImproperlyConfigured):
            crypto.encrypt("x")


def test_missing_or_malformed_keys_refuse_to_store(campaign):
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        _invitation(campaign)
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
        with pytest.raises(ImproperlyConfigured):
            _invitation(campaign)


def test_encrypted_field_cannot_be_searched(campaign):
    _invitation(campaign)
    with pytest.raises(FieldError, match="keyed hash"):
        list(Invitation.objects.filter(email=SECRET))
    assert Invitation.objects.filter(email__isnull=False).count() == 1


def test_empty_value_round_trips(campaign):
    invitation = _invitation(campaign, email="")
    assert _raw_email(invitation.pk) == ""
    assert Invitation.objects.get(pk=invitation.pk).email == ""


def test_rotation_reencrypts_everything_with_the_newest_key(campaign):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        invitations = [_invitation(campaign, f"person{i}@example.org") for i in range(3)]
        before = [_raw_email(i.pk) for i in invitations]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys", batch_size=2, stdout=io.StringIO())
    after = [_raw_email(i.pk) for i in invitations]
    assert all(a != b for a, b in zip(after, before, strict=True))
    # The old key can now be dropped: everything reads with the new key alone.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        emails = sorted(Invitation.objects.values_list("email", flat=True))
    assert emails == [f"person{i}@example.org" for i in range(3)]


def test_rotation_fails_whole_when_a_value_is_unreadable(campaign):
    invitation = _invitation(campaign)
    raw = _raw_email(invitation.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with pytest.raises(crypto.DecryptionError):
            call_command("rotate_encryption_keys", stdout=io.StringIO())
    assert _raw_email(invitation.pk) == raw


def test_keyed_hash_matches_equal_values_and_hides_them():
    assert crypto.keyed_hash("Maria.Lopez@Example.org ") == crypto.keyed_hash(
        "maria.lopez@example.org"
    )
    assert crypto.keyed_hash("María  López") == crypto.keyed_hash("maría lópez")
    assert crypto.keyed_hash("a@example.org") != crypto.keyed_hash("b@example.org")
    assert "maria" not in crypto.keyed_hash("maria")
    with override_settings(FIELD_HASH_KEY="another-key"):
        other = crypto.keyed_hash("maria.lopez@example.org")
    assert other != crypto.keyed_hash("maria.lopez@example.org")


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("María José Ñúñez", "maria  jose nunez"),
        ("MARÍA JOSÉ ÑÚÑEZ", "María José Ñúñez"),
        ("Jean-Pierre Dupont", "jean pierre dupont"),
        ("Seán O\u2019Brien", "sean o'brien"),
        ("Seán O'Brien", "Sean OBrien"),
        ("Łukasz Søndergaard", "lukasz sondergaard"),
        ("İbrahim Straße", "ibrahim strasse"),
        ("Nguyễn Thị Minh", "nguyen thi minh"),
    ],
)
def test_name_hash_ignores_accents_case_spacing_and_punctuation(written, searched):
    assert crypto.name_hash(written) == crypto.name_hash(searched)
    assert crypto.name_hash(written) != ""


def test_name_hash_still_tells_names_apart():
    assert crypto.name_hash("Ana Ruiz") != crypto.name_hash("Ana Ruíz Vega")
    assert crypto.name_hash("Ana Ruiz") != crypto.name_hash("Ruiz Ana")
    assert crypto.name_hash("   ") == crypto.name_hash("-") == crypto.name_hash("") == ""
    # Email addresses keep their own hash: case only, accents matter.
    assert crypto.keyed_hash("josé@example.org") != crypto.keyed_hash("jose@example.org")


def test_keyed_hash_needs_its_key():
    with override_settings(FIELD_HASH_KEY=None), pytest.raises(ImproperlyConfigured):
        crypto.keyed_hash("x")


def test_rotation_end_to_end_on_the_demo_installation(transactional_db):
    """The demo's campaigns (contacts, stories, consents, meetings, …) written under the old key;
    after rotation every encrypted value of every model reads the same with the new key alone."""
    from core.management.commands.rotate_encryption_keys import encrypted_models

    def snapshot() -> dict:
        values = {}
        for model, fields in encrypted_models():
            for row in model._base_manager.order_by("pk").values("pk", *fields):
                values[(model._meta.label, row.pop("pk"))] = row
        return values

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        call_command("seed_demo", force=True, stdout=io.StringIO())
        before = snapshot()
    populated = {label for label, _pk in before}
    assert len(before) >= 10 and len(populated) >= 5, populated
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys", batch_size=7, stdout=io.StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        after = snapshot()
    assert after == before
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]), pytest.raises(crypto.DecryptionError):
        snapshot()


@pytest.mark.parametrize(
    ("migration", "make"),
    [
        ("stories.migrations.0005_storyteller_name_hash_without_accents", "storyteller"),
        ("coalition.migrations.0005_contact_name_hash_without_accents", "contact"),
    ],
)
def test_the_data_migrations_recompute_stored_name_hashes(campaign, volunteer, migration, make):
    from django.apps import apps

    from tests.coalition.factories import ContactFactory
    from tests.stories.factories import make_story

    if make == "storyteller":
        rows = [make_story(campaign, taken_by=volunteer, name=n).storyteller for n in NAMES]
    else:
        rows = [ContactFactory(campaign=campaign, name=n) for n in NAMES]
    model = type(rows[0])
    old = {row.pk: crypto.keyed_hash(row.name) for row in rows}
    for pk, value in old.items():
        model.objects.filter(pk=pk).update(name_hash=value)
    module = importlib.import_module(migration)

    module.forwards(apps, None)
    stored = dict(model.objects.filter(pk__in=old).values_list("pk", "name_hash"))
    assert stored == {row.pk: crypto.name_hash(row.name) for row in rows}
    assert len(set(stored.values())) == 1  # one person, written three ways

    module.backwards(apps, None)
    assert dict(model.objects.filter(pk__in=old).values_list("pk", "name_hash")) == old


NAMES = ["José Núñez", "jose  nunez", "JOSÉ NÚÑEZ"]
