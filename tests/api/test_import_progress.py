"""Import progress moves with the rows (dry run and confirm), is written outside any
transaction so the job page sees it, and doubles as the worker's heartbeat: a job whose worker
stopped is marked failed instead of "Running" forever."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from coalition.models import Contact
from exchange import jobs
from exchange.models import Job
from tests.conftest import client_for

ROWS = 7


def _csv(rows: int = ROWS) -> bytes:
    lines = ["name,email,phone"] + [
        f"Person {n},p{n}@example.org,555 010 {n:04}" for n in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def seen(monkeypatch):
    """Every progress value written, read back from the database by another connection
    (as the job page's request would): only committed values are seen there."""
    monkeypatch.setattr(jobs, "PROGRESS_ROWS", 2)
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    values: list[tuple[int, int]] = []
    real = jobs.Progress.write

    def write(self):
        real(self)
        values.append((self.done, _read_elsewhere(self.job_id)))

    monkeypatch.setattr(jobs.Progress, "write", write)
    return values


def _read_elsewhere(job_id: int) -> int | None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT processed FROM exchange_job WHERE id = %s", [job_id])
            row = cursor.fetchone()
        return row[0] if row else None
    finally:
        other.close()


def _upload(client, campaign, capture):
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": "contacts"}
    )
    with capture(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("c.csv", _csv())})
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@pytest.mark.django_db(transaction=True)
def test_progress_advances_and_is_visible_during_dry_run_and_confirm(
    campaign, lead, seen, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    job = _upload(client, campaign, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.PREVIEWED, job.error
    # written every 2 rows, and committed: another connection reads each value as written
    assert seen == [(2, 2), (4, 4), (6, 6)]
    assert (job.processed, job.total) == (ROWS, ROWS)

    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    # The dry run's rows are written as kept, one batch here, inside the import's
    # transaction: on PostgreSQL the progress goes through a connection of its own and is
    # seen before the commit; SQLite writes it in the transaction (seen when it commits).
    assert job.report["applied_from_dry_run"] is True
    if connection.vendor == "postgresql":
        assert seen == [(ROWS, ROWS)]
    else:
        assert seen == [(ROWS, 0)]
    assert (job.processed, job.total) == (ROWS, ROWS)
    assert Contact.objects.for_campaign(campaign).count() == ROWS


@pytest.mark.django_db(transaction=True)
def test_progress_of_a_confirm_that_checks_the_file_again(
    campaign, lead, seen, django_capture_on_commit_callbacks
):
    """A contact added between the dry run and the confirmation: the kept rows are not
    used, and the file is checked again with its progress as the dry run's."""
    client = client_for(lead)
    job = _upload(client, campaign, django_capture_on_commit_callbacks)
    Contact.objects.create(campaign=campaign, name="Late", email="p3@example.org")
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is False
    assert job.report["counts"] == {"create": ROWS - 1, "update": 1, "skip": 0, "refuse": 0}
    assert seen == [(2, 2), (4, 4), (6, 6)]
    assert Contact.objects.for_campaign(campaign).count() == ROWS  # the late one updated


def test_progress_is_throttled_by_rows_and_by_time(db, monkeypatch, campaign, lead):
    job = Job.objects.create(kind=Job.Kind.IMPORT_PREVIEW, campaign=campaign, user=lead)
    monkeypatch.setattr(jobs, "PROGRESS_ROWS", 3)
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 3600)
    progress = jobs.Progress(job.pk)
    for _ in range(10):
        progress.advance()
    job.refresh_from_db()
    assert job.processed == 0  # not a second since the start: nothing written yet
    progress.last -= 3600
    progress.advance()
    job.refresh_from_db()
    assert job.processed == 11


def test_a_progress_write_is_a_heartbeat(db, campaign, lead):
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_PREVIEW, campaign=campaign, user=lead, status=Job.Status.RUNNING
    )
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    jobs.Progress(job.pk).write()
    job.refresh_from_db()
    assert timezone.now() - job.updated_at < timedelta(minutes=1)


def _running(campaign, user, *, silent_for: timedelta, status=Job.Status.RUNNING) -> Job:
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_APPLY,
        campaign=campaign,
        user=user,
        resource="contacts",
        status=status,
        processed=3,
        total=10,
    )
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - silent_for)
    return job


def test_the_job_page_marks_a_job_whose_worker_stopped(campaign, lead, settings):
    settings.EXCHANGE_JOB_TIMEOUT_MINUTES = 15
    stalled = _running(campaign, lead, silent_for=timedelta(minutes=16))
    page = client_for(lead).get(stalled.get_absolute_url(), headers={"HX-Request": "true"})
    stalled.refresh_from_db()
    assert stalled.status == Job.Status.FAILED and stalled.finished_at is not None
    assert "worker stopped" in stalled.error and "run it again" in stalled.error
    html = page.content.decode()
    assert "worker stopped" in html and "every 1s" not in html  # no more polling


def test_a_job_heard_from_lately_keeps_running(campaign, lead, settings):
    settings.EXCHANGE_JOB_TIMEOUT_MINUTES = 15
    alive = _running(campaign, lead, silent_for=timedelta(minutes=5))
    page = client_for(lead).get(alive.get_absolute_url())
    alive.refresh_from_db()
    assert alive.status == Job.Status.RUNNING
    assert b"every 1s" in page.content


def test_recover_jobs_command(campaign, lead, coordinator, settings):
    settings.EXCHANGE_JOB_TIMEOUT_MINUTES = 15
    stalled = _running(campaign, lead, silent_for=timedelta(hours=2))
    other = _running(campaign, coordinator, silent_for=timedelta(minutes=30))
    alive = _running(campaign, lead, silent_for=timedelta(minutes=1))
    waiting = _running(campaign, lead, silent_for=timedelta(hours=2), status=Job.Status.QUEUED)
    call_command("recover_jobs", stdout=io.StringIO())
    states = dict(Job.objects.values_list("pk", "status"))
    assert states[stalled.pk] == states[other.pk] == Job.Status.FAILED
    assert states[alive.pk] == Job.Status.RUNNING
    assert states[waiting.pk] == Job.Status.QUEUED  # no worker yet: it waits, it is not lost


def test_expire_exchange_files_recovers_too(campaign, lead, settings):
    settings.EXCHANGE_JOB_TIMEOUT_MINUTES = 15
    stalled = _running(campaign, lead, silent_for=timedelta(hours=1))
    call_command("expire_exchange_files", stdout=io.StringIO())
    stalled.refresh_from_db()
    assert stalled.status == Job.Status.FAILED


def test_a_worker_that_finishes_after_all_has_the_last_word(campaign, lead, settings, monkeypatch):
    """Marked failed while it was only slow: when it does finish, the job says so."""
    settings.EXCHANGE_JOB_TIMEOUT_MINUTES = 15
    from tests.coalition.factories import OrganizationFactory

    OrganizationFactory(campaign=campaign, name="Ally")
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=lead,
        resource="organizations",
        file_format="csv",
    )
    real_export = jobs._run_export

    def slow_export(job):
        Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
        assert jobs.recover_stalled() == 1
        real_export(job)

    monkeypatch.setattr(jobs, "_run_export", slow_export)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
