"""A kept dry run (exchange/staging.py): the rows the dry run checked are stored prepared
(personal fields encrypted, hashes computed) and written as they are on confirmation, unless
anything they depend on changed; then the file is checked again, as before. Either way the
database ends up the same."""

import json

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from actions.models import Petition, PetitionCounter, Signature
from actions.resources import SignatureResource
from actions.services.petitions import sign
from coalition.models import Contact
from coalition.models.contacts import email_hash, phone_hash
from coalition.permissions import Role
from core import bulk
from core.crypto import name_hash
from core.models import AuditEvent
from exchange import staging
from exchange.models import Job, StagedRows
from tests.coalition.factories import ContactFactory
from tests.conftest import client_for
from tests.factories import CampaignFactory, MembershipFactory

CONTACTS = (
    "name,email,phone,preferred_channel,notes,languages\r\n"
    "Ana Ruiz,ana@example.org,(555) 010-2000,email,Met at the vigil,es en\r\n"
    "Bo Li,bo@example.org,,,,\r\n"
    "Cy Zed,,+1 555 010 3000,call,,en\r\n"
    "Di Paz,di@example.org,555 010 4000,text,,es\r\n"
    "Ed Roe,ed@example.org,,,,\r\n"
)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    from coalition.resources import ContactResource

    monkeypatch.setattr(ContactResource._meta, "batch_size", 2)
    monkeypatch.setattr(SignatureResource._meta, "batch_size", 2)


def _upload(client, campaign, kind, content: str, capture, **extra) -> Job:
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": kind}
    )
    with capture(execute=True):
        response = client.post(
            url, {"file": SimpleUploadedFile("f.csv", content.encode()), **extra}
        )
    assert response.status_code == 302, response.content
    job_id = int(response["Location"].rstrip("/").split("/")[-1])
    return Job.objects.for_campaign(campaign).get(pk=job_id)


def _confirm(client, job, capture) -> Job:
    with capture(execute=True):
        client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    return job


def _contacts(campaign) -> list[tuple]:
    """What a contact import leaves, without ids and dates: the decrypted fields, the hashes,
    who added them, the languages."""
    return sorted(
        (
            c.name,
            c.email,
            c.phone,
            c.notes,
            c.preferred_channel,
            c.name_hash,
            c.email_hash,
            c.phone_hash,
            c.created_by_id,
            tuple(sorted(lang.language for lang in c.languages.all())),
        )
        for c in Contact.objects.for_campaign(campaign).prefetch_related("languages")
    )


def test_the_dry_run_keeps_its_rows_encrypted(campaign, lead, django_capture_on_commit_callbacks):
    job = _upload(
        client_for(lead), campaign, "contacts", CONTACTS, django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.PREVIEWED, job.error
    assert not Contact.objects.for_campaign(campaign).exists()  # a dry run writes nothing
    kept = list(StagedRows.objects.filter(job=job))
    assert [batch.number for batch in kept] == [0, 1, 2, 3]  # what they hold, then 2+2+1 rows
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM exchange_stagedrows WHERE job_id = %s", [job.pk])
        stored = [data for (data,) in cursor.fetchall()]
    for data in stored:  # the column holds ciphertext only
        Fernet(_newest_key()).decrypt(data.encode())
    rows = [staging.decode(batch.data) for batch in kept[1:]]
    text = json.dumps(rows)
    for plain in ("Ana Ruiz", "ana@example.org", "010-2000", "vigil"):
        assert plain not in text  # inside, the personal fields are the field's own tokens
    assert email_hash("ana@example.org") in text
    meta = staging.decode(kept[0].data)
    assert meta["rows"] == 5 and meta["batches"] == 3
    assert "name" in meta["create_columns"] and "created_at" not in meta["create_columns"]


def _newest_key() -> bytes:
    from django.conf import settings

    return settings.FIELD_ENCRYPTION_KEYS[0].encode()


def test_confirming_writes_the_kept_rows_as_checking_again_would(
    campaign, lead, django_capture_on_commit_callbacks, settings
):
    client = client_for(lead)
    other = CampaignFactory()
    MembershipFactory(campaign=other, user=lead, role=Role.LEAD)

    fast = _upload(client, campaign, "contacts", CONTACTS, django_capture_on_commit_callbacks)
    fast = _confirm(client, fast, django_capture_on_commit_callbacks)
    assert fast.status == Job.Status.DONE, fast.error
    assert fast.report["applied_from_dry_run"] is True
    assert not StagedRows.objects.filter(job=fast).exists()  # gone once applied
    assert fast.upload == ""

    slow = _upload(client, other, "contacts", CONTACTS, django_capture_on_commit_callbacks)
    StagedRows.objects.filter(job=slow).delete()  # as if the dry run had kept nothing
    slow = _confirm(client, slow, django_capture_on_commit_callbacks)
    assert slow.status == Job.Status.DONE, slow.error
    assert slow.report["applied_from_dry_run"] is False

    assert _contacts(campaign) == _contacts(other)
    ana = Contact.objects.for_campaign(campaign).search("ana@example.org").get()
    assert (ana.name_hash, ana.phone_hash) == (name_hash("Ana Ruiz"), phone_hash("555 010 2000"))
    assert ana.created_at is not None and ana.updated_at is not None
    assert timezone.now() - ana.created_at < timezone.timedelta(minutes=5)
    # the audit trail is the same too: a record per batch, naming every contact
    for camp, job in ((campaign, fast), (other, slow)):
        events = AuditEvent.objects.filter(action="contact.created", campaign=camp)
        assert sorted(e.details["count"] for e in events) == [1, 2, 2]
        assert {e.details["job"] for e in events} == {job.pk}
        for contact in Contact.objects.for_campaign(camp):
            assert AuditEvent.objects.about(contact).filter(action="contact.created").exists()
    with connection.cursor() as cursor:  # and stored encrypted
        cursor.execute("SELECT name, email FROM coalition_contact WHERE id = %s", [ana.pk])
        stored = cursor.fetchone()
    assert "Ana" not in stored[0] and "ana@" not in stored[1]


def test_a_contact_deleted_after_the_dry_run_refuses_the_import(
    campaign, lead, django_capture_on_commit_callbacks
):
    ana = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org")
    client = client_for(lead)
    job = _upload(
        client,
        campaign,
        "contacts",
        f"id,name\r\n{ana.pk},Ana R.\r\n,Bo Li\r\n",
        django_capture_on_commit_callbacks,
    )
    ana.delete()
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED and "nothing was imported" in job.error
    assert job.report["counts"]["refuse"] == 1  # the file checked again says which row
    assert not Contact.objects.for_campaign(campaign).exists()
    assert not StagedRows.objects.filter(job=job).exists()


def test_new_keys_since_the_dry_run_check_the_file_again(
    campaign, lead, django_capture_on_commit_callbacks, settings
):
    client = client_for(lead)
    job = _upload(client, campaign, "contacts", CONTACTS, django_capture_on_commit_callbacks)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is False
    ana = Contact.objects.for_campaign(campaign).search("ana@example.org").get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM coalition_contact WHERE id = %s", [ana.pk])
        (stored,) = cursor.fetchone()
    assert Fernet(new_key.encode()).decrypt(stored.encode()) == b"Ana Ruiz"  # the newest key


# -- signatures -------------------------------------------------------------------------------

SIGNATURES = (
    "name,email,place,comment,wants_updates,show_publicly,language\r\n"
    "Ana Ruiz,ana@example.org,Durham,End it,yes,yes,es\r\n"
    "Bo Li,bo@example.org,,,no,no,en\r\n"
    "Cy Zed,cy@example.org,Raleigh,,yes,no,\r\n"
)


@pytest.fixture
def petition(campaign):
    petition = Petition.objects.create(
        campaign=campaign, slug="end-287g", title="End 287(g)", text="Do not renew.",
        show_signers=True,
    )  # fmt: skip
    PetitionCounter.create_for(petition)
    return petition


def _upload_signatures(client, campaign, petition, capture) -> Job:
    return _upload(client, campaign, "signatures", SIGNATURES, capture, petition=petition.pk)


def test_signatures_kept_by_the_dry_run_are_written_and_counted(
    campaign, lead, petition, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    job = _upload_signatures(client, campaign, petition, django_capture_on_commit_callbacks)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is True
    assert petition.signature_count() == 3
    ana = Signature.objects.for_campaign(campaign).get(
        petition=petition, email_hash=email_hash("ana@example.org")
    )
    assert (ana.email, ana.place, ana.comment, ana.language) == (
        "ana@example.org",
        "Durham",
        "End it",
        "es",
    )
    assert ana.wants_updates and ana.show_publicly and ana.source == Signature.Source.IMPORT
    events = AuditEvent.objects.filter(action="signature.created", campaign=campaign)
    assert sorted(e.details["count"] for e in events) == [1, 2]


def test_someone_signing_after_the_dry_run_is_updated_not_doubled(
    campaign, lead, petition, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    job = _upload_signatures(client, campaign, petition, django_capture_on_commit_callbacks)
    sign(petition, {"name": "Bo L.", "email": "BO@example.org"})  # on the page, meanwhile
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is False
    assert job.report["counts"]["create"] == 2 and job.report["counts"]["update"] == 1
    assert petition.signature_count() == 3
    assert Signature.objects.for_campaign(campaign).filter(petition=petition).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_signature_committed_between_the_check_and_the_write(
    campaign, lead, petition, django_capture_on_commit_callbacks, monkeypatch
):
    """The race the lookups cannot see: another connection commits a signature of an address
    in the file after the confirmation asked the database. The database refuses the kept
    row, everything the kept rows wrote is undone, and the file is checked again."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one connection write at a time: no such race there")
    client = client_for(lead)
    job = _upload_signatures(client, campaign, petition, django_capture_on_commit_callbacks)
    real = SignatureResource.write_staged

    def someone_signs_first(self, *args, **kwargs):
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO actions_signature (campaign_id, petition_id, name, email,"
                    " email_hash, place, comment, wants_updates, show_publicly, language,"
                    " source, created_at, updated_at) VALUES"
                    " (%s, %s, '', '', %s, '', '', false, false, '', 'web', now(), now())",
                    [campaign.pk, petition.pk, email_hash("cy@example.org")],
                )
        finally:
            other.close()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SignatureResource, "write_staged", someone_signs_first)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"] is False
    assert job.report["counts"]["update"] == 1  # Cy's, found the second time
    rows = Signature.objects.for_campaign(campaign).filter(petition=petition)
    assert rows.count() == 3
    assert petition.signature_count() == 3
    assert AuditEvent.objects.filter(action="signature.created").count() == 1  # one batch of 2


def test_a_failed_confirmation_discards_the_kept_rows(
    campaign, lead, petition, django_capture_on_commit_callbacks, monkeypatch
):
    client = client_for(lead)
    job = _upload_signatures(client, campaign, petition, django_capture_on_commit_callbacks)

    def disk_full(self, batch, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SignatureResource, "after_batch", disk_full)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED and "disk full" in job.error
    assert not Signature.objects.for_campaign(campaign).filter(petition=petition).exists()
    assert not StagedRows.objects.filter(job=job).exists()


def test_expired_jobs_lose_their_kept_rows(campaign, lead, django_capture_on_commit_callbacks):
    client = client_for(lead)
    job = _upload(client, campaign, "contacts", CONTACTS, django_capture_on_commit_callbacks)
    fresh = _upload(client, campaign, "contacts", CONTACTS, django_capture_on_commit_callbacks)
    Job.objects.for_campaign(campaign).filter(pk=job.pk).update(expires_at=timezone.now())
    call_command("expire_exchange_files")
    assert not StagedRows.objects.filter(job=job).exists()
    assert StagedRows.objects.filter(job=fresh).count() == 4


def test_a_kept_update_never_reaches_another_campaign(campaign):
    """core.bulk.update changes only the rows in its scope, whatever the ids say."""
    theirs = ContactFactory(campaign=CampaignFactory(), name="Theirs", email="t@example.org")
    field = Contact._meta.get_field("preferred_channel")
    changed = bulk.update(
        Contact, [field], [[theirs.pk, "call"]], scope={"campaign_id": campaign.pk}
    )
    assert changed == 0
    theirs.refresh_from_db()
    assert theirs.preferred_channel != "call"
