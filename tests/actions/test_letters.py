"""Letters to officials: the template's merge fields, the public page and its form, the outbox
that sends each letter with retries, printed packets, and who may see what."""

import datetime
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from actions.models import Letter, LetterCampaign, OutboxMessage, OutboxStatus, PublicStatus
from actions.services import letters as service
from actions.services.letters import (
    BACKOFF,
    MAX_ATTEMPTS,
    LetterRefused,
    letter_send,
    merge,
    send_due,
    template_errors,
)
from core.models import AuditEvent
from tests.targets.factories import OfficeFactory, OfficialFactory

BODY = (
    "Dear {recipient_position} {recipient_name},\n\n"
    "Please stop holding people for ICE.\n\n"
    "{sender_name}\n{sender_place}"
)


def url(name, campaign, *args):
    return reverse(f"letters:{name}", args=[campaign.slug, *args])


def public_url(letter_campaign, language="en"):
    with translation.override(language):
        return reverse("public:letter", kwargs={"slug": letter_campaign.slug})


@pytest.fixture
def officials(place):
    return [
        OfficialFactory(
            office=place["sheriff"],
            name="Ana Ruiz",
            title="Sheriff",
            email="sheriff@example.gov",
        ),
        OfficialFactory(
            office=place["board"],
            name="Ben Cho",
            title="Supervisor",
            email="cho@example.gov",
        ),
    ]


def make_letter_campaign(campaign, officials, **fields):
    values = {
        "campaign": campaign,
        "slug": f"write-{campaign.slug}",
        "title": "Write to the Sheriff and the Board",
        "text": "Ask them to end the 287(g) agreement.",
        "subject": "Stop ICE holds, {recipient_position} {recipient_name}",
        "body": BODY,
        "status": PublicStatus.OPEN,
        **fields,
    }
    letter_campaign = LetterCampaign.objects.create(**values)
    letter_campaign.recipients.set(officials)
    return letter_campaign


@pytest.fixture
def letter_campaign(campaign, officials):
    return make_letter_campaign(
        campaign,
        officials,
        body_es="Estimado/a {recipient_name}:\n\n"
        "Dejen de retener a personas para ICE.\n\n{sender_name}",
    )


SENDER = {"name": "María López", "email": "maria@example.org", "place": "Example City"}


def send(client, letter_campaign, data=None, language="en", **headers):
    data = SENDER if data is None else data
    return client.post(public_url(letter_campaign, language), data, **headers)


# Merge fields ---------------------------------------------------------------------------------


def test_merge_fills_the_four_fields():
    text = merge(
        BODY,
        {
            "recipient_position": "Sheriff",
            "recipient_name": "Ana Ruiz",
            "sender_name": "María López",
            "sender_place": "Example City",
        },
    )
    assert text == (
        "Dear Sheriff Ana Ruiz,\n\nPlease stop holding people for ICE.\n\nMaría López\nExample City"
    )


def test_an_empty_position_takes_its_space_along():
    assert merge("Dear {recipient_position} {recipient_name},", {"recipient_name": "Ana"}) == (
        "Dear Ana,"
    )


def test_double_braces_write_a_brace():
    assert merge("{{sender_name}} is {sender_name}", {"sender_name": "Ana"}) == (
        "{sender_name} is Ana"
    )


def test_what_a_sender_types_is_never_merged_again():
    values = {"sender_name": "{recipient_name} {0.__class__}", "recipient_name": "Ana"}
    assert merge("{sender_name}", values) == "{recipient_name} {0.__class__}"


@pytest.mark.parametrize(
    "template",
    [
        "{sender_name.__class__}",
        "{sender_name.__init__.__globals__}",
        "{recipient_name[0]}",
        "{0}",
        "{}",
        "{recipient_name!r}",
        "{recipient_name:>40}",
        "{your_name}",
        "{ sender_name }",
    ],
)
def test_unknown_fields_are_refused_with_the_list_of_fields(template):
    errors = template_errors(f"Dear {template},")
    assert len(errors) == 1
    assert "is not a merge field" in errors[0]
    assert "{recipient_name}" in errors[0] and "{sender_place}" in errors[0]
    # And merging an old template never interprets it.
    assert merge(template, {"sender_name": "Ana", "recipient_name": "Ana"}) == template


@pytest.mark.parametrize("template", ["Dear {recipient_name", "Dear recipient_name}", "a { b"])
def test_lone_braces_are_refused(template):
    errors = template_errors(template)
    assert errors and "lone" in errors[0]


def test_a_good_template_has_no_errors():
    assert template_errors(BODY) == []
    assert template_errors("Braces {{like this}} are fine") == []


# Writing the letter (the campaign's pages) ------------------------------------------------------


def _letter_form(officials, **overrides):
    data = {
        "title": "Write to the Sheriff",
        "slug": "write-the-sheriff",
        "text": "Ask the Sheriff to stop.",
        "subject": "Stop ICE holds",
        "body": BODY,
        "recipients": [o.pk for o in officials],
    }
    data.update(overrides)
    return data


def test_a_coordinator_writes_a_letter_as_a_draft(as_coordinator, campaign, plan, officials):
    response = as_coordinator.post(url("create", campaign), _letter_form(officials))
    assert response.status_code == 302
    letter_campaign = LetterCampaign.objects.for_campaign(campaign).get()
    assert letter_campaign.status == PublicStatus.DRAFT
    assert set(letter_campaign.recipients.all()) == set(officials)
    page = as_coordinator.get(response["Location"]).content.decode()
    # One preview per recipient, the sender's fields as placeholders.
    assert "Dear Sheriff Ana Ruiz," in page
    assert "Dear Supervisor Ben Cho," in page
    assert page.count("[your name]") == 2


def test_the_form_offers_the_officials_of_the_campaigns_place(
    as_coordinator, campaign, plan, officials
):
    elsewhere = OfficialFactory(name="Far Away", office=OfficeFactory())
    page = as_coordinator.get(url("create", campaign)).content.decode()
    assert "Ana Ruiz" in page and "Ben Cho" in page
    assert "Far Away" not in page
    assert elsewhere.pk
    # A new letter starts from a template that uses the merge fields.
    assert "Dear {recipient_position} {recipient_name}," in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Dear {recipient_title},", "“{recipient_title}” is not a merge field"),
        ("Dear {sender_name.__class__.__mro__},", "is not a merge field"),
        ("Dear {recipient_name,", "lone"),
    ],
)
def test_a_template_with_bad_fields_is_refused_on_save(
    as_coordinator, campaign, plan, officials, body, message
):
    response = as_coordinator.post(url("create", campaign), _letter_form(officials, body=body))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LetterCampaign.objects.for_campaign(campaign).exists()


def test_a_bad_field_in_the_spanish_subject_is_refused(as_coordinator, campaign, plan, officials):
    response = as_coordinator.post(
        url("create", campaign), _letter_form(officials, subject_es="Hola {nombre}")
    )
    assert response.status_code == 400
    assert "“{nombre}” is not a merge field" in response.content.decode()


def test_the_service_refuses_a_bad_template_from_any_path(campaign, officials):
    from django.core.exceptions import ValidationError

    bad = LetterCampaign(
        campaign=campaign, slug="bad", title="Bad", text="x", subject="s", body="{oops}"
    )
    with pytest.raises(ValidationError):
        service.letter_campaign_save(letter_campaign=bad, recipients=officials)
    assert not LetterCampaign.objects.filter(slug="bad").exists()


def test_a_letter_needs_recipients(as_coordinator, campaign, plan, officials):
    response = as_coordinator.post(url("create", campaign), _letter_form([]))
    assert response.status_code == 400
    assert "Choose at least one official" in response.content.decode()


def test_only_the_lead_opens_the_letter_to_the_public(as_lead, as_coordinator, campaign, officials):
    letter_campaign = make_letter_campaign(campaign, officials, status=PublicStatus.DRAFT)
    assert (
        as_coordinator.post(
            url("status", campaign, letter_campaign.pk), {"status": "open"}
        ).status_code
        == 403
    )
    response = as_lead.post(url("status", campaign, letter_campaign.pk), {"status": "open"})
    assert response.status_code == 302
    letter_campaign.refresh_from_db()
    assert letter_campaign.status == PublicStatus.OPEN
    assert AuditEvent.objects.filter(action="letter_campaign.status").exists()


def test_a_letter_without_recipients_cannot_open(as_lead, campaign):
    letter_campaign = make_letter_campaign(campaign, [], status=PublicStatus.DRAFT)
    response = as_lead.post(url("status", campaign, letter_campaign.pk), {"status": "open"})
    assert response.status_code == 400
    letter_campaign.refresh_from_db()
    assert letter_campaign.status == PublicStatus.DRAFT


# The public page ------------------------------------------------------------------------------


def test_the_public_page_shows_each_recipients_letter(client, letter_campaign):
    response = client.get(public_url(letter_campaign))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dear Sheriff Ana Ruiz," in page
    assert "Dear Supervisor Ben Cho," in page
    assert page.count("[your name]") == 2
    assert page.count("[your town or postal code]") == 2
    assert "Stop ICE holds, Sheriff Ana Ruiz" in page
    assert 'class="hp-field" aria-hidden="true"' in page
    assert "0</span> letters sent so far" in page
    assert "public" in response["Cache-Control"]


def test_the_spanish_page_shows_the_spanish_letter(client, letter_campaign):
    response = client.get(public_url(letter_campaign, "es"))
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Estimado/a Ana Ruiz:" in page
    assert "Dejen de retener a personas para ICE." in page


def test_a_draft_has_no_public_page(client, campaign, officials):
    draft = make_letter_campaign(campaign, officials, status=PublicStatus.DRAFT)
    assert client.get(public_url(draft)).status_code == 404
    assert send(client, draft).status_code == 404
    assert not Letter.objects.exists()


def test_sending_the_letter_to_two_officials(
    client, letter_campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, letter_campaign, {**SENDER, "wants_updates": "on"})
    assert response.status_code == 302
    assert response["Location"] == f"{public_url(letter_campaign)}?sent=1"
    letter = Letter.objects.for_campaign(letter_campaign.campaign).get()
    assert (letter.sender_name, letter.sender_email, letter.sender_place) == (
        "María López",
        "maria@example.org",
        "Example City",
    )
    assert letter.wants_updates and letter.language == "en"
    messages = {m.recipient.name: m for m in letter.messages.all()}
    assert set(messages) == {"Ana Ruiz", "Ben Cho"}
    assert messages["Ana Ruiz"].body == (
        "Dear Sheriff Ana Ruiz,\n\nPlease stop holding people for ICE.\n\nMaría López\nExample City"
    )
    assert messages["Ben Cho"].subject == "Stop ICE holds, Supervisor Ben Cho"
    # The task ran once the letter was committed: both went out through Django's email backend.
    assert {m.status for m in messages.values()} == {OutboxStatus.SENT}
    assert {m.attempts for m in messages.values()} == {1}
    assert sorted(e.to[0] for e in mail.outbox) == ["cho@example.gov", "sheriff@example.gov"]
    assert any("Dear Sheriff Ana Ruiz," in e.body for e in mail.outbox)
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you!" in thanks
    assert "1</span> letter sent so far" in thanks


def test_the_public_page_never_shows_who_wrote(client, letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    page = client.get(public_url(letter_campaign)).content.decode()
    assert "María" not in page and "maria@example.org" not in page
    assert "1</span> letter sent so far" in page


def test_a_spanish_sender_sends_the_spanish_letter(client, letter_campaign):
    assert send(client, letter_campaign, language="es").status_code == 302
    letter = Letter.objects.get()
    assert letter.language == "es"
    bodies = [m.body for m in letter.messages.all()]
    assert all(body.startswith("Estimado/a") for body in bodies)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "Please enter your name"),
        ({**SENDER, "name": "  "}, "name", "Please enter your name"),
        ({**SENDER, "email": ""}, "email", "Please enter your email address."),
        ({**SENDER, "email": "not-an-address"}, "email", "like name@example.org"),
        ({**SENDER, "place": ""}, "place", "Please enter your town or postal code"),
        ({**SENDER, "name": "x" * 101}, "name", "at most 100 characters"),
        ({**SENDER, "place": "y" * 101}, "place", "at most 100 characters"),
        ({**SENDER, "email": "a" * 250 + "@example.org"}, "email", "at most 254 characters"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(
    client, letter_campaign, data, field, message
):
    response = send(client, letter_campaign, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your letter was not sent yet" in page
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Letter.objects.exists() and not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, letter_campaign):
    response = send(client, letter_campaign, {**SENDER, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1")
    assert not Letter.objects.exists() and not OutboxMessage.objects.exists()


def test_too_many_letters_from_one_address_get_429(client, letter_campaign, settings):
    settings.PUBLIC_FORM_RATE = 2
    for _ in range(2):
        assert send(client, letter_campaign, {}).status_code == 400
    response = send(client, letter_campaign, SENDER)
    assert response.status_code == 429
    assert "Too many forms" in response.content.decode()
    assert response["Retry-After"]
    assert not Letter.objects.exists()


def test_a_post_from_another_site_is_refused(client, letter_campaign):
    response = send(client, letter_campaign, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_a_second_letter_from_the_same_address_is_refused(
    client, letter_campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, letter_campaign).status_code == 302
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        again = send(
            client, letter_campaign, {**SENDER, "name": "M. López", "email": " MARIA@example.org "}
        )
    assert again.status_code == 400
    assert "already been sent to these officials" in again.content.decode()
    assert Letter.objects.count() == 1
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_same_address_may_write_in_another_letter_campaign(campaign, officials):
    first = make_letter_campaign(campaign, officials, slug="first")
    second = make_letter_campaign(campaign, officials, slug="second")
    letter_send(letter_campaign=first, **SENDER)
    letter_send(letter_campaign=second, **SENDER)
    with pytest.raises(LetterRefused):
        letter_send(letter_campaign=second, **SENDER)
    assert Letter.objects.count() == 2


def test_a_closed_letter_takes_no_more_senders(client, campaign, officials):
    closed = make_letter_campaign(campaign, officials, status=PublicStatus.CLOSED)
    page = client.get(public_url(closed)).content.decode()
    assert "This letter is closed" in page and "<form" not in page
    assert send(client, closed).status_code == 410
    assert not Letter.objects.exists()


def test_sender_data_and_merged_letters_are_encrypted_at_rest(letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sender_name, sender_email, sender_place FROM actions_letter")
        letter_row = cursor.fetchone()
        cursor.execute("SELECT subject, body FROM actions_outboxmessage")
        message_rows = cursor.fetchall()
    stored = " ".join(str(v) for v in [*letter_row, *[v for row in message_rows for v in row]])
    for secret in ("María", "maria@example.org", "Example City", "Please stop holding"):
        assert secret not in stored
    assert len(message_rows) == 2


# The outbox ----------------------------------------------------------------------------------


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens: an SMTP server that is down."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def smtp_down(settings, closed_port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }


def _locmem(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_the_outbox_sends_through_the_email_backend(letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    assert send_due() == {"sent": 2, "failed": 0, "gave_up": 0}
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT)
    assert sent.count() == 2
    assert all(m.sent_at and m.attempts == 1 and m.next_attempt_at is None for m in sent)
    assert send_due() == {"sent": 0, "failed": 0, "gave_up": 0}
    assert len(mail.outbox) == 2


def test_a_failing_server_is_retried_with_backoff_then_given_up(
    letter_campaign, officials, smtp_down, settings
):
    letter_campaign.recipients.set(officials[:1])
    letter_send(letter_campaign=letter_campaign, **SENDER)
    message = OutboxMessage.objects.get()
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS):
        counts = send_due(now=now)
        assert counts == {"sent": 0, "failed": 1, "gave_up": 0}
        message.refresh_from_db()
        assert message.status == OutboxStatus.FAILED
        assert message.attempts == attempt
        assert message.next_attempt_at == now + BACKOFF[attempt - 1]
        assert "Error" in message.last_error  # e.g. ConnectionRefusedError: [Errno 111] …
        # Not due before its time.
        assert send_due(now=message.next_attempt_at - datetime.timedelta(seconds=1)) == {
            "sent": 0,
            "failed": 0,
            "gave_up": 0,
        }
        now = message.next_attempt_at
    assert send_due(now=now) == {"sent": 0, "failed": 0, "gave_up": 1}
    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert send_due(now=now + datetime.timedelta(days=30))["gave_up"] == 0

    # The server is back: "retry now" gives it one more attempt, which goes through.
    _locmem(settings)
    assert service.outbox_retry(letter_campaign=letter_campaign) == 1
    assert send_due() == {"sent": 1, "failed": 0, "gave_up": 0}
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == MAX_ATTEMPTS + 1
    assert message.last_error == ""
    assert len(mail.outbox) == 1


def test_a_claimed_message_is_not_sent_by_a_second_worker(letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    now = timezone.now()
    first = service._claim(now, 10)
    second = service._claim(now, 10)
    assert len(first) == 2
    assert second == []
    # A worker that died mid-send leaves the message due again once its lease is over.
    assert sorted(service._claim(now + service.LEASE, 10)) == sorted(first)


def test_retry_now_leaves_a_message_a_worker_is_sending_alone(letter_campaign, smtp_down):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    send_due()
    assert OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count() == 2
    later = timezone.now() + BACKOFF[0]
    in_flight = service._claim(later, 1)  # a worker has one of them in hand
    assert len(in_flight) == 1
    leased = OutboxMessage.objects.get(pk=in_flight[0])
    assert leased.status == OutboxStatus.QUEUED
    assert service.outbox_retry(letter_campaign=letter_campaign) == 1
    leased.refresh_from_db()
    assert leased.next_attempt_at == later + service.LEASE  # still the worker's


def test_letters_stuck_in_the_queue_are_sent_from_the_outbox_page(
    as_coordinator, campaign, letter_campaign, django_capture_on_commit_callbacks
):
    letter_send(letter_campaign=letter_campaign, **SENDER)  # no worker ran (no commit)
    page = as_coordinator.get(url("outbox", campaign, letter_campaign.pk)).content.decode()
    assert "Send every waiting or failed letter now" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(url("retry", campaign, letter_campaign.pk))
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
    assert len(mail.outbox) == 2


def test_the_send_letters_command_sends_what_is_due(letter_campaign):
    import io

    letter_send(letter_campaign=letter_campaign, **SENDER)
    out = io.StringIO()
    call_command("send_letters", stdout=out)
    assert "Sent 2, will retry 0, gave up on 0." in out.getvalue()
    assert len(mail.outbox) == 2


def test_retry_now_from_the_outbox_page(
    as_coordinator,
    campaign,
    letter_campaign,
    smtp_down,
    settings,
    django_capture_on_commit_callbacks,
):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    send_due()
    failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED)
    assert failed.count() == 2
    page = as_coordinator.get(url("outbox", campaign, letter_campaign.pk)).content.decode()
    assert "Retry now" in page and "Failed, will retry" in page
    _locmem(settings)
    one = failed.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(
            url("retry", campaign, letter_campaign.pk), {"message": [one.pk]}
        )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == OutboxStatus.SENT
    assert OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(url("retry", campaign, letter_campaign.pk))
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2


def test_the_outbox_page_shows_merged_letters_to_editors_and_records_the_read(
    as_lead, campaign, letter_campaign
):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    response = as_lead.get(url("outbox", campaign, letter_campaign.pk))
    page = response.content.decode()
    assert page.count('data-status="queued"') == 2
    assert "María López" in page
    assert "Dear Sheriff Ana Ruiz," in page and "Dear Supervisor Ben Cho," in page
    event = AuditEvent.objects.get(action="letter.read")
    assert event.details["where"] == "outbox" and event.details["count"] == 1


def test_volunteers_see_counts_but_not_senders(as_volunteer, campaign, letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    page = as_volunteer.get(url("detail", campaign, letter_campaign.pk)).content.decode()
    assert "1 letter sent" in page
    assert "María" not in page
    assert as_volunteer.get(url("outbox", campaign, letter_campaign.pk)).status_code == 403


def _outbox_queries(client, campaign, letter_campaign) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("outbox", campaign, letter_campaign.pk)).status_code == 200
    return len(queries)


def test_the_outbox_page_reads_a_fixed_number_of_queries(as_lead, campaign, letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    few = _outbox_queries(as_lead, campaign, letter_campaign)
    for n in range(8):
        letter_send(
            letter_campaign=letter_campaign,
            name=f"Sender {n}",
            email=f"sender{n}@example.org",
            place="Example City",
        )
    assert _outbox_queries(as_lead, campaign, letter_campaign) == few


# Printed for hand delivery --------------------------------------------------------------------


@pytest.fixture
def no_email_official(place):
    place["board"].email = ""
    place["board"].save()
    return OfficialFactory(office=place["board"], name="Dee Paper", title="Chair", email="")


def test_a_recipient_without_an_address_gets_a_printed_packet(
    as_coordinator, campaign, officials, no_email_official
):
    letter_campaign = make_letter_campaign(campaign, [officials[0], no_email_official])
    letter_send(letter_campaign=letter_campaign, **SENDER)
    letter_send(
        letter_campaign=letter_campaign, name="Otto Other", email="o@example.org", place="Town"
    )
    assert OutboxMessage.objects.filter(status=OutboxStatus.PRINT).count() == 2
    assert send_due()["sent"] == 2  # only the emailed ones
    detail = as_coordinator.get(url("detail", campaign, letter_campaign.pk)).content.decode()
    assert "2 letters to print" in detail
    packet_url = url("packet", campaign, letter_campaign.pk, no_email_official.pk)
    page = as_coordinator.get(packet_url).content.decode()
    assert "Letters to Dee Paper" in page
    assert "Dear Chair Dee Paper," in page
    assert "María López" in page and "Otto Other" in page
    assert "Ana Ruiz" not in page
    ids = list(OutboxMessage.objects.filter(status=OutboxStatus.PRINT).values_list("pk", flat=True))
    response = as_coordinator.post(
        url("handed", campaign, letter_campaign.pk, no_email_official.pk), {"message": ids}
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(status=OutboxStatus.HANDED).count() == 2
    assert (
        OutboxMessage.objects.filter(status=OutboxStatus.HANDED, sent_at__isnull=True).count() == 0
    )


def test_the_packet_as_pdf_or_the_printable_page(
    as_coordinator, campaign, officials, no_email_official
):
    letter_campaign = make_letter_campaign(campaign, [no_email_official])
    letter_send(letter_campaign=letter_campaign, **SENDER)
    response = as_coordinator.get(
        url("packet", campaign, letter_campaign.pk, no_email_official.pk) + "?format=pdf"
    )
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        assert response.content.startswith(b"%PDF")
        assert response["Cache-Control"] == "no-store"
    else:  # no Pango on this server: the printable page, and why
        page = response.content.decode()
        assert "cannot make PDFs" in page and "Dear Chair Dee Paper," in page


# Scoping -------------------------------------------------------------------------------------


def test_another_campaigns_letters_are_404(as_lead, campaign, other_campaign, officials, outsider):
    theirs = make_letter_campaign(other_campaign, officials, slug="theirs")
    letter_send(letter_campaign=theirs, **SENDER)
    for name in ("detail", "edit", "outbox"):
        assert as_lead.get(url(name, campaign, theirs.pk)).status_code == 404, name
    assert as_lead.post(url("retry", campaign, theirs.pk)).status_code == 404
    official = officials[0]
    assert as_lead.get(url("packet", campaign, theirs.pk, official.pk)).status_code == 404
    # And the lead of Example County is no member of theirs.
    assert as_lead.get(url("outbox", other_campaign, theirs.pk)).status_code == 404


def test_retry_and_handed_touch_only_this_letter_campaign(
    as_lead, campaign, other_campaign, officials, no_email_official, smtp_down
):
    mine = make_letter_campaign(campaign, [no_email_official], slug="mine")
    theirs = make_letter_campaign(other_campaign, [*officials, no_email_official], slug="theirs")
    letter_send(letter_campaign=mine, **SENDER)
    letter_send(letter_campaign=theirs, **SENDER)
    send_due()
    their_ids = list(
        OutboxMessage.objects.for_campaign(other_campaign).values_list("pk", flat=True)
    )
    as_lead.post(url("retry", campaign, mine.pk), {"message": their_ids})
    as_lead.post(url("handed", campaign, mine.pk, no_email_official.pk), {"message": their_ids})
    statuses = set(
        OutboxMessage.objects.for_campaign(other_campaign).values_list("status", flat=True)
    )
    assert statuses == {OutboxStatus.FAILED, OutboxStatus.PRINT}
    assert not AuditEvent.objects.filter(action="letter_outbox.handed").exists()


def test_the_letters_list_counts_letters(as_observer, campaign, letter_campaign):
    letter_send(letter_campaign=letter_campaign, **SENDER)
    page = as_observer.get(url("list", campaign)).content.decode()
    assert letter_campaign.title in page
    assert "<td>1</td>" in page
