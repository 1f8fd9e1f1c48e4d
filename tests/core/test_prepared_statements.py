"""Signing a petition runs as a statement PostgreSQL prepared once per connection
(core/db/postgresql): planning it costs the server more than running it. With
DATABASE_PREPARED_STATEMENTS off (PgBouncer before 1.21 in transaction mode) nothing is
prepared, and signing works the same."""

import pytest
from django.db import connection

from actions.models import Petition, PetitionCounter
from actions.services import petitions as service
from tests.factories import CampaignFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


@pytest.fixture
def petition(db):
    petition = Petition.objects.create(
        campaign=CampaignFactory(), slug="end-it", title="End it", text="Sign.", status="open"
    )
    PetitionCounter.create_for(petition)
    return petition


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [sql for (sql,) in cursor.fetchall()]


def _sign(petition, n: int) -> None:
    signature, created = service.sign(
        petition, {"name": f"Signer {n}", "email": f"s{n}@example.org"}, only_if_open=True
    )
    assert created and signature.pk


def test_the_signing_statement_is_prepared_once_per_connection(petition):
    for n in range(3):
        _sign(petition, n)
    signing = [sql for sql in _prepared() if "INSERT INTO" in sql and "actions_signature" in sql]
    assert len(signing) == 1  # prepared once, then reused
    assert petition.signature_count() == 3


def test_prepared_statements_can_be_turned_off(petition, settings):
    settings.DATABASES["default"]["PREPARED_STATEMENTS"] = False
    connection.settings_dict["PREPARED_STATEMENTS"] = False
    try:
        for n in range(3):
            _sign(petition, n)
        assert not [sql for sql in _prepared() if "actions_signature" in sql]
        assert petition.signature_count() == 3
    finally:
        connection.settings_dict["PREPARED_STATEMENTS"] = True


def test_errors_of_a_prepared_statement_are_djangos(petition):
    """A prepared cursor's errors are Django's (as the 503 page and IntegrityError handling
    expect), and the query is logged where Django logs queries."""
    from django.db import ProgrammingError
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, pytest.raises(ProgrammingError):
        with connection.prepared_cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM actions_petition WHERE id = %s", [1])
    assert "no_such_column" in captured.captured_queries[-1]["sql"]
