"""Imports through django-import-export: a dry run that lists the rows to create, update and
refuse (with the reason per field), then the same file applied in one transaction: any failure
leaves the database as it was. The file waits between the two encrypted in the job row.

Both steps first check every row without writing (exchange/resources.py), reporting progress
as they go; the apply then writes the rows that passed in one short transaction.
"""

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tablib
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.permissions import Action
from exchange.models import Job
from exchange.resources import BulkResource

# The report lists every row of a file up to this many rows; above it, the rows with
# something to say (refused, left out) only, at most REPORT_ROWS of them.
REPORT_ALL_ROWS = 500
REPORT_ROWS = 1000


@dataclass(frozen=True)
class ImportKind:
    label: Any
    reference: bool
    resource: Callable[[], type]
    action: Action = Action.EDIT
    personal: bool = False  # rows about people: the job is marked as holding personal data
    form: Callable[[], type] | None = None  # upload form with options (default: UploadForm)

    def upload_form(self) -> type:
        if self.form is not None:
            return self.form()
        from exchange.forms import UploadForm

        return UploadForm


def _coalition(name: str) -> Callable[[], type]:
    def load() -> type:
        from coalition import resources

        return getattr(resources, name)

    return load


def _targets(name: str) -> Callable[[], type]:
    def load() -> type:
        from targets import resources

        return getattr(resources, name)

    return load


def _signatures() -> type:
    from actions.resources import SignatureResource

    return SignatureResource


def _signature_form() -> type:
    from exchange.forms import SignatureUploadForm

    return SignatureUploadForm


RESOURCES: dict[str, ImportKind] = {
    "organizations": ImportKind(
        gettext_lazy("Organizations"), False, _coalition("OrganizationResource")
    ),
    "contacts": ImportKind(
        gettext_lazy("Contacts"), False, _coalition("ContactResource"), personal=True
    ),
    "meetings": ImportKind(gettext_lazy("Meetings"), False, _coalition("MeetingResource")),
    "signatures": ImportKind(
        gettext_lazy("Petition signatures"),
        False,
        _signatures,
        personal=True,
        form=_signature_form,
    ),
    "offices": ImportKind(gettext_lazy("Offices"), True, _targets("OfficeResource")),
    "officials": ImportKind(gettext_lazy("Officials"), True, _targets("OfficialResource")),
    "facilities": ImportKind(gettext_lazy("Facilities"), True, _targets("FacilityResource")),
    "arrangements": ImportKind(
        gettext_lazy("ICE arrangements"), True, _targets("ArrangementResource")
    ),
}


class ImportFileError(Exception):
    """The file cannot be read; the message is for the user."""


def _check_zip(data: bytes) -> None:
    """An .xlsx or .ods is a zip: refuse one that would inflate past the limit (a zip bomb)
    before any library unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(
            _("This file cannot be read: %(error)s") % {"error": error}
        ) from error
    if inflated > settings.IMPORT_MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            _(
                "This spreadsheet unpacks to %(size)s MB, more than the %(limit)s MB one import "
                "takes. Split it into smaller files, or save it as CSV."
            )
            % {
                "size": inflated // 1_000_000,
                "limit": settings.IMPORT_MAX_UNZIPPED_BYTES // 1_000_000,
            }
        )


def read_dataset(data: bytes, filename: str) -> tablib.Dataset:
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            # Counting lines is cheap; parsing a million rows only to refuse them is not.
            if data.count(b"\n") > settings.IMPORT_MAX_ROWS + 1:
                raise ImportFileError(_too_many(data.count(b"\n") - 1))
            dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
        elif name.endswith((".xlsx", ".ods")):
            _check_zip(data)
            dataset = tablib.Dataset().load(io.BytesIO(data), format=name.rsplit(".", 1)[1])
        else:
            raise ImportFileError(_("Upload a .csv, .xlsx or .ods file."))
    except ImportFileError:
        raise
    except Exception as error:  # tablib raises many kinds for a damaged file
        raise ImportFileError(
            _("This file cannot be read: %(error)s") % {"error": error}
        ) from error
    if dataset.height > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(_too_many(dataset.height))
    return dataset


def _too_many(rows: int) -> str:
    return _(
        "This file has %(rows)s rows; one import takes at most %(limit)s. Split it into "
        "several files and import them one after another."
    ) % {"rows": f"{rows:,}", "limit": f"{settings.IMPORT_MAX_ROWS:,}"}


def _acting_request(job: Job) -> HttpRequest:
    """The services audit with a request: the worker's stands for the job's owner."""
    request = HttpRequest()
    request.user = job.user
    return request


def _report(result: Any, resource: Any) -> dict[str, Any]:
    rows, counts = [], {"create": 0, "update": 0, "skip": 0, "refuse": 0}
    every_row = len(result.rows) <= REPORT_ALL_ROWS
    left_out = 0
    for index, row in enumerate(result.rows, start=1):
        number = getattr(row, "number", index)
        errors: dict[str, list[str]] = {}
        if row.validation_error is not None:
            for field, messages in row.validation_error.message_dict.items():
                errors[field] = [str(m) for m in messages]
        for error in row.errors:
            errors.setdefault("row", []).append(str(error.error))
        if errors:
            outcome = "refuse"
        elif row.import_type == row.IMPORT_TYPE_NEW:
            outcome = "create"
        elif row.import_type == row.IMPORT_TYPE_UPDATE:
            outcome = "update"
        else:
            outcome = "skip"
            errors = resource.notes.get(number, {})
        counts[outcome] += 1
        if every_row or errors:
            if len(rows) < REPORT_ROWS:
                # row 1 of the sheet holds the column names: data row n is sheet row n + 1
                rows.append({"row": number + 1, "outcome": outcome, "errors": errors})
            else:
                left_out += 1
    report: dict[str, Any] = {"counts": counts, "rows": rows}
    if left_out:
        report["rows_left_out"] = left_out
    summary = [resource.summary()]
    file_errors = [str(error.error) for error in result.base_errors]
    if file_errors:
        report["file_errors"] = file_errors
        counts["refuse"] += len(file_errors)  # nothing can be confirmed (the job page asks)
        summary.append(_("The file was refused: %(errors)s") % {"errors": "; ".join(file_errors)})
    if left_out:
        summary.append(
            _("Rows with a reason not listed here: %(n)s. Fix those shown and try again.")
            % {"n": left_out}
        )
    if not every_row:
        summary.append(
            _("Only the rows refused or left out are listed (rows in the file: %(n)s).")
            % {"n": len(result.rows)}
        )
    report["summary"] = " ".join(part for part in summary if part)
    return report


def refused(report: dict[str, Any]) -> bool:
    return bool(report.get("counts", {}).get("refuse") or report.get("file_errors"))


def start_import(
    *,
    kind: str,
    data: bytes,
    filename: str,
    campaign: Any,
    user: Any,
    options: dict[str, Any] | None = None,
) -> Job:
    from exchange.jobs import enqueue

    job = Job(
        kind=Job.Kind.IMPORT_PREVIEW,
        campaign=campaign,
        user=user,
        resource=kind,
        upload_name=filename[:255],
        personal=RESOURCES[kind].personal,
        options=options or {},
    )
    job.set_upload(data)
    job.save()
    return enqueue(job)


def confirm_import(*, job: Job) -> Job:
    from exchange.jobs import enqueue

    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != Job.Status.PREVIEWED or refused(locked.report):
            raise ImportFileError(_("Only a dry run without refused rows can be applied."))
        locked.kind = Job.Kind.IMPORT_APPLY
        locked.status = Job.Status.QUEUED
        locked.processed = 0
        locked.save(update_fields=["kind", "status", "processed"])
    return enqueue(locked)


def run_import_job(job: Job) -> None:
    from exchange import staging
    from exchange.jobs import Progress

    kind = RESOURCES[job.resource]
    if job.expired or not job.upload:
        raise ImportFileError(_("The uploaded file has expired: upload it again."))
    dataset = read_dataset(job.upload_bytes(), job.upload_name)
    job.total = len(dataset)
    job.processed = 0
    job.save(update_fields=["total", "processed"])
    resource = kind.resource()(
        campaign=job.campaign, user=job.user, request=_acting_request(job), options=job.options
    )
    resource.job = job
    apply = job.kind == Job.Kind.IMPORT_APPLY
    if apply:
        progress = Progress(job.pk, outside=True)
        try:
            kept = staging.apply(job, resource, dataset, progress)
        finally:
            progress.close()
        if kept:
            # The rows the dry run checked, written as it prepared them; its report stands.
            _finish_apply(job, from_dry_run=True)
            return
    resource.progress = Progress(job.pk)
    if not apply and isinstance(resource, BulkResource):
        resource.stager = staging.Stager(
            job, batch_rows=resource._meta.batch_size or staging.BATCH_ROWS
        )
    result = resource.check(dataset, apply=apply)  # writes nothing; progress as it goes
    resource.progress = None
    job.report = _report(result, resource)
    if not apply:
        job.status = Job.Status.PREVIEWED
        if resource.stager is not None:
            if refused(job.report):
                staging.discard(job)
            else:
                resource.stager.finish(resource)
    elif refused(job.report):
        # the database changed since the dry run (or the file was refused): nothing written
        job.save(update_fields=["report"])
        raise ImportFileError(_("A row was refused: nothing was imported."))
    else:
        # One transaction: the first error undoes every row before it.
        with transaction.atomic():
            resource.write()
        _finish_apply(job, from_dry_run=False)
        return
    job.processed = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["report", "status", "processed", "finished_at"])


def _finish_apply(job: Job, *, from_dry_run: bool) -> None:
    from exchange import staging

    job.report["applied_from_dry_run"] = from_dry_run
    job.status = Job.Status.DONE
    job.upload = ""  # applied: the file is no longer needed
    job.processed = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["report", "status", "processed", "finished_at", "upload"])
    staging.discard(job)


def start_287g(
    *, data: bytes, filename: str, pending: bool, as_of: datetime.date, user: Any
) -> Job:
    from exchange.jobs import enqueue

    job = Job(
        kind=Job.Kind.ICE_287G,
        user=user,
        resource="ice_287g_pending" if pending else "ice_287g_participating",
        upload_name=filename[:255],
        purpose=as_of.isoformat(),
    )
    job.set_upload(data)
    job.save()
    return enqueue(job)


def run_287g_job(job: Job) -> None:
    """ICE's 287(g) list through issue 3's importer (targets.importers), applied and audited
    as the reference import page does."""
    from targets.importers import run_import
    from targets.services import record_import

    data = job.upload_bytes()
    as_of = datetime.date.fromisoformat(job.purpose)
    report = run_import(
        job.resource, data, filename=job.upload_name, as_of=as_of, user=job.user, dry_run=False
    )
    record_import(
        run=None,
        report=report,
        user=job.user,
        filename=job.upload_name,
        kind=job.resource,
        as_of=as_of,
    )
    counts = report.counts()
    job.total = report.rows_read
    job.processed = job.total
    job.report = {"summary": report.summary(), "counts_287g": counts}
    job.status = Job.Status.DONE
    job.upload = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["total", "processed", "report", "status", "upload", "finished_at"])
