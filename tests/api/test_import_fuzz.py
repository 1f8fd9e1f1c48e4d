"""Malformed import files: a clear report, no server error, nothing written.

Each file goes through the real upload → dry run path (the job runs immediately in tests) and
then, where the dry run let it, through confirm; the database's contacts stay as they were.
"""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Contact
from exchange.models import Job
from tests.coalition.factories import ContactFactory
from tests.conftest import client_for

HEADER = ["id", "name", "email", "phone", "notes", "languages"]


def _csv(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A real workbook whose first sheet is padded to inflate to about a gigabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx([["", "A", "a@example.org"]]))) as source:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for item in source.infolist():
                archive.writestr(item, source.read(item.filename))
            with archive.open("xl/worksheets/padding.xml", "w", force_zip64=True) as sheet:
                chunk = b"<row>" + b"0" * (1024 * 1024) + b"</row>"
                for _ in range(1024):
                    sheet.write(chunk)
    return buffer.getvalue()


def _million_rows() -> bytes:
    line = b",Person,p@example.org,,,en\n"
    return ",".join(HEADER).encode() + b"\n" + line * 1_000_000


FILES = {
    "latin-1 text in a CSV": ("contacts.csv", lambda: _csv([["", "José Niño", "jn@example.org"]],
                                                   encoding="latin-1")),
    "no name column": ("contacts.csv", lambda: _csv([["a@example.org"]], header=["email"])),
    "extra columns": ("contacts.csv", lambda: _csv(
        [["", "A", "a@example.org", "", "", "", "x", "y"]], header=[*HEADER, "surprise", "more"])),
    "no header at all": ("contacts.csv", lambda: b""),
    "a huge cell": ("contacts.csv", lambda: _csv([["", "A" * 2_000_000, "a@example.org"]])),
    "formula strings": ("contacts.csv", lambda: _csv([["", "=HYPERLINK(\"http://evil\",\"x\")",
                                               "+1@example.org", "-2", "@SUM(A1)", ""]])),
    "binary junk as CSV": ("contacts.csv", lambda: bytes(range(256)) * 100),
    "binary junk as XLSX": ("contacts.xlsx", lambda: b"PK\x03\x04" + bytes(range(256)) * 50),
    "binary junk as ODS": ("contacts.ods", lambda: b"\x00\xff" * 4000),
    "a zip bomb as XLSX": ("contacts.xlsx", _zip_bomb),
    "a million rows": ("contacts.csv", _million_rows),
    "an unknown type": ("contacts.pdf", lambda: b"%PDF-1.4"),
    "an XLSX with a bad row": ("contacts.xlsx", lambda: _xlsx(
        [["", "", "not-an-email", "", "", "zz"]])),
}  # fmt: skip


@pytest.mark.parametrize("label", list(FILES))
def test_a_malformed_file_gets_a_report_and_changes_nothing(
    label, campaign, lead, django_capture_on_commit_callbacks
):
    ContactFactory(campaign=campaign, name="Kept As Is", email="kept@example.org")
    before = list(Contact.objects.order_by("pk").values_list("pk", "name", "email_hash"))
    filename, make = FILES[label]
    content = make()  # built here, not at collection: the zip bomb takes a moment to write
    client = client_for(lead)
    url = reverse(
        "exchange:campaign_import", kwargs={"campaign_slug": campaign.slug, "resource": "contacts"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(filename, content)})
    assert response.status_code in (200, 302, 400, 413), response.status_code
    if response.status_code == 302:
        job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        page = client.get(response["Location"])
        assert page.status_code == 200
        if job.status == Job.Status.PREVIEWED and not job.report.get("counts", {}).get("refuse"):
            # A file the dry run accepted may be applied; the others must say why not.
            assert label in ("extra columns", "formula strings"), (label, job.report)
        else:
            assert job.status in (Job.Status.FAILED, Job.Status.PREVIEWED), job.status
            assert job.error or job.report.get("counts", {}).get("refuse"), job.report
    else:
        assert "error" in response.content.decode().lower() or response.status_code != 200
    after = list(Contact.objects.order_by("pk").values_list("pk", "name", "email_hash"))
    assert after == before
