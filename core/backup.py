"""Encrypted backups: the database and the uploaded files in one file, and their restore.

The file is a tar archive (manifest.json, the database, media/…) encrypted as a stream with
AES-256-GCM in 1 MiB chunks under BACKUP_KEY, a key of its own (never SECRET_KEY nor a field
key). Each chunk's nonce carries its number and the last chunk is marked, so chunks cannot be
reordered, dropped or cut off without the restore refusing the file.

Personal data stays encrypted inside: the database is copied as it is stored (pg_dump's
custom format on PostgreSQL, SQLite's online backup otherwise), so the encrypted fields are
still ciphertext under FIELD_ENCRYPTION_KEYS. Restoring needs BACKUP_KEY to open the file and
the field keys to read the personal data.
"""

import base64
import binascii
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from core import crypto

MAGIC = b"BLBACKUP1\n"
CHUNK = 1024 * 1024
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup cannot be written or read; the message says why."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def load_key(value: str | None) -> bytes:
    if not value:
        raise ImproperlyConfigured(
            "BACKUP_KEY is not set. Generate one with `manage.py backup --generate-key` and "
            "keep it apart from the backups (a password manager, a sealed envelope)."
        )
    if value == settings.SECRET_KEY or value in settings.FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("BACKUP_KEY must be a key of its own.")
    try:
        key = base64.urlsafe_b64decode(value.encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured("BACKUP_KEY must be 32 bytes in url-safe base64.")
    return key


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)  # 12 bytes; the last-chunk mark is in the AAD


def _aad(number: int, last: bool) -> bytes:
    return struct.pack(">IB", number, 1 if last else 0)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given, chunk by chunk, into `target`."""

    def __init__(self, target: BinaryIO, key: bytes) -> None:
        self._target = target
        self._aes = AESGCM(key)
        self._prefix = os.urandom(8)
        self._buffer = bytearray()
        self._number = 0
        target.write(MAGIC + self._prefix)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aes.encrypt(
            _nonce(self._prefix, self._number), plain, _aad(self._number, last)
        )
        self._target.write(struct.pack(">IB", len(sealed), 1 if last else 0) + sealed)
        self._number += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._target.flush()
        super().close()


def decrypted_chunks(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Bright Line backup file.")
    prefix = source.read(8)
    aes = AESGCM(key)
    number = 0
    while True:
        header = source.read(5)
        if len(header) < 5:
            raise BackupError("The backup file is cut short: its end is missing.")
        size, last_flag = struct.unpack(">IB", header)
        sealed = source.read(size)
        last = bool(last_flag)
        try:
            yield aes.decrypt(_nonce(prefix, number), sealed, _aad(number, last))
        except Exception as exc:  # cryptography raises InvalidTag
            raise BackupError(
                "The backup cannot be opened with this BACKUP_KEY, or it was altered."
            ) from exc
        number += 1
        if last:
            if source.read(1):
                raise BackupError("The backup file has data after its end.")
            return


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(workdir: Path) -> Path:
    db = connection.settings_dict
    if _engine() == "postgresql":
        target = workdir / "database.pgdump"
        args, env = _pg_env(db)
        result = subprocess.run(  # noqa: S603 - fixed arguments, database settings only
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args,
             "--file", str(target), str(db["NAME"])],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    if _engine() == "sqlite":
        target = workdir / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def _key_check() -> str:
    """A value only the current field keys decrypt: the restore says whether its keys fit."""
    return crypto.encrypt("bright-line-key-check")


def write_backup(output: BinaryIO, key: bytes, media_root: Path | None = None) -> dict:
    media_root = Path(settings.MEDIA_ROOT if media_root is None else media_root)
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "engine": _engine(),
        "key_check": _key_check(),
        "media_files": 0,
    }
    # The database copy waits in a private directory only while it is put into the archive.
    workdir = Path(tempfile.mkdtemp(prefix="brightline-backup-"))
    try:
        os.chmod(workdir, 0o700)
        dump = _dump_database(workdir)
        writer = EncryptingWriter(output, key)
        with tarfile.open(fileobj=writer, mode="w|") as archive:
            files = []
            if media_root.is_dir():
                files = sorted(p for p in media_root.rglob("*") if p.is_file())
            manifest["media_files"] = len(files)
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            dump.unlink()
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        writer.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def read_backup(source: BinaryIO, key: bytes, media_root: Path | None = None) -> dict:
    """Restore into this installation, whose database must be empty (no tables)."""
    media_root = Path(settings.MEDIA_ROOT if media_root is None else media_root)
    if not _database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into a new, empty database (create it, point "
            "DATABASE_URL at it, and do not run migrate before restoring)."
        )
    manifest: dict | None = None
    workdir = Path(tempfile.mkdtemp(prefix="brightline-restore-"))
    try:
        os.chmod(workdir, 0o700)
        reader = io.BufferedReader(_ChunkReader(decrypted_chunks(source, key)), CHUNK)
        restored_media = 0
        with tarfile.open(fileobj=reader, mode="r|") as archive:
            for member in archive:
                if member.name == "manifest.json":
                    manifest = json.load(archive.extractfile(member))
                    if manifest.get("engine") != _engine():
                        raise BackupError(
                            f"This backup is of a {manifest.get('engine')} database; this "
                            f"installation uses {_engine()}."
                        )
                elif member.name.startswith("database."):
                    if manifest is None:
                        raise BackupError("The backup has no manifest before its database.")
                    archive.extract(member, workdir, filter="data")
                    _load_database(workdir / member.name)
                    (workdir / member.name).unlink()
                elif member.name.startswith("media/"):
                    member.name = member.name[len("media/") :]
                    archive.extract(member, media_root, filter="data")
                    restored_media += 1
        if manifest is None:
            raise BackupError("The backup has no manifest.")
        try:
            manifest["keys_fit"] = crypto.decrypt(manifest["key_check"]) == "bright-line-key-check"
        except crypto.DecryptionError:
            manifest["keys_fit"] = False
        manifest["restored_media"] = restored_media
        return manifest
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _load_database(dump: Path) -> None:
    db = connection.settings_dict
    if _engine() == "postgresql":
        args, env = _pg_env(db)
        result = subprocess.run(  # noqa: S603 - fixed arguments, database settings only
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", *args, "--dbname", str(db["NAME"]), str(dump)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    connection.ensure_connection()
    with sqlite3.connect(dump) as source:
        source.backup(connection.connection)
    source.close()
