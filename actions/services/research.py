"""Research questions, public-records requests and their documents and reminders."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from actions.catalogue import RESEARCH_QUESTIONS
from actions.models import RecordsDocument, RecordsReminder, RecordsRequest, ResearchQuestion
from coalition.models import Campaign, Membership
from coalition.permissions import POLICY, Action
from core import audit


def ensure_research_questions(campaign: Campaign) -> int:
    """Give the campaign the toolkit's questions it does not have yet (idempotent)."""
    have = set(
        ResearchQuestion.objects.for_campaign(campaign)
        .exclude(key="")
        .values_list("key", flat=True)
    )
    missing = [q for q in RESEARCH_QUESTIONS if q["key"] not in have]
    if not missing:
        return 0
    positions = {q["key"]: i for i, q in enumerate(RESEARCH_QUESTIONS, start=1)}
    try:
        with transaction.atomic():
            ResearchQuestion.objects.bulk_create(
                [
                    ResearchQuestion(
                        campaign=campaign,
                        key=q["key"],
                        question=q["question"],
                        hint=q["hint"],
                        position=positions[q["key"]],
                    )
                    for q in missing
                ]
            )
    except IntegrityError:
        return 0  # another request seeded them at the same moment
    return len(missing)


def question_add(*, campaign: Campaign, question: str, hint: str = "") -> ResearchQuestion:
    last = ResearchQuestion.objects.for_campaign(campaign).aggregate(m=Max("position"))["m"] or 0
    return ResearchQuestion.objects.create(
        campaign=campaign, question=question.strip(), hint=hint, position=max(last, 100) + 1
    )


def question_save(*, question: ResearchQuestion, changed: list[str]) -> ResearchQuestion:
    if "answer" in changed and question.is_answered and not question.answered_on:
        question.answered_on = timezone.localdate()
    if not question.is_answered:
        question.answered_on = None
    question.save()
    return question


def records_save(*, records_request: RecordsRequest) -> RecordsRequest:
    """Save a request with its legal due date recomputed from the date sent and the days."""
    records_request.due_on = records_request.computed_due_on()
    records_request.save()
    return records_request


MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def document_add(
    *,
    records_request: RecordsRequest,
    file: UploadedFile,
    title: str,
    received_on: datetime.date,
    request: HttpRequest,
) -> RecordsDocument:
    document = RecordsDocument(
        campaign=records_request.campaign,
        request=records_request,
        title=title,
        received_on=received_on,
        size=file.size or 0,
        uploaded_by=request.user,
    )
    document.file.save(file.name, file, save=False)
    document.save()
    audit.record(
        action="records.document_added",
        request=request,
        campaign=records_request.campaign,
        objects=[records_request, document],
        size=document.size,
    )
    return document


def document_delete(*, document: RecordsDocument, request: HttpRequest) -> None:
    name = document.file.name
    request_obj = document.request
    document.delete()
    if name:
        document.file.storage.delete(name)
    audit.record(
        action="records.document_deleted",
        request=request,
        campaign=request_obj.campaign,
        objects=[request_obj],
    )


def reminder_candidates(today: datetime.date, days_ahead: int) -> list[RecordsRequest]:
    """Requests still waiting whose deadline is within `days_ahead` days or already passed."""
    horizon = today + datetime.timedelta(days=days_ahead)
    waiting = (
        RecordsRequest.objects.awaiting()
        .exclude(reminders__sent_on=today)
        .select_related("campaign", "office", "owner__user")
    )
    return [r for r in waiting if r.deadline is not None and r.deadline <= horizon]


def _recipients(records_request: RecordsRequest, editors: dict[int, list]) -> list:
    if records_request.owner_id and records_request.owner.user.is_active:
        return [records_request.owner.user]
    return editors.get(records_request.campaign_id, [])


def send_records_reminders(
    *, today: datetime.date | None = None, days_ahead: int = 2, base_url: str = ""
) -> int:
    """Email about public-records requests due soon or overdue; returns the emails sent.

    Idempotent per day: a request is mentioned at most once a day (RecordsReminder's unique
    constraint stops a second run, even a concurrent one)."""
    today = today or timezone.localdate()
    candidates = reminder_candidates(today, days_ahead)
    if not candidates:
        return 0
    editors: dict[int, list] = defaultdict(list)
    for membership in Membership.objects.filter(
        campaign__in={r.campaign_id for r in candidates}, role__in=POLICY[Action.EDIT]
    ).select_related("user"):
        if membership.user.is_active:
            editors[membership.campaign_id].append(membership.user)
    by_person: dict[tuple[int, int], list[RecordsRequest]] = defaultdict(list)
    people = {}
    for records_request in candidates:
        for user in _recipients(records_request, editors):
            by_person[(user.pk, records_request.campaign_id)].append(records_request)
            people[user.pk] = user
    reminded: set[int] = set()
    for records_request in candidates:
        try:
            with transaction.atomic():
                RecordsReminder.objects.create(
                    request=records_request,
                    sent_on=today,
                    recipients=len(_recipients(records_request, editors)),
                )
        except IntegrityError:
            continue  # another run reminded about it today
        reminded.add(records_request.pk)
    sent = 0
    for (user_pk, _campaign), requests in by_person.items():
        requests = [r for r in requests if r.pk in reminded]
        if not requests:
            continue
        _send(people[user_pk], requests, today, base_url)
        audit.record(
            action="records.reminder_sent",
            campaign=requests[0].campaign,
            objects=requests,
            to=user_pk,
            count=len(requests),
        )
        sent += 1
    return sent


def _send(user, requests: list[RecordsRequest], today: datetime.date, base_url: str) -> None:
    context = {
        "user": user,
        "campaign": requests[0].campaign,
        "overdue": [r for r in requests if r.deadline < today],
        "due_soon": [r for r in requests if r.deadline >= today],
        "count": len(requests),
        "today": today,
        "base_url": base_url.rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("actions/email/records_reminder_subject.txt", context)
        body = render_to_string("actions/email/records_reminder_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
