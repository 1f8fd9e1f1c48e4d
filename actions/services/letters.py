"""Letters to officials: merge fields, sending a letter, and the outbox that delivers it.

A letter template is the campaign's own text with four merge fields written {recipient_position},
{recipient_name}, {sender_name} and {sender_place}. It is never handed to Python's str.format
(which can reach attributes and items of its arguments): a single regular-expression pass
replaces exactly these four names with plain text, and anything else between braces is refused
when the campaign saves the template. {{ and }} write a literal brace.

The outbox holds one message per letter and recipient. A message is claimed before it is sent,
so two workers never send it twice: on PostgreSQL the due rows are locked with SKIP LOCKED and
given a lease in one transaction; elsewhere each row is claimed by a conditional UPDATE. The
lease (status "queued", next_attempt_at pushed into the future, attempts counted) also means a
worker that dies mid-send leaves the message due again once the lease is over. So a "queued"
message with a future next attempt is in a worker's hands, and "retry now" never touches it.
"""

import datetime
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import MERGE_FIELDS, Letter, LetterCampaign, OutboxMessage, OutboxStatus
from core import audit
from core.crypto import keyed_hash
from targets.models import Official

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th, the outbox gives up.
BACKOFF = (
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a claimed message is left to its worker before another may take it. A batch is
# small enough to be sent well within it even when every message waits out the SMTP timeout
# (EMAIL_TIMEOUT, 20 s by default), so no message is claimed again while still being sent.
LEASE = datetime.timedelta(minutes=10)
SEND_BATCH = 10
DUE_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.FAILED)
RETRYABLE_STATUSES = (OutboxStatus.FAILED, OutboxStatus.GAVE_UP)

# What the public page shows in place of the sender's fields.
SENDER_PLACEHOLDERS = {
    "sender_name": gettext_lazy("[your name]"),
    "sender_place": gettext_lazy("[your town or postal code]"),
}

# {{ and }} are literal braces; {name} a field; any other brace is a mistake.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}( ?)|[{}]")


class LetterRefused(Exception):
    """The letter cannot be sent (already sent from this address, or the page is closed)."""


# Merge fields ---------------------------------------------------------------------------------


def template_errors(text: str) -> list[str]:
    """What is wrong with a template's merge fields, in words a campaign lead understands."""
    allowed = ", ".join(f"{{{name}}}" for name in MERGE_FIELDS)
    errors: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        found = match.group(0)
        if found in ("{{", "}}"):
            continue
        if match.group(1) is None:
            errors.append(
                _(
                    "There is a lone “%(brace)s” in the text. Merge fields are written between "
                    "braces, like {recipient_name}; write {{ or }} for a brace itself."
                )
                % {"brace": found}
            )
            continue
        name = match.group(1)
        if name not in MERGE_FIELDS:
            errors.append(
                _("“{%(name)s}” is not a merge field. The merge fields are: %(allowed)s.")
                % {"name": name, "allowed": allowed}
            )
    # One message per distinct problem, in the order found.
    return list(dict.fromkeys(errors))


def validate_template(text: str) -> None:
    errors = template_errors(text)
    if errors:
        raise ValidationError(errors)


def merge(text: str, values: Mapping[str, object]) -> str:
    """Replace the four merge fields with plain text; nothing else in the text is interpreted.

    A field whose value is empty takes the space after it along (so "Dear {recipient_position}
    {recipient_name}" reads "Dear Ana Ruiz" for an official without a title)."""

    def replace(match: re.Match) -> str:
        found = match.group(0)
        if found == "{{":
            return "{"
        if found == "}}":
            return "}"
        name = match.group(1)
        if name is None or name not in MERGE_FIELDS:
            return found  # templates are validated on save; never fail on an old one
        value = str(values.get(name, "") or "")
        return value + match.group(2) if value else ""

    return _TOKEN.sub(replace, text or "")


def recipient_position(official: Official) -> str:
    return official.title.strip()


def recipient_fields(official: Official) -> dict[str, str]:
    return {"recipient_position": recipient_position(official), "recipient_name": official.name}


def recipient_label(official: Official) -> str:
    """How the outbox names the recipient: "Ana Ruiz, Sheriff (Example County Sheriff's Office)"."""
    who = ", ".join(part for part in (official.name, official.title.strip()) if part)
    return f"{who} ({official.office.name})"[:300]


def recipient_email(official: Official) -> str:
    return official.email or official.office.email


def localized_letter(letter_campaign: LetterCampaign, language: str) -> tuple[str, str]:
    """(subject, body) in the language, the English text standing in for a missing translation."""
    if (language or "").startswith("es"):
        return (
            letter_campaign.subject_es or letter_campaign.subject,
            letter_campaign.body_es or letter_campaign.body,
        )
    return letter_campaign.subject, letter_campaign.body


@dataclass(frozen=True)
class Preview:
    official: Official
    subject: str
    body: str
    by_email: bool


def recipient_list(letter_campaign: LetterCampaign) -> list[Official]:
    return list(letter_campaign.recipients.select_related("office").order_by("name", "pk"))


def previews(
    letter_campaign: LetterCampaign,
    *,
    language: str,
    officials: Iterable[Official] | None = None,
) -> list[Preview]:
    """The letter each recipient will get, with placeholders where the sender's words go."""
    subject, body = localized_letter(letter_campaign, language)
    with translation.override(language):
        sender = {name: str(text) for name, text in SENDER_PLACEHOLDERS.items()}
    result = []
    for official in recipient_list(letter_campaign) if officials is None else officials:
        values = {**recipient_fields(official), **sender}
        result.append(
            Preview(
                official=official,
                subject=merge(subject, values),
                body=merge(body, values),
                by_email=bool(recipient_email(official)),
            )
        )
    return result


# Writing letters ------------------------------------------------------------------------------


def letter_campaign_save(
    *,
    letter_campaign: LetterCampaign,
    recipients: Iterable[Official] | None = None,
    request: HttpRequest | None = None,
) -> LetterCampaign:
    """Save a letter campaign whose template has been checked (the form does it; this checks
    again, so that no other path stores a template the outbox cannot merge)."""
    for field in ("subject", "subject_es", "body", "body_es"):
        validate_template(getattr(letter_campaign, field))
    created = letter_campaign.pk is None
    with transaction.atomic():
        letter_campaign.save()
        if recipients is not None:
            letter_campaign.recipients.set(recipients)
        audit.record(
            action="letter_campaign.created" if created else "letter_campaign.changed",
            request=request,
            campaign=letter_campaign.campaign,
            objects=[letter_campaign],
        )
    return letter_campaign


def letter_campaign_set_status(
    *, letter_campaign: LetterCampaign, status: str, request: HttpRequest | None = None
) -> None:
    old = letter_campaign.status
    letter_campaign.status = status
    letter_campaign.save(update_fields=["status", "updated_at"])
    audit.record(
        action="letter_campaign.status",
        request=request,
        campaign=letter_campaign.campaign,
        objects=[letter_campaign],
        old=old,
        new=status,
    )


def sender_hash(email: str) -> str:
    return keyed_hash(email.strip())


def letter_send(
    *,
    letter_campaign: LetterCampaign,
    name: str,
    email: str,
    place: str,
    wants_updates: bool = False,
    language: str = "",
) -> Letter:
    """Store one person's letter and queue it to every recipient, merged.

    Raises LetterRefused when the page takes no letters or this address has already sent one
    (nothing is stored or queued then). The outbox is worked after the transaction commits."""
    if not letter_campaign.accepts_letters:
        raise LetterRefused(_("This letter is closed: it takes no more senders."))
    email_hash = sender_hash(email)
    duplicate = _(
        "A letter from this email address has already been sent to these officials. Each "
        "person can send it once."
    )
    officials = recipient_list(letter_campaign)
    subject, body = localized_letter(letter_campaign, language)
    sender = {"sender_name": name, "sender_place": place}
    now = timezone.now()
    try:
        with transaction.atomic():
            if Letter.objects.filter(
                letter_campaign=letter_campaign, sender_email_hash=email_hash
            ).exists():
                raise LetterRefused(duplicate)
            letter = Letter.objects.create(
                campaign_id=letter_campaign.campaign_id,
                letter_campaign=letter_campaign,
                sender_name=name,
                sender_email=email,
                sender_email_hash=email_hash,
                sender_place=place,
                wants_updates=wants_updates,
                language=language[:8],
            )
            messages = []
            for official in officials:
                values = {**recipient_fields(official), **sender}
                address = recipient_email(official)
                messages.append(
                    OutboxMessage(
                        campaign_id=letter_campaign.campaign_id,
                        letter=letter,
                        recipient=official,
                        recipient_label=recipient_label(official),
                        recipient_email=address,
                        subject=" ".join(merge(subject, values).split()),
                        body=merge(body, values),
                        status=OutboxStatus.QUEUED if address else OutboxStatus.PRINT,
                        next_attempt_at=now if address else None,
                    )
                )
            OutboxMessage.objects.bulk_create(messages)
            transaction.on_commit(enqueue_sending)
    except IntegrityError:  # the same address, at the same moment, in another request
        raise LetterRefused(duplicate) from None
    return letter


def enqueue_sending() -> None:
    """Ask a worker to send what is due. Without a worker, `manage.py send_letters` does it."""
    from actions.tasks import send_due_letters

    try:
        send_due_letters.enqueue()
    except Exception:  # the letters wait in the outbox; cron or the retry button sends them
        logger.exception("Could not enqueue the letters' outbox task")


# The outbox -----------------------------------------------------------------------------------


def _claim(now: datetime.datetime, limit: int) -> list[int]:
    """Take up to `limit` due messages for this worker: their lease starts now."""
    lease = {
        "status": OutboxStatus.QUEUED,
        "next_attempt_at": now + LEASE,
        "attempts": F("attempts") + 1,
    }
    due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            OutboxMessage.objects.filter(pk__in=ids).update(**lease)
        return ids
    claimed = []
    for pk in due.values_list("pk", flat=True)[:limit]:
        # Whoever updates the row first takes it: a second worker's WHERE no longer matches.
        if OutboxMessage.objects.due(now).filter(pk=pk).update(**lease):
            claimed.append(pk)
    return claimed


def _deliver(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
    )
    email.send()


def _failed(message: OutboxMessage, error: Exception, now: datetime.datetime) -> str:
    if message.attempts >= MAX_ATTEMPTS:
        status, next_at = OutboxStatus.GAVE_UP, None
    else:
        status = OutboxStatus.FAILED
        next_at = now + BACKOFF[max(message.attempts, 1) - 1]
    text = f"{type(error).__name__}: {error}"[:500]
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, next_attempt_at=next_at, last_error=text
    )
    return status


def send_due(*, now: datetime.datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Send every message that is due (in batches), and say how many were sent, will be
    retried, and were given up on."""
    counts = {"sent": 0, "failed": 0, "gave_up": 0}
    remaining = limit
    while remaining is None or remaining > 0:
        started = now or timezone.now()
        batch = SEND_BATCH if remaining is None else min(SEND_BATCH, remaining)
        ids = _claim(started, batch)
        if not ids:
            break
        for message in OutboxMessage.objects.filter(pk__in=ids).order_by("pk"):
            try:
                _deliver(message)
            except Exception as error:  # any backend's failure: SMTP, socket, TLS, a bad address
                status = _failed(message, error, now or timezone.now())
                counts["gave_up" if status == OutboxStatus.GAVE_UP else "failed"] += 1
                logger.warning(
                    "Letter %s not sent (attempt %s): %s", message.pk, message.attempts, error
                )
                continue
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.SENT,
                sent_at=now or timezone.now(),
                next_attempt_at=None,
                last_error="",
            )
            counts["sent"] += 1
        if remaining is not None:
            remaining -= len(ids)
    return counts


def outbox_retry(
    *,
    letter_campaign: LetterCampaign,
    message_ids: Iterable[int] | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Make failed (or given-up) messages of this letter campaign due now, and ask a worker to
    send what is due (letters still waiting included). A given-up message gets one more
    attempt; if it fails again, the outbox gives up on it again. Returns how many were made
    due again."""
    retryable = OutboxMessage.objects.for_campaign(letter_campaign.campaign).filter(
        letter__letter_campaign=letter_campaign, status__in=RETRYABLE_STATUSES
    )
    if message_ids is not None:
        retryable = retryable.filter(pk__in=list(message_ids))
    with transaction.atomic():
        ids = list(retryable.values_list("pk", flat=True))
        # Conditional: a message a worker claimed meanwhile is "queued" and left alone.
        count = OutboxMessage.objects.filter(pk__in=ids, status__in=RETRYABLE_STATUSES).update(
            status=OutboxStatus.FAILED, next_attempt_at=timezone.now()
        )
        if count:
            audit.record(
                action="letter_outbox.retry",
                request=request,
                campaign=letter_campaign.campaign,
                objects=[letter_campaign],
                count=count,
            )
        transaction.on_commit(enqueue_sending)
    return count


def outbox_counts(letter_campaign: LetterCampaign) -> dict[str, int]:
    """Messages of the letter campaign by status, in one query."""
    rows = (
        OutboxMessage.objects.for_campaign(letter_campaign.campaign)
        .filter(letter__letter_campaign=letter_campaign)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(OutboxStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def print_counts(letter_campaign: LetterCampaign) -> dict[int, int]:
    """How many letters wait to be printed for each recipient."""
    rows = (
        OutboxMessage.objects.for_campaign(letter_campaign.campaign)
        .filter(letter__letter_campaign=letter_campaign, status=OutboxStatus.PRINT)
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["recipient_id"]: row["n"] for row in rows}


def packet_messages(letter_campaign: LetterCampaign, official_id: int):
    """The letters to one recipient that wait to be delivered by hand."""
    return (
        OutboxMessage.objects.for_campaign(letter_campaign.campaign)
        .filter(
            letter__letter_campaign=letter_campaign,
            recipient_id=official_id,
            status=OutboxStatus.PRINT,
        )
        .order_by("created_at", "pk")
    )


def mark_handed(
    *,
    letter_campaign: LetterCampaign,
    official_id: int,
    message_ids: Iterable[int],
    request: HttpRequest | None = None,
) -> int:
    """Record that the printed letters (those the lead had in hand) were delivered."""
    messages = packet_messages(letter_campaign, official_id).filter(Q(pk__in=list(message_ids)))
    with transaction.atomic():
        ids = list(messages.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.HANDED, sent_at=timezone.now()
        )
        if ids:
            audit.record(
                action="letter_outbox.handed",
                request=request,
                campaign=letter_campaign.campaign,
                objects=[letter_campaign],
                recipient=official_id,
                count=len(ids),
            )
    return len(ids)
