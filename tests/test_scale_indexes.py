"""The indexes the national-scale lists rely on (issue 10) exist on every database.

They are made by migrations without being declared in the models' Meta (see the migrations'
docstrings), so no other test would notice if one went missing."""

import pytest
from django.db import connection

from stories.models import Story
from targets.models import Jurisdiction, Office

pytestmark = pytest.mark.django_db

INDEXES = [
    (Story, "story_campaign_recent", ["campaign_id", "created_at", "id"]),
    (Office, "office_name_list", ["name", "id"]),
    (Jurisdiction, "jurisdiction_name_list", ["name", "id"]),
]


@pytest.mark.parametrize(("model", "name", "columns"), INDEXES)
def test_list_index_exists(model, name, columns):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert name in constraints, f"{name} is missing on {model._meta.db_table}"
    assert constraints[name]["index"]
    assert constraints[name]["columns"] == columns
