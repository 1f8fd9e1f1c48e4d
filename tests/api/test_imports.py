"""Imports: a dry run naming each refused row and field, then one transaction."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Contact, Organization
from exchange import imports
from exchange.models import Job
from tests.coalition.factories import ContactFactory, OrganizationFactory
from tests.conftest import client_for


def _upload(client, url, name, content, capture):
    with capture(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _confirm(client, job, capture):
    with capture(execute=True):
        client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    return job


@pytest.fixture
def contacts_export(campaign, lead):
    """The demo round trip: export contacts to XLSX as the lead."""
    for n in range(3):
        ContactFactory(campaign=campaign, name=f"Person {n}", email=f"p{n}@example.org")
    url = reverse("exchange:contact_export", kwargs={"campaign_slug": campaign.slug})
    response = client_for(lead).post(url, {"file_format": "xlsx", "purpose": "Clean up the list"})
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_round_trip_dry_run_names_the_bad_row(
    campaign, lead, contacts_export, django_capture_on_commit_callbacks
):
    sheet = contacts_export.active
    for row in range(2, 5):
        sheet.cell(row=row, column=4).value = "555-010-200" + str(row)  # phone
    sheet.append(["", "New Person", "new@example.org", "", "", "en es"])
    sheet.append(["", "", "bad-address", "", "carrier pigeon", "xx"])
    buffer = io.BytesIO()
    contacts_export.save(buffer)

    client = client_for(lead)
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": "contacts"}
    )
    job = _upload(
        client, url, "contacts.xlsx", buffer.getvalue(), django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.PREVIEWED
    assert job.report["counts"] == {"create": 1, "update": 3, "skip": 0, "refuse": 1}
    bad = job.report["rows"][-1]
    assert bad["row"] == 6 and bad["outcome"] == "refuse"
    assert set(bad["errors"]) == {"name", "email", "preferred_channel", "languages"}
    page = client.get(job.get_absolute_url()).content.decode()
    assert "refuse" in page and "Confirm the import" not in page
    assert Contact.objects.for_campaign(campaign).count() == 3  # a dry run changes nothing
    # the waiting file is encrypted in the database
    assert b"bad-address" not in job.upload.encode()


def test_confirmed_import_creates_and_updates_through_the_service(
    campaign, lead, django_capture_on_commit_callbacks
):
    known = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org")
    csv = (
        "id,name,email,phone,languages\r\n"
        ",Ana Ruiz,ANA@example.org,555 010 2000,es\r\n"
        ",Bo Li,bo@example.org,,\r\n"
    )
    client = client_for(lead)
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": "contacts"}
    )
    job = _upload(client, url, "c.csv", csv.encode(), django_capture_on_commit_callbacks)
    assert job.report["counts"]["update"] == 1 and job.report["counts"]["create"] == 1
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    known.refresh_from_db()
    assert known.phone == "555 010 2000"
    assert [lang.language for lang in known.languages.all()] == ["es"]
    bo = Contact.objects.for_campaign(campaign).search("bo@example.org").get()
    assert bo.name == "Bo Li"  # keyed hashes filled: found by exact email
    assert job.upload == ""


def test_an_id_from_another_campaign_is_refused(
    campaign, other_campaign, lead, django_capture_on_commit_callbacks
):
    theirs = OrganizationFactory(campaign=other_campaign, name="Theirs")
    csv = f"id,name,kind\r\n{theirs.pk},Taken over,faith\r\n"
    url = reverse(
        "exchange:campaign_import",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    job = _upload(client_for(lead), url, "o.csv", csv.encode(), django_capture_on_commit_callbacks)
    assert job.report["counts"]["refuse"] == 1
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_a_failure_halfway_leaves_nothing(
    campaign, lead, monkeypatch, django_capture_on_commit_callbacks
):
    csv = "name,kind\r\nFirst Ally,faith\r\nSecond Ally,labor\r\nThird Ally,labor\r\n"
    client = client_for(lead)
    url = reverse(
        "exchange:campaign_import",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    job = _upload(client, url, "o.csv", csv.encode(), django_capture_on_commit_callbacks)
    assert job.report["counts"]["create"] == 3

    from coalition import resources

    saved = []
    real = resources.OrganizationResource.do_instance_save

    def fail_on_the_third(self, instance, is_create):
        saved.append(instance.name)
        if len(saved) == 3:
            raise RuntimeError("disk full")
        real(self, instance, is_create)

    monkeypatch.setattr(resources.OrganizationResource, "do_instance_save", fail_on_the_third)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "disk full" in job.error
    assert saved == ["First Ally", "Second Ally", "Third Ally"]
    assert not Organization.objects.for_campaign(campaign).exists()


def test_observer_may_not_import(campaign, observer):
    url = reverse(
        "exchange:campaign_import",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    assert client_for(observer).get(url).status_code == 403


def test_reference_import_keeps_history(db, coordinator, django_capture_on_commit_callbacks):
    from targets.models import Official
    from tests.targets.factories import OfficeFactory

    office = OfficeFactory()
    csv = f"office,name,title\r\n{office.pk},Pat Sheriff,Sheriff\r\n"
    client = client_for(coordinator)
    url = reverse("exchange:reference_import", kwargs={"resource": "officials"})
    job = _upload(client, url, "o.csv", csv.encode(), django_capture_on_commit_callbacks)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    official = Official.objects.get(name="Pat Sheriff")
    assert official.history.get().history_user == coordinator


def test_the_real_287g_list_runs_as_a_job(db, coordinator, django_capture_on_commit_callbacks):
    from pathlib import Path

    from targets.models import Arrangement
    from tests.targets.conftest import load

    load("census_counties", Path(__file__).resolve().parents[2] / "data" / "national_county.txt")

    data = (
        Path(__file__).resolve().parents[2] / "data" / "participatingAgencies07182025pm.xlsx"
    ).read_bytes()
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exchange:import_287g"),
            {
                "file": SimpleUploadedFile("participatingAgencies07182025pm.xlsx", data),
                "as_of": "2025-07-18",
            },
        )
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.DONE, job.error
    assert job.total > 800 and job.processed == job.total  # rows read from ICE's file
    assert Arrangement.objects.count() > 800
    assert imports.RESOURCES  # the same machinery lists the other kinds
