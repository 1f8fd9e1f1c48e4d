"""Research questions with answers, sources and links to reference data; public-records
requests with their legal due date, reminders, response and documents."""

import datetime
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from actions.businessdays import add_business_days, business_days_between, is_business_day
from actions.catalogue import RESEARCH_QUESTIONS
from actions.models import (
    RecordsDocument,
    RecordsReminder,
    RecordsRequest,
    ResearchLink,
    ResearchQuestion,
)
from actions.services.research import send_records_reminders
from coalition.models import Membership
from tests.actions.factories import RecordsRequestFactory, ResearchQuestionFactory


def url(name, campaign, *args):
    return reverse(f"actions:{name}", args=[campaign.slug, *args])


# Business days


def test_business_days_skip_weekends_and_federal_holidays():
    # Sent on Friday 20 November 2026; Thanksgiving is Thursday the 26th.
    assert add_business_days(datetime.date(2026, 11, 20), 10) == datetime.date(2026, 12, 7)
    assert add_business_days(datetime.date(2026, 11, 20), 0) == datetime.date(2026, 11, 20)
    # Sent on a holiday (New Year's Day 2027, a Friday): the count starts on Monday.
    assert add_business_days(datetime.date(2027, 1, 1), 1) == datetime.date(2027, 1, 4)
    # Independence Day 2026 falls on a Saturday and is observed on Friday the 3rd.
    assert not is_business_day(datetime.date(2026, 7, 3))
    assert business_days_between(datetime.date(2026, 11, 20), datetime.date(2026, 12, 7)) == 10
    assert business_days_between(datetime.date(2026, 12, 7), datetime.date(2026, 11, 20)) == -10


# Questions


def test_the_toolkit_questions_appear_on_first_visit_once(as_observer, campaign):
    assert not ResearchQuestion.objects.for_campaign(campaign).exists()
    body = as_observer.get(url("research", campaign)).content.decode()
    as_observer.get(url("research", campaign))
    questions = ResearchQuestion.objects.for_campaign(campaign)
    assert questions.count() == len(RESEARCH_QUESTIONS) == 9
    assert "Which jail is" not in body  # our own words, not the toolkit's
    assert "Where do most people arrested here end up" in body


def test_answering_a_question(as_coordinator, campaign):
    question = ResearchQuestionFactory(campaign=campaign)
    response = as_coordinator.post(
        url("question_edit", campaign, question.pk),
        {
            "question": question.question,
            "answer": "  The county jail.  ",
            "sources": "https://example.gov/budget.pdf\nUndersheriff, 3 March",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "The county jail."
    assert question.answered_on is not None
    body = as_coordinator.get(url("question_detail", campaign, question.pk)).content.decode()
    assert 'href="https://example.gov/budget.pdf"' in body
    assert "Undersheriff, 3 March" in body


def test_a_question_needs_words(as_coordinator, campaign):
    response = as_coordinator.post(url("question_create", campaign), {"question": "   "})
    assert response.status_code == 400
    assert not ResearchQuestion.objects.for_campaign(campaign).filter(key="").exists()


def test_linking_reference_data_from_the_place(as_coordinator, campaign, plan, place):
    question = ResearchQuestionFactory(campaign=campaign)
    target = url("link_create", campaign, question.pk)
    response = as_coordinator.post(
        target, {"facility": place["jail"].pk, "note": "Where most end up"}
    )
    assert response.status_code == 302
    link = ResearchLink.objects.for_campaign(campaign).get()
    assert link.target == place["jail"]
    body = as_coordinator.get(url("question_detail", campaign, question.pk)).content.decode()
    assert "Example County Jail" in body
    # Two things at once, nothing, or something from elsewhere: refused.
    from tests.targets.factories import FacilityFactory

    for data in (
        {"facility": place["jail"].pk, "office": place["sheriff"].pk},
        {},
        {"facility": FacilityFactory().pk},
    ):
        assert as_coordinator.post(target, data).status_code == 400, data
    assert ResearchLink.objects.count() == 1


def test_volunteers_cannot_answer(as_volunteer, campaign):
    question = ResearchQuestionFactory(campaign=campaign)
    assert as_volunteer.get(url("question_detail", campaign, question.pk)).status_code == 200
    response = as_volunteer.post(url("question_edit", campaign, question.pk), {"answer": "x"})
    assert response.status_code == 403


def test_the_toolkit_questions_cannot_be_deleted(as_coordinator, campaign):
    as_coordinator.get(url("research", campaign))
    question = ResearchQuestion.objects.for_campaign(campaign).first()
    as_coordinator.post(url("question_delete", campaign, question.pk))
    assert ResearchQuestion.objects.filter(pk=question.pk).exists()
    own = ResearchQuestionFactory(campaign=campaign)
    as_coordinator.post(url("question_delete", campaign, own.pk))
    assert not ResearchQuestion.objects.filter(pk=own.pk).exists()


# Public-records requests


def test_tracking_a_records_request_computes_its_legal_due_date(
    as_coordinator, campaign, plan, place
):
    response = as_coordinator.post(
        url("records_create", campaign),
        {
            "subject": "ICE hold requests received in 2025",
            "office": place["sheriff"].pk,
            "sent_on": "2026-11-20",
            "response_days": "10",
            "status": "sent",
        },
    )
    assert response.status_code == 302
    request = RecordsRequest.objects.for_campaign(campaign).get()
    assert request.due_on == datetime.date(2026, 12, 7)
    assert request.agency == place["sheriff"].name
    # An extension moves the deadline that counts.
    response = as_coordinator.post(
        url("records_edit", campaign, request.pk),
        {
            "subject": request.subject,
            "office": place["sheriff"].pk,
            "sent_on": "2026-11-20",
            "response_days": "10",
            "status": "extended",
            "extended_to": "2026-12-21",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.deadline == datetime.date(2026, 12, 21)
    assert request.due_on == datetime.date(2026, 12, 7)


def test_bad_records_requests_are_refused(as_coordinator, campaign):
    for data in (
        {"subject": "No agency", "status": "draft"},
        {"subject": "Sent without a date", "agency_name": "Clerk", "status": "sent"},
        {
            "subject": "Too many days",
            "agency_name": "Clerk",
            "status": "draft",
            "response_days": "999",
        },
        {
            "subject": "Answered first",
            "agency_name": "Clerk",
            "status": "fulfilled",
            "sent_on": "2026-03-10",
            "responded_on": "2026-03-01",
        },
    ):
        response = as_coordinator.post(url("records_create", campaign), data)
        assert response.status_code == 400, data
    assert not RecordsRequest.objects.exists()


def test_documents_received_are_uploaded_and_downloaded(
    as_coordinator, as_observer, campaign, media
):
    request = RecordsRequestFactory(campaign=campaign)
    upload = SimpleUploadedFile("booking log.pdf", b"%PDF-1.4 released records", "application/pdf")
    response = as_coordinator.post(
        url("document_upload", campaign, request.pk),
        {"file": upload, "title": "Booking log", "received_on": "2026-03-20"},
    )
    assert response.status_code == 302
    document = RecordsDocument.objects.for_campaign(campaign).get()
    assert document.file.name.startswith(f"records/{campaign.slug}/")
    assert document.filename == "booking_log.pdf"
    assert (media / document.file.name).exists()
    download = as_observer.get(url("records_document", campaign, document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 released records"
    assert as_coordinator.post(url("document_delete", campaign, document.pk)).status_code == 302
    assert not (media / document.file.name).exists()


def test_unsafe_uploads_are_refused(as_coordinator, campaign, media):
    request = RecordsRequestFactory(campaign=campaign)
    upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", "text/html")
    response = as_coordinator.post(
        url("document_upload", campaign, request.pk),
        {"file": upload, "received_on": "2026-03-20"},
    )
    assert response.status_code == 400
    assert not RecordsDocument.objects.exists()


def test_another_campaigns_document_is_not_found(as_coordinator, campaign, other_campaign, media):
    from tests.actions.factories import sample_document

    theirs = sample_document(other_campaign, RecordsRequestFactory(campaign=other_campaign))
    assert as_coordinator.get(url("records_document", campaign, theirs.pk)).status_code == 404


# Reminders


def test_reminders_go_to_the_owner_once_a_day(campaign, coordinator, lead):
    owner = Membership.objects.get(campaign=campaign, user=coordinator)
    due = RecordsRequestFactory(campaign=campaign, owner=owner, sent_on=datetime.date(2026, 3, 2))
    assert due.due_on == datetime.date(2026, 3, 16)
    RecordsRequestFactory(
        campaign=campaign,
        owner=owner,
        status=RecordsRequest.Status.FULFILLED,
        sent_on=datetime.date(2026, 3, 2),
    )
    RecordsRequestFactory(campaign=campaign, owner=owner, sent_on=datetime.date(2026, 3, 12))
    assert send_records_reminders(today=datetime.date(2026, 3, 13), days_ahead=2) == 0
    sent = send_records_reminders(today=datetime.date(2026, 3, 14), days_ahead=2)
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert due.subject in message.body
    assert "Due soon" in message.body
    assert send_records_reminders(today=datetime.date(2026, 3, 14), days_ahead=2) == 0
    assert len(mail.outbox) == 1
    assert RecordsReminder.objects.filter(request=due).count() == 1
    # Overdue the next week, mentioned again (once that day).
    send_records_reminders(today=datetime.date(2026, 3, 20), days_ahead=2)
    assert "Overdue" in mail.outbox[-1].body


def test_without_an_owner_the_leads_and_coordinators_are_reminded(campaign, people):
    RecordsRequestFactory(campaign=campaign, sent_on=datetime.date(2026, 3, 2))
    out = io.StringIO()
    call_command("send_records_reminders", "--today", "2026-03-20", stdout=out)
    assert "Reminder emails sent: 2" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "lead@example.org"]
    out = io.StringIO()
    call_command("send_records_reminders", "--today", "2026-03-20", stdout=out)
    assert "Reminder emails sent: 0" in out.getvalue()
