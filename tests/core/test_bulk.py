"""core.bulk.create: COPY on PostgreSQL, bulk_create elsewhere; ids given back, personal data
encrypted as save() would, one statement whatever the number of rows, all or nothing."""

import pytest
from django.db import IntegrityError, connection, transaction

from coalition.models import Contact, ContactLanguage
from coalition.models.contacts import email_hash
from core import bulk


def _contacts(campaign, n: int, start: int = 0) -> list[Contact]:
    return [
        Contact(
            campaign=campaign,
            name=f"Persona {i}",
            email=f"p{i}@example.org",
            email_hash=email_hash(f"p{i}@example.org"),
            notes="Held for ICE three days" if i % 2 else "",
        )
        for i in range(start, start + n)
    ]


def test_rows_are_stored_with_their_ids_and_encrypted(campaign):
    made = _contacts(campaign, 25)
    bulk.create(Contact, made)
    assert all(c.pk for c in made) and len({c.pk for c in made}) == 25
    stored = {c.pk: c for c in Contact.objects.filter(campaign=campaign)}
    assert set(stored) == {c.pk for c in made}
    assert stored[made[3].pk].name == "Persona 3"
    assert stored[made[3].pk].notes == "Held for ICE three days"
    assert stored[made[3].pk].created_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, notes FROM coalition_contact WHERE id = %s", [made[3].pk])
        name, notes = cursor.fetchone()
    assert "Persona" not in name and "ICE" not in notes
    # Related rows can point at the ids just given.
    bulk.create(ContactLanguage, [ContactLanguage(contact_id=made[0].pk, language="es")])
    assert ContactLanguage.objects.get(contact=made[0]).language == "es"
    # Later rows from the ordinary path do not collide with the ids taken.
    later = Contact.objects.create(
        campaign=campaign, name="Later", email="later@example.org", email_hash=email_hash("l")
    )
    assert later.pk not in stored


def test_the_number_of_statements_does_not_grow_with_the_rows(campaign, django_assert_num_queries):
    # PostgreSQL: the sequence, its next ids, the COPY; elsewhere one INSERT.
    expected = 3 if connection.vendor == "postgresql" else 1
    with django_assert_num_queries(expected):
        bulk.create(Contact, _contacts(campaign, 10))
    with django_assert_num_queries(expected):
        bulk.create(Contact, _contacts(campaign, 300, start=10))
    assert Contact.objects.filter(campaign=campaign).count() == 310


def test_a_bad_row_leaves_nothing(campaign):
    rows = _contacts(campaign, 5)
    rows.append(Contact(campaign_id=campaign.pk + 10_000, name="x", email="x@example.org"))
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.create(Contact, rows)
        Contact.objects.filter(campaign=campaign).count()  # deferred FK checked by now
        connection.check_constraints()
    assert not Contact.objects.filter(campaign=campaign).exists()
