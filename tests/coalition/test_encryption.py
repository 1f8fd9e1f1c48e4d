"""Invariant 3: free text about people is ciphertext in the database (contacts' own fields are
checked in test_contacts.py)."""

import pytest
from django.db import connection

from coalition.models import Interaction
from tests.coalition.factories import ContactFactory, FollowUpFactory, MeetingFactory


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("make", "table", "column", "secret"),
    [
        (
            lambda c: MeetingFactory(campaign=c, notes="Rosa spoke about her son"),
            "coalition_meeting",
            "notes",
            "Rosa",
        ),
        (
            lambda c: FollowUpFactory(campaign=c, details="Call Rosa at home"),
            "coalition_followup",
            "details",
            "Rosa",
        ),
        (
            lambda c: Interaction.objects.create(
                campaign=c, contact=ContactFactory(campaign=c), summary="Rosa asked for a ride"
            ),
            "coalition_interaction",
            "summary",
            "Rosa",
        ),
    ],
)
def test_free_text_about_people_is_encrypted(campaign, make, table, column, secret):
    row = make(campaign)
    raw = _raw(table, column, row.pk)
    assert raw.startswith("gAAAAA")
    assert secret not in raw
