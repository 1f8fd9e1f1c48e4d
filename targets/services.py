"""Writes to the reference data that span several models or leave an audit trail."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core import audit
from targets.importers import IMPORTERS, ImportFileError, ImportReport, run_import
from targets.models import Facility, FacilityContract, ImportRun, Jurisdiction, Office, Power


def import_preview(
    *, kind: str, data: bytes, filename: str, as_of: datetime.date, user, request: HttpRequest
) -> ImportRun:
    """Dry-run an uploaded file and keep it, with its report, until it is confirmed."""
    run = ImportRun(kind=kind, filename=filename, content=data, as_of=as_of, uploaded_by=user)
    try:
        report = run_import(kind, data, filename=filename, as_of=as_of, user=user, dry_run=True)
    except ImportFileError as error:
        run.status = ImportRun.Status.FAILED
        run.preview = {"error": str(error)}
    else:
        run.status = ImportRun.Status.PREVIEWED
        run.preview = report.as_dict()
    run.save()
    return run


def import_apply(*, run: ImportRun, user, request: HttpRequest | None = None) -> ImportReport:
    """Apply a previewed import in one transaction, and record who imported what."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportRun.Status.PREVIEWED:
            raise ImportFileError("This import has already been applied or discarded.")
        report = run_import(
            locked.kind,
            bytes(locked.content),
            filename=locked.filename,
            as_of=locked.as_of,
            user=user,
            dry_run=False,
        )
        locked.status = ImportRun.Status.APPLIED
        locked.result = report.as_dict()
        locked.applied_at = timezone.now()
        locked.save(update_fields=["status", "result", "applied_at"])
        record_import(run=locked, report=report, user=user, request=request)
    run.refresh_from_db()
    return report


def record_import(
    *, run: ImportRun | None, report: ImportReport, user, request=None, **extra
) -> None:
    audit.record(
        action="reference.import",
        actor=user,
        request=request,
        objects=[run] if run is not None else [],
        reason=f"import {run.filename}" if run else extra.get("filename", ""),
        kind=run.kind if run else extra.get("kind", ""),
        filename=run.filename if run else extra.get("filename", ""),
        as_of=(run.as_of if run else extra["as_of"]).isoformat(),
        **report.counts(),
    )


def import_from_command(
    *, kind: str, data: bytes, filename: str, as_of: datetime.date, dry_run: bool
) -> ImportReport:
    """The management command's path: the same importer, audited when applied."""
    report = run_import(kind, data, filename=filename, as_of=as_of, user=None, dry_run=dry_run)
    if not dry_run:
        record_import(run=None, report=report, user=None, filename=filename, kind=kind, as_of=as_of)
    return report


def add_typical_powers(*, office: Office) -> list[Power]:
    """Record the powers the toolkit's charts give this kind of office, as a starting point."""
    existing = set(office.powers.exclude(kind=Power.Kind.APPOINTS).values_list("kind", flat=True))
    powers = [
        Power(
            office=office,
            kind=kind,
            notes="Usual for this kind of office; confirm for this place.",
        )
        for kind in Power.TYPICAL.get(office.kind, ())
        if kind not in existing
    ]
    for power in powers:
        power.save()  # one by one, so each gets its history row
    return powers


def set_facility_contracts(*, facility: Facility, kinds: list[str], reason: str = "") -> None:
    """Make the facility's contract kinds exactly `kinds`, one history row per change."""
    current = {c.kind: c for c in facility.contracts.all()}
    for kind in set(kinds) - set(current):
        contract = FacilityContract(facility=facility, kind=kind)
        contract._change_reason = reason
        contract.save()
    for kind in set(current) - set(kinds):
        current[kind]._change_reason = reason
        current[kind].delete()


def save_jurisdiction(*, jurisdiction: Jurisdiction) -> Jurisdiction:
    """Save a jurisdiction with its state kept in step with its parent, and its children's."""
    with transaction.atomic():
        jurisdiction.inherit_state()
        jurisdiction.save()
        for child in jurisdiction.children.select_related("parent"):
            child.inherit_state()
            child.save(update_fields=["state", "updated_at"])
    return jurisdiction


__all__ = [
    "IMPORTERS",
    "add_typical_powers",
    "import_apply",
    "import_from_command",
    "import_preview",
    "save_jurisdiction",
    "set_facility_contracts",
]
