"""Contacts are imported in bulk: what Contact.save and contact_save do per contact (keyed
hashes, who added it, languages, audit) is done per batch, and per-row errors stay in the dry
run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Contact
from coalition.models.contacts import email_hash, phone_hash
from core.crypto import name_hash
from core.models import AuditEvent
from exchange.models import Job
from tests.coalition.factories import ContactFactory, OrganizationFactory
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    from coalition.resources import ContactResource

    monkeypatch.setattr(ContactResource._meta, "batch_size", 2)


def _import(client, campaign, csv: str, capture, *, confirm: bool = True) -> Job:
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": "contacts"}
    )
    with capture(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("c.csv", csv.encode())})
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    if confirm and job.status == Job.Status.PREVIEWED:
        with capture(execute=True):
            client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
        job.refresh_from_db()
    return job


def test_bulk_creates_with_hashes_languages_and_audit(
    campaign, lead, django_capture_on_commit_callbacks
):
    csv = (
        "name,email,phone,preferred_channel,languages\r\n"
        "Ana Ruiz, ana@example.org ,(555) 010-2000,email,es en\r\n"
        "Bo Li,bo@example.org,,,\r\n"
        "Cy Zed,,+1 555 010 3000,call,en\r\n"
    )
    job = _import(client_for(lead), campaign, csv, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    contacts = Contact.objects.for_campaign(campaign)
    assert contacts.count() == 3
    ana = contacts.search("ana@example.org").get()
    assert ana.email == "ana@example.org" and ana.created_by == lead
    assert (ana.name_hash, ana.email_hash, ana.phone_hash) == (
        name_hash("Ana Ruiz"),
        email_hash("ana@example.org"),
        phone_hash("555 010 2000"),
    )
    assert sorted(lang.language for lang in ana.languages.all()) == ["en", "es"]
    assert contacts.search("555-010-3000").get().name == "Cy Zed"
    assert contacts.search("Bo Li").get().languages.count() == 0
    events = AuditEvent.objects.filter(action="contact.created")
    assert sorted(e.details["count"] for e in events) == [1, 2]  # one record per batch
    for contact in contacts:
        assert AuditEvent.objects.about(contact).filter(action="contact.created").exists()


def test_an_update_changes_only_the_columns_of_the_file(
    campaign, lead, django_capture_on_commit_callbacks
):
    ally = OrganizationFactory(campaign=campaign, name="Faith Table")
    ana = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org", notes="Met")
    ana.affiliations.create(organization=ally, role="pastor")
    ana.languages.create(language="es")
    bo = ContactFactory(campaign=campaign, name="Bo Li", email="bo@example.org")
    csv = f"id,phone\r\n{ana.pk},555 010 2000\r\n{bo.pk},\r\n"
    job = _import(client_for(lead), campaign, csv, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is True  # the updates the dry run kept
    assert job.report["counts"]["update"] == 2
    ana.refresh_from_db()
    assert (ana.name, ana.email, ana.notes, ana.phone) == (
        "Ana Ruiz",
        "ana@example.org",
        "Met",
        "555 010 2000",
    )
    assert ana.phone_hash == phone_hash("555 010 2000") and ana.name_hash == name_hash("Ana Ruiz")
    assert [lang.language for lang in ana.languages.all()] == ["es"]  # no languages column
    assert ana.affiliations.get().role == "pastor"
    event = AuditEvent.objects.get(action="contact.updated")
    assert event.details["count"] == 2 and event.details["changed"] == ["import"]


def test_languages_column_replaces_the_languages(
    campaign, lead, django_capture_on_commit_callbacks
):
    ana = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org")
    ana.languages.create(language="es")
    csv = "name,email,languages\r\nAna Ruiz,ANA@example.org,en\r\n"
    job = _import(client_for(lead), campaign, csv, django_capture_on_commit_callbacks)
    assert job.report["counts"]["update"] == 1, job.report
    assert job.report["applied_from_dry_run"] is True
    assert [lang.language for lang in ana.languages.all()] == ["en"]


def test_the_same_contact_twice_in_a_file_is_refused(
    campaign, lead, django_capture_on_commit_callbacks
):
    known = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org")
    csv = (
        "id,name,email\r\n"
        ",Bo Li,bo@example.org\r\n"
        ",Bo Li again,BO@example.org\r\n"
        f"{known.pk},Ana Ruiz,\r\n"
        ",Ana R.,ana@example.org\r\n"
    )
    job = _import(
        client_for(lead), campaign, csv, django_capture_on_commit_callbacks, confirm=False
    )
    refused = {
        row["row"]: row["errors"] for row in job.report["rows"] if row["outcome"] == "refuse"
    }
    assert set(refused) == {3, 5}
    assert "row 2" in refused[3]["email"][0] and "row 4" in refused[5]["email"][0]


def test_an_id_of_another_campaign_is_refused_without_a_query_per_row(
    campaign,
    other_campaign,
    lead,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from coalition.resources import ContactResource
    from exchange.imports import read_dataset

    theirs = ContactFactory(campaign=other_campaign, name="Theirs")
    rows = "".join(f",Person {n},p{n}@example.org\r\n" for n in range(50))
    csv = f"id,name,email\r\n{theirs.pk},Taken over,x@example.org\r\n" + rows
    resource = ContactResource(campaign=campaign, user=lead)
    with django_assert_max_num_queries(5):
        result = resource.check(read_dataset(csv.encode(), "c.csv"))
    assert result.totals["new"] == 50 and result.totals["invalid"] + result.totals["error"] == 1
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
