"""Importers of public files into the reference data. Each one is a function that fills an
ImportReport; `run_import` wraps them in one transaction, rolled back for a dry run."""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from targets.importers.base import (
    DryRunRollback,
    ImportFileError,
    ImportReport,
    date_from_filename,
)
from targets.importers.census import import_census_counties
from targets.importers.ice_287g import import_287g
from targets.importers.ice_facilities import import_facilities
from targets.models import ImportRun

__all__ = ["IMPORTERS", "ImportFileError", "ImportReport", "date_from_filename", "run_import"]


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    run: Callable[..., None]
    example: str


IMPORTERS: dict[str, Importer] = {
    ImportRun.Kind.CENSUS_COUNTIES: Importer(
        ImportRun.Kind.CENSUS_COUNTIES,
        _("Census counties"),
        import_census_counties,
        "national_county.txt",
    ),
    ImportRun.Kind.ICE_287G_PARTICIPATING: Importer(
        ImportRun.Kind.ICE_287G_PARTICIPATING,
        _("ICE 287(g) participating agencies"),
        partial(import_287g, pending=False),
        "participatingAgencies07182025pm.xlsx",
    ),
    ImportRun.Kind.ICE_287G_PENDING: Importer(
        ImportRun.Kind.ICE_287G_PENDING,
        _("ICE 287(g) pending agencies"),
        partial(import_287g, pending=True),
        "pendingAgencies07182025pm.xlsx",
    ),
    ImportRun.Kind.ICE_FACILITIES: Importer(
        ImportRun.Kind.ICE_FACILITIES,
        _("ICE detention facilities"),
        import_facilities,
        "FY26_detentionStats_04092026.xlsx",
    ),
}


def run_import(
    kind: str,
    data: bytes,
    *,
    filename: str,
    as_of: datetime.date,
    user=None,
    dry_run: bool,
) -> ImportReport:
    """Run an importer in one transaction. A dry run does all the work, then rolls it back,
    so its report says exactly what confirming would do. ImportFileError leaves nothing."""
    importer = IMPORTERS[kind]
    report = ImportReport()
    reason = f"import {filename}"
    started = time.monotonic()
    try:
        with transaction.atomic():
            importer.run(data, as_of=as_of, report=report, user=user, reason=reason)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    report.seconds = time.monotonic() - started
    return report
