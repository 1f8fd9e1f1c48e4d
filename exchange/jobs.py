"""Running jobs: exports of large lists, imports (dry run, then apply), the ICE 287(g) list.

The job row is the progress report: the task updates `processed` of `total` as it goes, and the
job page polls it. Results and uploads are stored encrypted in the row and expire.

Every progress write and status change is also the worker's heartbeat (`updated_at`). A worker
that stops mid-job (killed, restarted, out of memory) leaves its job "Running": a job not heard
from for EXCHANGE_JOB_TIMEOUT_MINUTES is marked failed (`recover_stalled`) when its page is
viewed and by `manage.py recover_jobs` / `expire_exchange_files`. Nothing of an unfinished
import was applied: its writes happen in one transaction, which the database rolls back when
the worker's connection goes.
"""

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from exchange import formats
from exchange.models import Job
from exchange.registry import ExportSpec, get_spec

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500  # export rows between two progress writes

# Imports: rows between two progress writes, and seconds between two writes (both at least).
PROGRESS_ROWS = 200
PROGRESS_SECONDS = 1.0


class Progress:
    """Rows done, written to the job row with the heartbeat as they advance: at most every
    PROGRESS_ROWS rows and at most once per PROGRESS_SECONDS, so a large file does not spend
    its time reporting and the job page (polling every second) still sees it move.

    `outside=True` is for work inside a transaction (a kept dry run being written): on
    PostgreSQL the progress goes through a connection of its own, so the job page sees it
    before the transaction commits. SQLite lets one connection write at a time: there the
    progress is written in the transaction and seen when it commits."""

    def __init__(self, job_id: int, *, done: int = 0, outside: bool = False) -> None:
        self.job_id = job_id
        self.done = self.written = done
        self.rows = PROGRESS_ROWS
        self.seconds = PROGRESS_SECONDS
        self.last = time.monotonic()
        self.other = None
        if outside and connection.vendor == "postgresql":
            self.other = connections.create_connection(DEFAULT_DB_ALIAS)

    def advance(self, rows: int = 1) -> None:
        self.done += rows
        if self.done - self.written >= self.rows and (time.monotonic() - self.last >= self.seconds):
            self.write()

    def write(self) -> None:
        if self.other is not None:
            with self.other.cursor() as cursor:
                cursor.execute(
                    "UPDATE exchange_job SET processed = %s, updated_at = %s WHERE id = %s",
                    [self.done, timezone.now(), self.job_id],
                )
        else:
            Job.objects.filter(pk=self.job_id).update(
                processed=self.done, updated_at=timezone.now()
            )
        self.written = self.done
        self.last = time.monotonic()

    def close(self) -> None:
        if self.other is not None:
            self.other.close()
            self.other = None


def worker_stopped_message() -> str:
    return _(
        "The worker stopped before the job was done (it was restarted or shut down): run it "
        "again. Nothing of an unfinished import was applied."
    )


def recover_stalled(jobs: Any = None) -> int:
    """Mark as failed the running jobs whose worker stopped reporting; returns how many.
    One UPDATE with the condition in it: a job whose worker reports meanwhile is left alone."""
    stalled = (Job.objects.all() if jobs is None else jobs).stalled()
    now = timezone.now()
    return stalled.update(
        status=Job.Status.FAILED, error=worker_stopped_message(), finished_at=now, updated_at=now
    )


def enqueue(job: Job) -> Job:
    """Hand the job to the worker once it is committed (the worker reads it by id)."""
    from exchange.tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def start_export(*, spec: ExportSpec, fmt: str, campaign: Any, user: Any, purpose: str = "") -> Job:
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=user,
        resource=spec.name,
        file_format=fmt,
        purpose=purpose,
        personal=spec.personal,
    )
    return enqueue(job)


def counted(job_id: int, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            Job.objects.filter(pk=job_id).update(processed=done, updated_at=timezone.now())


def _mark(job: Job, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run(job_id: int) -> None:
    job = Job.objects.select_related("campaign", "user").get(pk=job_id)
    if job.status not in (Job.Status.QUEUED,):
        return
    _mark(job, status=Job.Status.RUNNING)
    try:
        if job.kind == Job.Kind.EXPORT:
            _run_export(job)
        elif job.kind in (Job.Kind.IMPORT_PREVIEW, Job.Kind.IMPORT_APPLY):
            from exchange.imports import run_import_job

            run_import_job(job)
        elif job.kind == Job.Kind.ICE_287G:
            from exchange.imports import run_287g_job

            run_287g_job(job)
    except Exception as error:  # the job page shows what went wrong; the worker keeps going
        from exchange.imports import ImportFileError

        logger.exception("Job %s failed", job_id)
        reason = (
            str(error) if isinstance(error, ImportFileError) else f"{type(error).__name__}: {error}"
        )
        _mark(
            job,
            status=Job.Status.FAILED,
            error=_("The job stopped: %(error)s") % {"error": reason},
            finished_at=timezone.now(),
        )
        from exchange.staging import discard

        discard(job)  # a kept dry run of a failed job is never applied


def _run_export(job: Job) -> None:
    spec = get_spec(job.resource, reference=job.campaign_id is None)
    if spec is None:
        raise ValueError(_("Nothing called %(name)s can be exported.") % {"name": job.resource})
    total = spec.count(job.campaign, job.user)
    _mark(job, total=total)
    data = formats.render(
        job.file_format, spec.headers, counted(job.pk, spec.rows(job.campaign, job.user))
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    prefix = job.campaign.slug if job.campaign_id else "reference"
    job.set_result(
        data,
        name=f"{prefix}-{spec.name}-{stamp}.{job.file_format}",
        content_type=formats.CONTENT_TYPES[job.file_format],
    )
    job.processed = total
    job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    job.save(
        update_fields=["result", "result_name", "result_type", "processed", "status", "finished_at"]
    )
    if spec.personal:
        audit.record(
            action="exchange.exported",
            actor=job.user,
            campaign=job.campaign,
            objects=list(spec.objects(job.campaign, job.user)) if spec.objects else [job],
            reason=job.purpose,
            resource=spec.name,
            format=job.file_format,
            count=total,
            job=job.pk,
        )
