"""Shared base of the import resources (django-import-export), declared per app in
`<app>/resources.py`.

An import runs in two steps (exchange/imports.py):

1. `check()` reads and validates every row and writes nothing. No transaction is open, so the
   progress it reports after each row reaches the job page as it goes. A dry run is this step.
2. On confirmation, `check(apply=True)` once more (the database may have changed since the
   dry run) keeps the rows that pass, and `write()` applies them inside the one transaction
   the caller opens: a failure leaves the database as it was, and the transaction lasts only
   as long as the writes (SQLite blocks every other writer while it is open).

`ScopedResource` writes each kept row through the owning app's service (its history, audit
and side effects). `BulkResource` writes batches with bulk_create / bulk_update
(django-import-export's `use_bulk` and `batch_size`); the keyed hashes that save() would
compute are computed by the resource during the check, once per row.
"""

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.results import Result, RowResult

from core import bulk


class ScopedResource(resources.ModelResource):
    """A resource whose rows are matched only among the records it may touch.

    An `id` column that names no such record refuses the row (it never creates a record with
    that id: the id could belong to another campaign). Model validation (`full_clean`, with
    the model's constraints) runs on every row, so each refused field has its reason (bulk
    resources check the fields of the file without a query per row instead).
    """

    # A later row meaning the same record as an earlier row of the file (the same
    # `duplicate_key`) is refused ("refuse") or left out with a note ("skip").
    duplicates = "refuse"

    def __init__(
        self,
        *,
        campaign: Any = None,
        user: Any = None,
        request: Any = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.campaign = campaign
        self.user = user
        self.request = request
        self.options = dict(options or {})
        self.progress: Any = None  # exchange.jobs.Progress: told after every row
        self.stager: Any = None  # exchange.staging.Stager: keeps a dry run's prepared rows
        self.applying = False
        self.pending: list[Any] = []
        self.notes: dict[int, dict[str, list[str]]] = {}
        self._first_row: dict[Hashable, int] = {}
        self._row_number = 0
        self._skip_note: dict[str, list[str]] | None = None

    # -- the two steps --------------------------------------------------------------------

    def check(self, dataset: Any, *, apply: bool = False) -> Result:
        """Read and validate every row, writing nothing; with `apply`, keep the rows that
        pass for `write()`."""
        self.applying = apply
        self.pending, self.notes, self._first_row = [], {}, {}
        return self.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)

    def write(self) -> None:
        """Apply the rows kept by `check(apply=True)`. The caller holds the transaction."""
        for instance, is_create, row in self.pending:
            self.do_instance_save(instance, is_create)
            super().save_m2m(instance, row, dry_run=False, using_transactions=True)

    def summary(self) -> str:
        """A sentence for the top of the report (e.g. which petition the rows go to)."""
        return ""

    # -- hooks of django-import-export ----------------------------------------------------

    def scoped(self) -> Any:
        model = self._meta.model
        if self.campaign is not None:
            return model.objects.for_campaign(self.campaign)
        return model.objects.all()

    def get_queryset(self) -> Any:
        return self.scoped()

    def match(self, row: Any) -> Any:
        """Find the record a row without an id means (e.g. the same email address)."""
        return None

    def duplicate_key(self, row: Any) -> Hashable | None:
        """What makes two rows of one file the same record (e.g. the email's keyed hash)."""
        return None

    def duplicate_message(self, first_row: int) -> dict[str, list[str]]:
        return {
            "row": [
                _("The same record as row %(row)s of the file: keep one of the two rows.")
                % {"row": first_row + 1}  # +1: row 1 of the sheet holds the column names
            ]
        }

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        raw = str(row.get("id") or "").strip().lstrip("'")
        if not raw:
            return self.match(row)
        try:
            return self.scoped().get(pk=int(raw))
        except (ValueError, self._meta.model.DoesNotExist):
            raise ValueError(
                _("No record with id %(id)s here: leave the id empty to add a new one.")
                % {"id": raw}
            ) from None

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._row_number = kwargs.get("row_number", self._row_number + 1)
        self._skip_note = None
        # Empty spreadsheet cells arrive as None; text fields store "" for "nothing".
        for key in list(row.keys()):
            if row[key] is None and key in self._text_fields():
                row[key] = ""
        key = self.duplicate_key(row)
        if key is None:
            return
        first = self._first_row.setdefault(key, self._row_number)
        if first != self._row_number:
            message = self.duplicate_message(first)
            if self.duplicates == "skip":
                self._skip_note = message
            else:
                raise ValidationError(message)

    def _text_fields(self) -> set[str]:
        cached = getattr(self, "_text_field_names", None)
        if cached is None:
            cached = self._text_field_names = {
                f.name
                for f in self._meta.model._meta.concrete_fields
                if f.get_internal_type() in ("CharField", "TextField") and f.blank
            }
        return cached

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors=None):
        if self._skip_note is not None:
            self.notes[self._row_number] = self._skip_note
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def init_instance(self, row: Any = None) -> Any:
        if self.campaign is not None:
            return self._meta.model(campaign=self.campaign)
        return self._meta.model()

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        pk = instance.pk
        super().import_instance(instance, row, **kwargs)
        instance.pk = pk  # never taken from the file
        if self.campaign is not None and instance.campaign_id != self.campaign.pk:
            instance.campaign = self.campaign
        if hasattr(instance, "history"):
            instance._history_user = self.user

    def get_import_fields(self) -> list[Any]:
        # asked for on every row; the answer does not change during an import
        cached = self.__dict__.get("_import_fields")
        if cached is None:
            cached = self._import_fields = super().get_import_fields()
        return cached

    def get_row_result_class(self) -> type:
        return QuietRowResult

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        """Checking writes nothing: the row is kept for `write()` when applying."""
        self.before_save_instance(instance, row, **kwargs)
        if self.applying or self.stager is not None:
            self.keep(instance, is_create, row)
        self.after_save_instance(instance, row, **kwargs)

    def keep(self, instance: Any, is_create: bool, row: Any) -> None:
        self.pending.append((instance, is_create, row))

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        """Many-to-many values are written by `write()`, after the record itself."""

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        row_result.number = kwargs.get("row_number", self._row_number)
        if self.progress is not None:
            self.progress.advance()

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        """Primary keys never come from the file: no sequence to reset (django-import-export
        would reset it here)."""


class BulkResource(ScopedResource):
    """Rows checked one by one, written in batches of `batch_size` by bulk_create and
    bulk_update. Bulk writes call no save() and send no signals: a subclass sets what save()
    would (keyed hashes, who added the record) in `prepare()`, writes related rows in
    `after_batch()` and audits there, once per batch.

    Its dry run's prepared rows are kept and written as they are on confirmation
    (exchange/staging.py); a subclass says which answers of the database they depend on
    (`lookups()`)."""

    class Meta:
        use_bulk = True
        batch_size = 1000
        skip_diff = True  # no per-row copy of the record for a diff nobody shows

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Kept rows as tuples of the model's concrete field values (less memory than model
        # instances), each with the related data `after_batch()` writes.
        self.creates: list[tuple[tuple[Any, ...], Any]] = []
        self.updates: list[tuple[tuple[Any, ...], Any]] = []
        self.update_fields: list[models.Field] = []
        self.from_file: set[str] = set()  # names of the model fields the file fills
        self.touched: list[models.Field] = []

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Which model fields the file fills: new records get those and the model's own
        defaults; existing records change in those only (and their `auto_now` dates)."""
        super().before_import(dataset, **kwargs)
        self.creates, self.updates = [], []
        headers = set(dataset.headers or ())
        concrete = self._meta.model._meta.concrete_fields
        by_name = {f.name: f for f in concrete}
        from_file = [
            by_name[field.attribute]
            for field in self.get_import_fields()
            if field.attribute in by_name
            and field.column_name in headers
            and not by_name[field.attribute].primary_key
        ]
        self.from_file = {f.name for f in from_file}
        self.touched = [f for f in concrete if getattr(f, "auto_now", False)]
        self.update_fields = [
            *from_file,
            *(by_name[name] for name in self.derived_fields(from_file)),
            *self.touched,
        ]
        # Kept dry runs: the columns prepared per row (dates of writing are set when written).
        self.create_columns = [f for f in bulk.columns(self._meta.model) if not _dated(f)]
        self.update_columns = [f for f in self.update_fields if f not in self.touched]

    def derived_fields(self, from_file: Iterable[models.Field]) -> list[str]:
        """Fields computed from those of the file (keyed hashes), written with them."""
        return []

    def new_record(self) -> Any:
        """The record a new row starts from (its campaign, its defaults)."""
        return super().init_instance()

    def init_instance(self, row: Any = None) -> Any:
        # A copy of one template record, made through the model's positional fast path:
        # building each record from keyword arguments is a good part of a row's time.
        template = self.__dict__.get("_template")
        if template is None:
            record = self.new_record()
            template = tuple(getattr(record, f.attname) for f in record._meta.concrete_fields)
            if any(isinstance(value, (dict, list, set)) for value in template):
                return record  # a mutable default would be shared between the copies
            self._template = template
        return self._meta.model(*template)

    def prepare(self, instance: Any, is_create: bool) -> None:
        """Set what save() would have set (keyed hashes, who added it)."""

    def related(self, instance: Any) -> Any:
        """Data kept beside the row for `after_batch()` (e.g. the languages of a contact)."""
        return None

    def lookups(self) -> Any:
        """What the database told `before_import` that the rows depend on (the records the
        file's ids and addresses matched), as JSON: a kept dry run is written only if the
        database still tells the same. Every subclass gives its own (an abstract method:
        a default could let a kept dry run miss a change)."""
        raise NotImplementedError

    def write_scope(self) -> dict[str, Any]:
        """Columns an updated row must still have (its campaign): a kept dry run's update
        changes nothing outside them."""
        return {"campaign_id": self.campaign.pk} if self.campaign is not None else {}

    def staged_columns(self) -> dict[str, list[str]]:
        return {
            "create_columns": [f.name for f in self.create_columns],
            "update_columns": [f.name for f in self.update_columns],
        }

    def keep(self, instance: Any, is_create: bool, row: Any) -> None:
        self.prepare(instance, is_create)
        if self.stager is not None and not self.applying:
            self.stage(instance, is_create)
            return
        if not is_create:
            now = timezone.now()
            for field in self.touched:
                setattr(instance, field.attname, now)
        values = tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)
        (self.creates if is_create else self.updates).append((values, self.related(instance)))

    def stage(self, instance: Any, is_create: bool) -> None:
        """A dry run's checked row, prepared for the database (encrypted by the fields, as
        save() would) and handed to the stager; a value JSON cannot keep ends the staging
        (the confirmed import then checks the file again)."""
        from exchange.staging import NotStageable, for_json

        fields = self.create_columns if is_create else self.update_columns
        try:
            values = []
            for f in fields:
                value = f.pre_save(instance, is_create)
                if value is None and not isinstance(f, models.JSONField):
                    values.append(None)  # NULL whatever the field (a JSON field may differ)
                else:
                    values.append(for_json(f.get_db_prep_save(value, connection)))
            if not is_create:
                values.insert(0, instance.pk)
            self.stager.add(values, self.related(instance), created=is_create)
        except NotStageable:
            from exchange.staging import discard

            discard(self.stager.job)
            self.stager = None

    def write_staged(
        self, meta: dict[str, Any], batches: Iterable[dict[str, Any]], *, progress: Any = None
    ) -> None:
        """Write a kept dry run's rows as they were prepared (exchange/staging.py), with
        their related rows and audit records; the caller holds the transaction."""
        from exchange.staging import Stale

        model = self._meta.model
        now = timezone.now()
        dated = [f for f in bulk.columns(model) if _dated(f)]
        create_fields = [*self.create_columns, *dated]
        create_dates = [f.get_db_prep_save(now, connection) for f in dated]
        update_fields = [*self.update_columns, *self.touched]
        update_dates = [f.get_db_prep_save(now, connection) for f in self.touched]
        scope = self.write_scope()
        for batch in batches:
            if batch["creates"]:
                rows = [[*values, *create_dates] for values in batch["creates"]]
                ids = bulk.insert(model, create_fields, rows)
                extras = {
                    pk: data
                    for pk, data in zip(ids, batch["create_related"], strict=True)
                    if data is not None
                }
                self.after_batch([Written(model, pk) for pk in ids], created=True, extras=extras)
            if batch["updates"]:
                rows = [[*values, *update_dates] for values in batch["updates"]]
                if bulk.update(model, update_fields, rows, scope=scope) != len(rows):
                    raise Stale  # a record the dry run matched is gone (or moved)
                ids = [values[0] for values in batch["updates"]]
                extras = {
                    pk: data
                    for pk, data in zip(ids, batch["update_related"], strict=True)
                    if data is not None
                }
                self.after_batch([Written(model, pk) for pk in ids], created=False, extras=extras)
            if progress is not None:
                progress.advance(len(batch["creates"]) + len(batch["updates"]))
        self.finish_write()

    def finish_write(self) -> None:
        """After every batch is written (e.g. a petition's count)."""

    def write(self) -> None:
        """Create the new records (COPY on PostgreSQL, core.bulk), bulk_update the others, a
        batch at a time. Encrypted fields are encrypted here, by the field, as save() would."""
        model = self._meta.model
        size = self._meta.batch_size or 1000
        names = [f.attname for f in self.update_fields]
        for rows, created in ((self.creates, True), (self.updates, False)):
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                batch = [model(*values) for values, _data in chunk]  # positional: the fast path
                if created:
                    bulk.create(model, batch, batch_size=size)  # COPY on PostgreSQL
                else:
                    model.objects.bulk_update(batch, names, batch_size=size)
                related = {
                    obj.pk: data
                    for obj, (_values, data) in zip(batch, chunk, strict=True)
                    if data is not None
                }
                self.after_batch(batch, created=created, extras=related)
        self.finish_write()

    def after_batch(self, batch: list[Any], *, created: bool, extras: dict[int, Any]) -> None:
        """Related rows of a written batch, and its audit record. The records of `batch` are
        model instances, or `Written` (model and id only) when a kept dry run is written."""


class Written:
    """A record written from a kept dry run, as `after_batch()` and the audit trail name it:
    its model and its id (a model instance per row, only to name it, costs a good part of the
    write)."""

    __slots__ = ("_meta", "pk")

    def __init__(self, model: type[models.Model], pk: int) -> None:
        self._meta = model._meta
        self.pk = pk


def _dated(field: models.Field) -> bool:
    """A date the database row gets when it is written (`auto_now`, `auto_now_add`)."""
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


class QuietRowResult(RowResult):
    """A row's result without the record's text (`str(instance)` is a person's name for a
    contact): the report needs the outcome and the reasons, and a large file is read faster
    without it."""

    def add_instance_info(self, instance: Any) -> None:
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)


def chunks(values: Sequence[Any], size: int = 900) -> Iterable[Sequence[Any]]:
    """Slices small enough for an `IN (...)` on every database (SQLite allows 999 values)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
