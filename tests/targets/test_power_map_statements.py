"""Public statements: shared reference data that campaigns cite as evidence."""

import datetime

import pytest
from django.urls import reverse

from targets.models import PublicStatement
from tests.conftest import client_for
from tests.targets.factories import OfficialFactory, PublicStatementFactory


@pytest.fixture
def official(db):
    return OfficialFactory(name="Sheriff Laura Example")


def test_any_member_reads_the_statements(people, official):
    statement = PublicStatementFactory(
        official=official, office=official.office, quote="Holds keep us safe.", bearing="hurts"
    )
    for role in ("volunteer", "observer", "outsider"):
        client = client_for(people[role])
        page = client.get(reverse("targets:statement_list")).content.decode()
        assert "Holds keep us safe." in page
        detail = client.get(statement.get_absolute_url())
        assert detail.status_code == 200
        assert "Hurts: defends ICE holds or 287(g)" in detail.content.decode()


def test_the_list_filters_by_words_and_bearing(as_volunteer, official):
    PublicStatementFactory(quote="Immigration enforcement is ICE's job.", bearing="helps")
    PublicStatementFactory(quote="Someone will have blood on their hands.", bearing="hurts")
    page = as_volunteer.get(reverse("targets:statement_list"), {"bearing": "hurts"})
    assert "blood on their hands" in page.content.decode()
    assert "ICE&#x27;s job" not in page.content.decode()
    page = as_volunteer.get(reverse("targets:statement_list"), {"q": "enforcement"})
    assert "ICE&#x27;s job" in page.content.decode()
    assert "blood" not in page.content.decode()


def test_a_coordinator_adds_a_statement_and_its_history_is_kept(as_coordinator, official):
    response = as_coordinator.post(
        reverse("targets:statement_create"),
        {
            "quote": "The county has no authority to enforce civil immigration law.",
            "speaker_name": official.name,
            "speaker_title": "Sheriff",
            "official": official.pk,
            "office": official.office.pk,
            "said_on": "2026-03-04",
            "bearing": "helps",
            "source_title": "Example Gazette",
            "source_url": "https://news.example.org/sheriff",
        },
    )
    statement = PublicStatement.objects.get()
    assert response.status_code == 302 and response["Location"] == statement.get_absolute_url()
    response = as_coordinator.post(
        reverse("targets:statement_edit", kwargs={"statement_id": statement.pk}),
        {
            "quote": statement.quote,
            "speaker_name": official.name,
            "said_on": "2026-03-05",
            "bearing": "mixed",
            "source_url": statement.source_url,
            "change_reason": "date corrected from the paper",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.said_on == datetime.date(2026, 3, 5) and statement.bearing == "mixed"
    assert statement.history.count() == 2
    page = as_coordinator.get(statement.get_absolute_url()).content.decode()
    assert "date corrected from the paper" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": ""}, "This field is required"),
        ({"source_url": "not a link"}, "Enter a valid URL"),
        ({"said_on": "2999-01-01"}, "cannot be in the future"),
        ({"bearing": "neutral"}, "Select a valid choice"),
        ({"office": "{other_office}"}, "leave this empty or choose that office"),
    ],
)
def test_bad_statements_are_refused(as_coordinator, official, change, message):
    other_office = OfficialFactory().office
    data = {
        "quote": "We will not hold people for ICE.",
        "speaker_name": official.name,
        "official": official.pk,
        "said_on": "2026-03-04",
        "bearing": "helps",
        "source_url": "https://news.example.org/x",
    }
    data.update({k: v.format(other_office=other_office.pk) for k, v in change.items()})
    response = as_coordinator.post(reverse("targets:statement_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublicStatement.objects.exists()


def test_volunteers_and_observers_may_not_add_statements(people, official):
    for role in ("volunteer", "observer"):
        response = client_for(people[role]).post(
            reverse("targets:statement_create"),
            {"quote": "x", "speaker_name": "y", "said_on": "2026-01-01", "bearing": "helps"},
        )
        assert response.status_code == 403
    assert not PublicStatement.objects.exists()


def test_statements_ask_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("targets:statement_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_statement_is_not_found(as_volunteer):
    response = as_volunteer.get(reverse("targets:statement_detail", kwargs={"statement_id": 999}))
    assert response.status_code == 404
