import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from targets.models import Arrangement, ImportRun, Jurisdiction
from tests.targets.conftest import COUNTIES, PARTICIPATING, needs_data

pytestmark = needs_data


def _upload(client, kind, path, **extra):
    return client.post(
        reverse("targets:import_list"),
        {"kind": kind, "file": SimpleUploadedFile(path.name, path.read_bytes()), **extra},
    )


def test_dry_run_then_confirm_applies_and_audits(coordinator, as_coordinator):
    response = _upload(as_coordinator, "census_counties", COUNTIES)
    run = ImportRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.preview["counts"]["created"] == 3290
    assert not Jurisdiction.objects.exists()
    page = as_coordinator.get(run.get_absolute_url()).text
    assert "Dry run: what the import would do" in page

    as_coordinator.post(reverse("targets:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert Jurisdiction.objects.counties().count() == 3234
    event = AuditEvent.objects.get(action="reference.import")
    assert event.actor == coordinator
    assert event.details["filename"] == "national_county.txt"
    assert event.details["created"] == 3290
    record = Jurisdiction.objects.get(fips="48203").history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "import national_county.txt"


def test_confirming_twice_applies_once(as_coordinator):
    _upload(as_coordinator, "census_counties", COUNTIES)
    run = ImportRun.objects.get()
    url = reverse("targets:import_confirm", args=[run.pk])
    as_coordinator.post(url)
    as_coordinator.post(url)
    assert AuditEvent.objects.filter(action="reference.import").count() == 1


def test_list_date_comes_from_the_file_name(as_coordinator):
    _upload(as_coordinator, "census_counties", COUNTIES)
    ImportRun.objects.get().delete()
    _upload(as_coordinator, "ice_287g_participating", PARTICIPATING)
    run = ImportRun.objects.get()
    assert run.as_of == datetime.date(2025, 7, 18)


def test_refused_rows_and_warnings_are_listed_with_row_numbers(as_coordinator):
    _upload(as_coordinator, "census_counties", COUNTIES)
    as_coordinator.post(reverse("targets:import_confirm", args=[ImportRun.objects.get().pk]))
    _upload(as_coordinator, "ice_287g_participating", PARTICIPATING)
    run = ImportRun.objects.latest("created_at")
    page = as_coordinator.get(run.get_absolute_url()).text
    assert "<td>639</td>" in page
    assert "5025-07-07" in page
    assert "“7/72025” is not a date" in page
    assert not Arrangement.objects.exists()


def test_discard_leaves_everything_as_it_was(as_coordinator):
    _upload(as_coordinator, "census_counties", COUNTIES)
    run = ImportRun.objects.get()
    as_coordinator.post(reverse("targets:import_confirm", args=[run.pk]), {"discard": "1"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not Jurisdiction.objects.exists()


def test_the_wrong_file_is_reported_not_crashed(as_coordinator):
    response = _upload(as_coordinator, "ice_facilities", COUNTIES)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    page = as_coordinator.get(response.url).text
    assert "cannot be read as a spreadsheet" in page


def test_volunteer_cannot_upload(as_volunteer):
    response = _upload(as_volunteer, "census_counties", COUNTIES)
    assert response.status_code == 403
    assert not ImportRun.objects.exists()
