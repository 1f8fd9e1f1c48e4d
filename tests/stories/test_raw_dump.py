"""Invariant 3: a raw dump of the database shows no storyteller's name or story."""

import shutil
import subprocess

import pytest
from django.db import connection

from stories.models import Purpose
from tests.stories.factories import consent, make_story

SECRETS = [
    ("Guadalupe Fernández", "guadalupe.f@example.org", "Guadalupe fue detenida en la cárcel"),
    ("Tomás Herrera", "555-0142", "Tomas was kept four days for ICE after bail"),
]


def _dump(folder) -> bytes:
    if connection.vendor == "sqlite":
        path = folder / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return path.read_bytes()
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed to check the PostgreSQL dump")
    settings = connection.settings_dict
    result = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        check=True,
        env={"PGPASSWORD": settings["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
    )
    return result.stdout


def test_database_dump_contains_no_storyteller_data(
    transactional_db, campaign, volunteer, tmp_path
):
    for name, contact, narrative in SECRETS:
        story = make_story(
            campaign,
            taken_by=volunteer,
            name=name,
            contact=contact,
            narrative=narrative,
            identifying_details=name.split()[1],
        )
        consent(story, Purpose.INTERNAL, by=volunteer)
    dump = _dump(tmp_path)
    assert b"stories_story" in dump or connection.vendor == "sqlite"
    assert len(dump) > 10_000
    for name, contact, narrative in SECRETS:
        for secret in (name, *name.split(), contact, narrative):
            for encoded in (secret.encode(), secret.encode("utf-16-le")):
                assert encoded not in dump, f"{secret!r} is readable in the raw dump"


def test_dump_after_the_demo_seed_shows_no_demo_storyteller(transactional_db, tmp_path):
    import io

    from django.core.management import call_command

    from stories.demo import DEMO_STORIES

    call_command("seed_demo", force=True, stdout=io.StringIO())
    dump = _dump(tmp_path)
    for story in DEMO_STORIES:
        for secret in (story["name"], story["narrative"], story["narrative"][:40]):
            assert secret.encode() not in dump, f"{secret!r} is readable in the raw dump"
