"""Backup and restore: an encrypted backup of a populated installation restores into an empty
one with every record, and the personal data in it is still readable only with the keys."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup, crypto
from tests.coalition.factories import ContactFactory, MeetingFactory, OrganizationFactory
from tests.factories import CampaignFactory

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "maria.restore@example.org"


@pytest.fixture
def backup_key(settings):
    settings.BACKUP_KEY = backup.generate_key()
    return settings.BACKUP_KEY


@pytest.fixture
def populated(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "records").mkdir(parents=True)
    (settings.MEDIA_ROOT / "records" / "foia-reply.pdf").write_bytes(b"%PDF-1.4 records reply")
    campaign = CampaignFactory()
    OrganizationFactory(campaign=campaign)
    contact = ContactFactory(campaign=campaign, email=EMAIL, name="Maria Restore")
    MeetingFactory(campaign=campaign)
    return {"campaign": campaign, "contact": contact}


def _counts() -> dict[str, int]:
    return {
        m._meta.db_table: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy
    }


class Target:
    """An empty installation: a new database and media folder, reached through a subprocess."""

    def __init__(self, tmp_path: Path) -> None:
        self.media = tmp_path / "restored-media"
        if connection.vendor == "postgresql":
            self.name = f"bl_restore_{uuid.uuid4().hex[:10]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{self.name}"
            )
        else:
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_KEY": settings.BACKUP_KEY,
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def query(self, sql: str) -> list[tuple]:
        if connection.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.name) as conn:
            return conn.execute(sql).fetchall()

    def drop(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path, transactional_db):
    made = Target(tmp_path)
    yield made
    made.drop()


def test_backup_restores_every_record_into_an_empty_installation(
    populated, backup_key, tmp_path, target
):
    before = _counts()
    file = tmp_path / "site.blb"
    call_command("backup", str(file))
    raw = file.read_bytes()
    # The file is encrypted as a whole: no table, no name, no address is readable in it.
    for secret in (EMAIL.encode(), b"Maria Restore", b"manifest.json", b"records reply"):
        assert secret not in raw
    assert oct(file.stat().st_mode & 0o777) == "0o600"

    result = target.manage("restore", str(file))
    assert result.returncode == 0, result.stderr
    assert "readable with the current FIELD_ENCRYPTION_KEYS" in result.stdout

    # Every table has every row (the restore's own audit record is the one row more).
    for table, count in before.items():
        (restored,) = target.query(f'SELECT COUNT(*) FROM "{table}"')[0]  # noqa: S608
        expected = count + 1 if table == "core_auditevent" else count
        assert restored == expected, table
    # The personal data is still ciphertext in the restored database, readable with the keys.
    contact = populated["contact"]
    sql = f"SELECT email FROM coalition_contact WHERE id = {int(contact.pk)}"  # noqa: S608
    (stored_email,) = target.query(sql)[0]
    assert EMAIL not in stored_email
    assert crypto.decrypt(stored_email) == EMAIL
    assert (target.media / "records" / "foia-reply.pdf").read_bytes() == b"%PDF-1.4 records reply"


def test_restore_refuses_a_database_that_is_not_empty(populated, backup_key, tmp_path, target):
    file = tmp_path / "site.blb"
    call_command("backup", str(file))
    assert target.manage("migrate", "--noinput").returncode == 0
    result = target.manage("restore", str(file))
    assert result.returncode != 0
    assert "The database is not empty" in result.stderr


def test_restore_refuses_the_wrong_key_and_an_altered_file(
    populated, backup_key, tmp_path, settings
):
    file = tmp_path / "site.blb"
    call_command("backup", str(file))
    data = bytearray(file.read_bytes())
    wrong = backup.load_key(backup.generate_key())
    with pytest.raises(backup.BackupError, match="cannot be opened"):
        list(backup.decrypted_chunks(file.open("rb"), wrong))
    right = backup.load_key(settings.BACKUP_KEY)
    data[len(backup.MAGIC) + 20] ^= 0x01  # one bit flipped inside the first chunk
    altered = tmp_path / "altered.blb"
    altered.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="altered"):
        list(backup.decrypted_chunks(altered.open("rb"), right))
    cut = tmp_path / "cut.blb"
    cut.write_bytes(file.read_bytes()[:-10])
    with pytest.raises(backup.BackupError):
        list(backup.decrypted_chunks(cut.open("rb"), right))


def test_backup_never_overwrites_and_needs_its_own_key(populated, tmp_path, settings):
    settings.BACKUP_KEY = None
    with pytest.raises(Exception, match="BACKUP_KEY is not set"):
        call_command("backup", str(tmp_path / "x.blb"))
    settings.BACKUP_KEY = settings.FIELD_ENCRYPTION_KEYS[0]
    with pytest.raises(Exception, match="key of its own"):
        call_command("backup", str(tmp_path / "x.blb"))
    settings.BACKUP_KEY = backup.generate_key()
    existing = tmp_path / "exists.blb"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"keep me"
