"""Signatures import: into one petition of the campaign, dry run with a reason per refused
field, deduplicated by the email's keyed hash, one transaction, the counter recounted."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from actions.models import Petition, PetitionCounter, Signature
from core.crypto import keyed_hash
from core.models import AuditEvent
from exchange.models import Job
from tests.conftest import client_for

HEADERS = ["name", "email", "place", "comment", "wants_updates", "show_publicly", "language"]


def _petition(campaign, slug="end-287g", **fields) -> Petition:
    petition = Petition.objects.create(
        campaign=campaign, slug=slug, title=f"Petition {slug}", text="Do not renew.", **fields
    )
    PetitionCounter.create_for(petition)
    return petition


@pytest.fixture
def petition(campaign):
    return _petition(campaign, show_signers=True)


def _url(campaign):
    return reverse(
        "exchange:campaign_import",
        kwargs={"campaign_slug": campaign.slug, "resource": "signatures"},
    )


def _upload(client, campaign, petition, name, content, capture):
    with capture(execute=True):
        response = client.post(
            _url(campaign),
            {"file": SimpleUploadedFile(name, content), "petition": petition.pk},
        )
    assert response.status_code == 302, response.content
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _confirm(client, job, capture):
    with capture(execute=True):
        client.post(reverse("exchange:job_confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    return job


def _csv(rows, headers=HEADERS) -> bytes:
    data = tablib.Dataset(*rows, headers=headers)
    return data.export("csv").encode()


def test_the_upload_form_offers_only_this_campaigns_petitions(
    campaign, other_campaign, lead, petition
):
    theirs = _petition(other_campaign, slug="theirs")
    client = client_for(lead)
    page = client.get(_url(campaign)).content.decode()
    assert petition.title in page and theirs.title not in page
    response = client.post(
        _url(campaign), {"file": SimpleUploadedFile("s.csv", _csv([])), "petition": theirs.pk}
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_dry_run_names_each_refused_field_and_writes_nothing(
    campaign, lead, petition, django_capture_on_commit_callbacks
):
    Signature.objects.create(
        campaign=campaign,
        petition=petition,
        name="Ana Ruiz",
        email="ana@example.org",
        email_hash=keyed_hash("ana@example.org"),
    )
    rows = [
        ["Bo Li", "bo@example.org", "Exampleton", "", "yes", "no", "en"],  # create
        ["Ana R. Ruiz", " ANA@example.org ", "", "", "", "", "es"],  # update (known address)
        ["", "not-an-address", "", "", "maybe", "", "fr"],  # refused: four fields
        ["X" * 201, "cy@example.org", "P" * 101, "", "", "", ""],  # refused: too long
        ["Bo Again", "bo@EXAMPLE.org", "", "", "", "", ""],  # left out: same as row 2
        ["Di Dee", "", "", "", "", "", ""],  # refused: no email
    ]
    job = _upload(
        client_for(lead),
        campaign,
        petition,
        "signatures.csv",
        _csv(rows),
        django_capture_on_commit_callbacks,
    )
    assert job.status == Job.Status.PREVIEWED, job.error
    assert job.personal and job.options == {"petition": petition.pk}
    assert job.report["counts"] == {"create": 1, "update": 1, "skip": 1, "refuse": 3}
    by_row = {row["row"]: row for row in job.report["rows"]}
    assert by_row[2]["outcome"] == "create" and by_row[3]["outcome"] == "update"
    assert set(by_row[4]["errors"]) == {"name", "email", "wants_updates", "language"}
    assert set(by_row[5]["errors"]) == {"name", "place"}
    assert "At most 200 characters (this has 201)." in by_row[5]["errors"]["name"]
    assert by_row[6]["outcome"] == "skip" and "row 2" in by_row[6]["errors"]["email"][0]
    assert set(by_row[7]["errors"]) == {"email"}
    assert petition.title in job.report["summary"]
    assert Signature.objects.filter(petition=petition).count() == 1  # nothing written
    page = client_for(lead).get(job.get_absolute_url()).content.decode()
    assert "Confirm the import" not in page
    assert b"not-an-address" not in job.upload.encode()  # the waiting file is encrypted


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_confirmed_import_creates_updates_and_recounts(
    fmt, campaign, lead, petition, django_capture_on_commit_callbacks
):
    other = _petition(campaign, slug="other")
    known = Signature.objects.create(
        campaign=campaign,
        petition=petition,
        name="Ana Ruiz",
        email="ana@example.org",
        email_hash=keyed_hash("ana@example.org"),
        source=Signature.Source.WEB,
    )
    elsewhere = Signature.objects.create(
        campaign=campaign,
        petition=other,
        name="Bo Li",
        email="bo@example.org",
        email_hash=keyed_hash("bo@example.org"),
    )
    rows = [
        ["Bo   Li", "bo@example.org", "Exampleton", "Paper form, May 5", "yes", "yes", "en"],
        ["Ana María Ruiz", "Ana@Example.org", "", "", "no", "", "es"],
        ["Cy Zed", "cy@example.org", "", "- signed at the vigil", "", "", ""],
        ["Bo Li", "BO@example.org", "", "", "", "", ""],  # the same person again: left out
    ]
    data = tablib.Dataset(*rows, headers=HEADERS)
    content = data.export(fmt)
    content = content.encode() if isinstance(content, str) else content
    client = client_for(lead)
    job = _upload(
        client, campaign, petition, f"s.{fmt}", content, django_capture_on_commit_callbacks
    )
    assert job.report["counts"] == {"create": 2, "update": 1, "skip": 1, "refuse": 0}, job.report
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert job.upload == "" and job.processed == job.total == 4

    signatures = Signature.objects.for_campaign(campaign).filter(petition=petition)
    assert signatures.count() == 3
    bo = signatures.get(email_hash=keyed_hash("bo@example.org"))
    assert (bo.name, bo.place, bo.comment) == ("Bo Li", "Exampleton", "Paper form, May 5")
    assert bo.wants_updates and bo.show_publicly and bo.language == "en"
    assert bo.source == Signature.Source.IMPORT and bo.campaign == campaign
    known.refresh_from_db()
    assert known.name == "Ana María Ruiz" and known.language == "es"
    assert known.source == Signature.Source.WEB  # first given on the web: stays so
    assert (
        signatures.get(email_hash=keyed_hash("cy@example.org")).comment == "- signed at the vigil"
    )
    elsewhere.refresh_from_db()
    assert elsewhere.place == ""  # another petition's signature is not touched
    assert petition.signature_count() == 3
    assert other.signature_count() == 0  # not recounted: not this import's petition

    created = AuditEvent.objects.get(action="signature.created")
    assert created.details["count"] == 2 and created.details["petition"] == petition.pk
    assert AuditEvent.objects.about(bo).filter(action="signature.created").exists()
    assert AuditEvent.objects.about(known).filter(action="signature.updated").exists()

    with connection.cursor() as cursor:  # encrypted at rest, hashes computed once per row
        cursor.execute(
            "SELECT name, email, place, comment FROM actions_signature WHERE id = %s", [bo.pk]
        )
        raw = " ".join(cursor.fetchone())
    assert "Bo Li" not in raw and "bo@example.org" not in raw and "Exampleton" not in raw


def test_show_publicly_only_where_the_petition_shows_signers(
    campaign, lead, django_capture_on_commit_callbacks
):
    quiet = _petition(campaign, slug="quiet", show_signers=False)
    client = client_for(lead)
    job = _upload(
        client,
        campaign,
        quiet,
        "s.csv",
        _csv([["Bo Li", "bo@example.org", "", "", "", "yes", ""]]),
        django_capture_on_commit_callbacks,
    )
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE, job.error
    assert not Signature.objects.get(petition=quiet).show_publicly


def test_a_failure_while_writing_leaves_nothing(
    campaign, lead, petition, monkeypatch, django_capture_on_commit_callbacks
):
    from actions.resources import SignatureResource

    monkeypatch.setattr(SignatureResource._meta, "batch_size", 2)
    rows = [[f"Person {n}", f"p{n}@example.org", "", "", "", "", ""] for n in range(5)]
    client = client_for(lead)
    job = _upload(
        client, campaign, petition, "s.csv", _csv(rows), django_capture_on_commit_callbacks
    )
    assert job.report["counts"]["create"] == 5

    batches = []
    real = SignatureResource.after_batch

    def fail_on_the_second_batch(self, batch, **kwargs):
        batches.append(len(batch))
        if len(batches) == 2:
            raise RuntimeError("disk full")
        real(self, batch, **kwargs)

    monkeypatch.setattr(SignatureResource, "after_batch", fail_on_the_second_batch)
    job = _confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED and "disk full" in job.error
    assert batches == [2, 2]
    assert not Signature.objects.filter(petition=petition).exists()
    assert petition.signature_count() == 0
    assert not AuditEvent.objects.filter(action="signature.created").exists()


def test_a_petition_gone_before_the_job_ran_fails_clearly(
    campaign, lead, petition, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            _url(campaign),
            {
                "file": SimpleUploadedFile("s.csv", _csv([["A", "a@example.org"] + [""] * 5])),
                "petition": petition.pk,
            },
        )
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    petition.delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "petition" in job.error and "Error:" not in job.error


def test_large_report_lists_only_rows_with_a_reason(
    campaign, lead, petition, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from exchange import imports

    monkeypatch.setattr(imports, "REPORT_ALL_ROWS", 3)
    rows = [[f"Person {n}", f"p{n}@example.org", "", "", "", "", ""] for n in range(6)]
    rows.append(["", "bad", "", "", "", "", ""])
    job = _upload(
        client_for(lead),
        campaign,
        petition,
        "s.csv",
        _csv(rows),
        django_capture_on_commit_callbacks,
    )
    assert job.report["counts"]["create"] == 6
    assert [row["row"] for row in job.report["rows"]] == [8]
    assert "rows in the file: 7" in job.report["summary"]


def test_a_volunteer_may_not_import_signatures(campaign, volunteer):
    assert client_for(volunteer).get(_url(campaign)).status_code == 403


def test_an_xlsx_export_of_the_import_file_reads_back(campaign, petition):
    """The resource reads the spreadsheet's yes/no cells as the exports write them."""
    from actions.resources import SignatureResource

    data = tablib.Dataset(["Bo Li", "bo@example.org", "", "", "yes", "no", ""], headers=HEADERS)
    loaded = tablib.Dataset().load(io.BytesIO(data.export("xlsx")), format="xlsx")
    resource = SignatureResource(campaign=campaign, options={"petition": petition.pk})
    result = resource.check(loaded)
    assert not result.has_validation_errors() and not result.has_errors()


def test_petitions_export_counts_only_for_every_role(campaign, observer, petition):
    Signature.objects.create(
        campaign=campaign,
        petition=petition,
        name="Ana Secretname",
        email="ana@example.org",
        email_hash=keyed_hash("ana@example.org"),
        source=Signature.Source.IMPORT,
    )
    PetitionCounter.recount(petition)
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "petitions"},
    )
    response = client_for(observer).get(url + "?format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    header, row = text.strip().lstrip("\ufeff").splitlines()
    assert header.startswith("id,title,status,goal,signatures,signatures_imported")
    assert row.startswith(f"{petition.pk},{petition.title},draft,200,1,1,")
    assert "Secretname" not in text and "ana@" not in text
    home = client_for(observer).get(
        reverse("exchange:campaign_home", kwargs={"campaign_slug": campaign.slug})
    )
    assert "Petitions (signature counts)" in home.content.decode()
