"""An import's dry run, kept: rows checked once are written as they were checked.

The dry run of a bulk import (contacts, petition signatures) checks every row and prepares
what the database will hold: the keyed hashes, and the personal fields encrypted by their own
fields. The prepared rows are stored in batches (`StagedRows`, encrypted as a whole too). On
confirmation:

1. Nothing the dry run relied on may have changed: the same encryption and hash keys, the same
   columns, and the same answers from the database to the resource's lookups (which records
   the file's ids and addresses matched: `lookups()`), asked again.
2. The stored rows are written in one transaction (COPY on PostgreSQL), with their related
   rows and an audit record per batch, as the slower path writes them.

If anything changed, or the database refuses a row on the way (someone signed with the same
address between the check and the write), nothing of it stays and the import checks the file
again, as it would without a kept dry run (exchange/imports.py). The batches go when the import
is applied, fails or expires.
"""

import base64
import datetime
import hashlib
import json
import zlib
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, transaction

from core.crypto import keys_fingerprint
from exchange.models import Job, StagedRows
from exchange.resources import BulkResource

FORMAT = 1  # raised whenever what a batch holds changes: older batches are then not used
BATCH_ROWS = 1000  # rows per stored batch, unless the resource writes smaller batches


class NotStageable(Exception):
    """A prepared value that does not keep as JSON: the import goes the slower way."""


class Stale(Exception):
    """The database no longer holds what the dry run saw."""


def encode(payload: Any) -> str:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(zlib.compress(text.encode(), 1)).decode()


def decode(data: str) -> Any:
    return json.loads(zlib.decompress(base64.b64decode(data)))


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def for_json(value: Any) -> Any:
    """A value prepared for the database, as JSON keeps it (the database reads dates back
    from their ISO form)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(for_json(item) for item in value)
    if isinstance(value, (list, tuple)):
        return [for_json(item) for item in value]
    raise NotStageable(type(value).__name__)


class Stager:
    """Collects the rows a dry run prepared and stores them a batch at a time (so a large file
    does not stay in memory), in its own transactions: the dry run holds none."""

    def __init__(self, job: Job, *, batch_rows: int = BATCH_ROWS) -> None:
        self.job = job
        self.batch_rows = batch_rows
        self.number = 0
        self.rows = 0
        self._reset()
        discard(job)  # what an earlier run of this job left

    def _reset(self) -> None:
        self.creates: list[list[Any]] = []
        self.create_related: list[Any] = []
        self.updates: list[list[Any]] = []
        self.update_related: list[Any] = []

    def add(self, values: list[Any], related: Any, *, created: bool) -> None:
        if created:
            self.creates.append(values)
            self.create_related.append(for_json(related))
        else:
            self.updates.append(values)
            self.update_related.append(for_json(related))
        if len(self.creates) + len(self.updates) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        if not self.creates and not self.updates:
            return
        self.number += 1
        self.rows += len(self.creates) + len(self.updates)
        payload = {
            "creates": self.creates,
            "create_related": self.create_related,
            "updates": self.updates,
            "update_related": self.update_related,
        }
        StagedRows.objects.create(job=self.job, number=self.number, data=encode(payload))
        self._reset()

    def finish(self, resource: Any) -> None:
        """Store the last batch and, as batch 0, what the rows were prepared against."""
        self.flush()
        meta = {
            "format": FORMAT,
            "keys": keys_fingerprint(),
            "model": resource._meta.model._meta.label_lower,
            **resource.staged_columns(),
            "lookups": digest(resource.lookups()),
            "batches": self.number,
            "rows": self.rows,
        }
        StagedRows.objects.create(job=self.job, number=0, data=encode(meta))


def discard(job: Job) -> None:
    StagedRows.objects.filter(job=job).delete()


def _batches(job: Job, numbers: list[int]) -> Iterator[dict[str, Any]]:
    for number in numbers:
        yield decode(StagedRows.objects.get(job=job, number=number).data)


def apply(job: Job, resource: Any, dataset: Any, progress: Any = None) -> bool:
    """Write the rows the dry run kept, in one transaction, telling `progress` (an
    exchange.jobs.Progress) after each batch. False when they cannot be used: then nothing
    was written, and the caller checks the file again."""
    if not isinstance(resource, BulkResource):
        return False
    numbers = list(
        StagedRows.objects.filter(job=job).order_by("number").values_list("number", flat=True)
    )
    if not numbers or numbers[0] != 0:
        return False
    meta = decode(StagedRows.objects.get(job=job, number=0).data)
    if (
        meta.get("format") != FORMAT
        or meta.get("keys") != keys_fingerprint()
        or meta.get("model") != resource._meta.model._meta.label_lower
        or len(numbers) != meta.get("batches", -1) + 1
    ):
        return False
    try:
        with transaction.atomic():
            # The dry run's lookups, asked again inside the transaction that writes: a record
            # committed by someone else after this is met by the write itself (the database
            # refuses a second signature of one address; an update that misses its row is
            # Stale), and everything written here is undone.
            resource.before_import(dataset)
            current = resource.staged_columns()
            if any(meta.get(name) != columns for name, columns in current.items()):
                raise Stale
            if digest(resource.lookups()) != meta["lookups"]:
                raise Stale
            resource.write_staged(meta, _batches(job, numbers[1:]), progress=progress)
    except (IntegrityError, Stale):
        return False
    return True
