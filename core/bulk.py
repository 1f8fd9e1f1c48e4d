"""Writing many rows at once: PostgreSQL's COPY, or bulk_create elsewhere.

An import of 100,000 rows spends most of its database time parsing INSERT statements with
thousands of parameters each; COPY streams the same rows in one go, several times faster. The
values go through each field's own preparation first (`pre_save`, `get_db_prep_save`), so
personal fields are encrypted and dates set exactly as save() and bulk_create would. The ids
are taken from the table's own sequence before the copy, so the caller gets its objects back
with their primary keys set, as bulk_create on PostgreSQL does. Like bulk_create: no save(),
no signals; the caller's transaction makes it all or nothing.

`insert` and `update` take values already prepared for the database (an import's dry run
prepares them once: exchange/staging.py) and write them as they are.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def create(model: type[models.Model], objects: Sequence[Any], *, batch_size: int = 1000) -> None:
    """Insert new `objects` of `model` (no primary key set) and give each its id."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    fields = columns(model)
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    pk = model._meta.pk
    for obj, pk_value in zip(objects, insert(model, fields, rows), strict=True):
        setattr(obj, pk.attname, pk_value)
        obj._state.adding = False
        obj._state.db = connection.alias


def columns(model: type[models.Model]) -> list[models.Field]:
    """The columns a new row of `model` is written with: every concrete field but the
    primary key (and generated columns)."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]


def insert(
    model: type[models.Model], fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert `rows` (values ready for the database, one per field of `fields`, no primary
    key) and return the ids they were given, in order."""
    if not rows:
        return []
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # One statement per row, each returning its id (SQLite runs in the process).
            marks = ", ".join(["%s"] * len(fields))
            # Names from the model's metadata, quoted; the values go as parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING {pk}"  # noqa: S608
            ids = []
            for row in rows:
                cursor.execute(sql, list(row))
                ids.append(cursor.fetchone()[0])
            return ids
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(rows)])
        ids = [value for (value,) in cursor.fetchall()]
        # Names from the model's own metadata; the rows go as data, never as SQL. COPY is
        # psycopg's own: its errors are turned into Django's (IntegrityError, ...) here.
        with (
            connection.wrap_database_errors,
            cursor.copy(f"COPY {table} ({pk}, {names}) FROM STDIN") as copy,
        ):
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row([pk_value, *row])
    return ids


def update(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    *,
    scope: Mapping[str, Any],
) -> int:
    """Set `fields` of existing rows: each row is its primary key followed by values ready for
    the database. Only rows matching `scope` (column names and values, e.g. the campaign) are
    changed; returns how many were."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    meta = model._meta
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    conditions = " AND ".join(
        [f"{quote(meta.pk.column)} = %s", *(f"{quote(column)} = %s" for column in scope)]
    )
    # Names from the model's metadata and the caller's code, quoted; values as parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {conditions}"  # noqa: S608
    scoped = list(scope.values())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*row[1:], row[0], *scoped] for row in rows])
        return cursor.rowcount
