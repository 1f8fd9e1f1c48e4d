"""Imports through django-import-export: a dry run that lists the rows to create, update and
refuse (with the reason per field), then the same file applied in one transaction: any failure
leaves the database as it was. The file waits between the two encrypted in the job row.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tablib
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.permissions import Action
from exchange.models import Job

# Rows counted as done between two progress writes.
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class ImportKind:
    label: Any
    reference: bool
    resource: Callable[[], type]
    action: Action = Action.EDIT


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


RESOURCES: dict[str, ImportKind] = {
    "organizations": ImportKind(
        gettext_lazy("Organizations"), False, _coalition("OrganizationResource")
    ),
    "contacts": ImportKind(gettext_lazy("Contacts"), False, _coalition("ContactResource")),
    "meetings": ImportKind(gettext_lazy("Meetings"), False, _coalition("MeetingResource")),
    "offices": ImportKind(gettext_lazy("Offices"), True, _targets("OfficeResource")),
    "officials": ImportKind(gettext_lazy("Officials"), True, _targets("OfficialResource")),
    "facilities": ImportKind(gettext_lazy("Facilities"), True, _targets("FacilityResource")),
    "arrangements": ImportKind(
        gettext_lazy("ICE arrangements"), True, _targets("ArrangementResource")
    ),
}


class ImportFileError(Exception):
    """The file cannot be read; the message is for the user."""


def read_dataset(data: bytes, filename: str) -> tablib.Dataset:
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            return tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
        if name.endswith(".xlsx"):
            return tablib.Dataset().load(io.BytesIO(data), format="xlsx")
        if name.endswith(".ods"):
            return tablib.Dataset().load(io.BytesIO(data), format="ods")
    except Exception as error:  # tablib raises many kinds for a damaged file
        raise ImportFileError(
            _("This file cannot be read: %(error)s") % {"error": error}
        ) from error
    raise ImportFileError(_("Upload a .csv, .xlsx or .ods file."))


def _acting_request(job: Job) -> HttpRequest:
    """The services audit with a request: the worker's stands for the job's owner."""
    request = HttpRequest()
    request.user = job.user
    return request


def _report(result: Any) -> dict[str, Any]:
    rows, counts = [], {"create": 0, "update": 0, "skip": 0, "refuse": 0}
    for number, row in enumerate(result.rows, start=2):  # row 1 holds the column names
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
        counts[outcome] += 1
        rows.append({"row": number, "outcome": outcome, "errors": errors})
    return {"counts": counts, "rows": rows}


def start_import(*, kind: str, data: bytes, filename: str, campaign: Any, user: Any) -> Job:
    from exchange.jobs import enqueue

    job = Job(
        kind=Job.Kind.IMPORT_PREVIEW,
        campaign=campaign,
        user=user,
        resource=kind,
        upload_name=filename[:255],
        personal=kind == "contacts",
    )
    job.set_upload(data)
    job.save()
    return enqueue(job)


def confirm_import(*, job: Job) -> Job:
    from exchange.jobs import enqueue

    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != Job.Status.PREVIEWED or locked.report.get("counts", {}).get("refuse"):
            raise ImportFileError(_("Only a dry run without refused rows can be applied."))
        locked.kind = Job.Kind.IMPORT_APPLY
        locked.status = Job.Status.QUEUED
        locked.processed = 0
        locked.save(update_fields=["kind", "status", "processed"])
    return enqueue(locked)


def run_import_job(job: Job) -> None:
    kind = RESOURCES[job.resource]
    if job.expired or not job.upload:
        raise ImportFileError(_("The uploaded file has expired: upload it again."))
    dataset = read_dataset(job.upload_bytes(), job.upload_name)
    job.total = len(dataset)
    job.save(update_fields=["total"])
    resource = kind.resource()(campaign=job.campaign, user=job.user, request=_acting_request(job))
    dry_run = job.kind == Job.Kind.IMPORT_PREVIEW
    if dry_run:
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, use_transactions=True
        )
        job.report = _report(result)
        job.status = Job.Status.PREVIEWED
    else:
        # One transaction: the first refused row or error undoes every row before it.
        with transaction.atomic():
            result = resource.import_data(
                dataset, dry_run=False, raise_errors=True, use_transactions=True
            )
            if result.has_validation_errors():
                raise ImportFileError(_("A row was refused: nothing was imported."))
        job.report = _report(result)
        job.status = Job.Status.DONE
        job.upload = ""  # applied: the file is no longer needed
    job.processed = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["report", "status", "processed", "finished_at", "upload"])


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
