"""A database that cannot be reached answers 503 with Retry-After (core/errors.py), in the
visitor's language, never a 500. The outage is real: the connection is pointed at a database
that does not exist (a closed port on PostgreSQL, a missing folder with SQLite)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def database_gone(transactional_db):
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent/brightline/outage.sqlite3"
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Back in a moment"), ("es", "Volvemos en un momento")],
)
def test_an_unreachable_database_is_a_503_with_retry_after(
    client, database_gone, language, text, settings
):
    settings.DEBUG = False
    client.raise_request_exception = False
    with translation.override(language):
        path = reverse("public:index")
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert text in response.content.decode()


def test_other_errors_stay_500(client, settings):
    from core.errors import server_error

    settings.DEBUG = False
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
