"""Background jobs: progress, result for the owner only, expiry."""

import io
from datetime import timedelta

import openpyxl
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from exchange import jobs
from exchange.models import Job
from tests.coalition.factories import ContactFactory, OrganizationFactory
from tests.conftest import client_for


def test_large_spreadsheet_export_runs_as_a_job(campaign, observer, settings):
    settings.EXPORT_SYNC_ROWS = 2
    for n in range(5):
        OrganizationFactory(campaign=campaign, name=f"Ally {n}")
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    client = client_for(observer)
    with_commit = client.get(url + "?format=xlsx")
    assert with_commit.status_code == 302
    job = Job.objects.get(user=observer)
    assert with_commit["Location"] == job.get_absolute_url()


def test_job_runs_to_done_and_reports_rows(
    campaign, observer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 2
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    progress = []
    real_counted = jobs.counted

    def watched(job_id, rows):
        for row in real_counted(job_id, rows):
            progress.append(Job.objects.get(pk=job_id).processed)
            yield row

    monkeypatch.setattr(jobs, "counted", watched)
    for n in range(5):
        OrganizationFactory(campaign=campaign, name=f"Ally {n}")
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    client = client_for(observer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url + "?format=xlsx")
    job = Job.objects.get(user=observer)
    assert (job.status, job.processed, job.total) == (Job.Status.DONE, 5, 5)
    assert progress == [0, 0, 2, 2, 4]  # written to the row as it goes
    page = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b"5 of 5 rows" in page.content
    assert b"every 1s" not in page.content  # polling stops when done
    download = client.get(reverse("exchange:job_download", kwargs={"job_id": job.pk}))
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet.max_row == 6


def test_a_running_job_page_polls(campaign, observer):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=observer,
        resource="organizations",
        file_format="xlsx",
        status=Job.Status.RUNNING,
        processed=3,
        total=10,
    )
    page = client_for(observer).get(job.get_absolute_url())
    assert b'hx-trigger="every 1s"' in page.content
    assert b"3 of 10 rows" in page.content


def test_the_result_is_stored_encrypted(
    campaign, lead, settings, django_capture_on_commit_callbacks
):
    from django.db import connection

    settings.EXPORT_SYNC_ROWS = 0
    ContactFactory(campaign=campaign, name="Zelda Secretname")
    url = reverse("exchange:contact_export", kwargs={"campaign_slug": campaign.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead).post(url, {"file_format": "ods", "purpose": "Board hearing outreach"})
    job = Job.objects.get(user=lead, resource="contacts")
    assert job.status == Job.Status.DONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM exchange_job WHERE id = %s", [job.pk])
        raw = cursor.fetchone()[0]
    assert "Zelda" not in raw and not raw.startswith("UEsD")  # not even base64 of the zip
    event = AuditEvent.objects.get(action="exchange.exported")
    assert event.reason == "Board hearing outreach"
    client_for(lead).get(reverse("exchange:job_download", kwargs={"job_id": job.pk}))
    assert AuditEvent.objects.filter(action="exchange.downloaded").count() == 1


def test_only_the_owner_sees_a_job(campaign, lead, coordinator):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT, campaign=campaign, user=lead, resource="organizations"
    )
    assert client_for(coordinator).get(job.get_absolute_url()).status_code == 404
    download = reverse("exchange:job_download", kwargs={"job_id": job.pk})
    assert client_for(coordinator).get(download).status_code == 404


def test_expired_results_are_gone(campaign, lead):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=lead,
        resource="organizations",
        status=Job.Status.DONE,
    )
    job.set_result(b"x", name="x.csv", content_type="text/csv")
    job.expires_at = timezone.now() - timedelta(minutes=1)
    job.save()
    download = reverse("exchange:job_download", kwargs={"job_id": job.pk})
    assert client_for(lead).get(download).status_code == 410
    call_command("expire_exchange_files")
    job.refresh_from_db()
    assert job.result == ""


def test_a_failing_job_reports_its_error(campaign, lead):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=lead,
        resource="no-such-list",
        file_format="csv",
    )
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no-such-list" in job.error
    page = client_for(lead).get(job.get_absolute_url())
    assert b"no-such-list" in page.content
