"""Writes and careful reads of petitions and their signatures.

`sign` is the one way a signature is added or updated: the public page calls it, and so may an
import (which then calls PetitionCounter.recount once at the end instead of counting each row).
A new signature is one statement on PostgreSQL, so that a petition that goes viral takes
thousands of signatures a minute: an insert that does nothing when this email (its keyed hash)
signed before, and the update of one counter shard when it did insert. A signer who signed
before updates their signature instead.
"""

import contextlib
import datetime
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actions.models import (
    ActionKind,
    ActionStatus,
    CampaignAction,
    Petition,
    PetitionCounter,
    Signature,
    SignatureSource,
)
from coalition.models import Campaign
from core import audit
from core.crypto import keyed_hash, normalize
from core.slugs import free_slug

# Rows read from the database at a time when a whole petition is exported or counted.
CHUNK = 2000


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A free public address made from the title: `end-287g`, then `end-287g-2`, …"""
    return free_slug(
        Petition.objects.exclude(pk=exclude_pk), title, max_length=70, fallback="petition"
    )


def petition_create(*, form: Any, campaign: Campaign, request: HttpRequest) -> Petition:
    """Save a new petition from its validated form, with the shards of its counter."""
    with transaction.atomic():
        form.instance.campaign = campaign
        form.instance.created_by = request.user
        petition = form.save()
        PetitionCounter.create_for(petition)
        audit.record(
            action="petition.created", request=request, campaign=campaign, objects=[petition]
        )
    return petition


def petition_set_status(
    *, petition: Petition, status: str, show_signers: bool, request: HttpRequest
) -> None:
    """What the public sees of the petition: draft, open or closed; signers' first names."""
    old = petition.status
    petition.status = status
    petition.show_signers = show_signers
    petition.save(update_fields=["status", "show_signers", "updated_at"])
    audit.record(
        action="petition.status",
        request=request,
        campaign=petition.campaign,
        objects=[petition],
        old=old,
        new=status,
        show_signers=show_signers,
    )


def sign(
    petition: Petition,
    data: Mapping[str, Any],
    *,
    language: str = "",
    source: str = SignatureSource.WEB,
    only_if_open: bool = False,
) -> tuple[Signature | None, bool]:
    """Add a signature, or update the one already given with this email: (signature, created).

    The counter moves only when a signature is created. Two requests with the same email at the
    same moment: the unique constraint lets one insert; the other's insert does nothing and it
    updates instead. With `only_if_open` (the public page), the database itself checks that the
    petition is open as it writes, whatever the caller read a moment before: a closed petition
    gives (None, False) and nothing is written.
    """
    email = " ".join(str(data["email"]).split())
    values = {
        "name": " ".join(str(data["name"]).split()),
        "email": email,
        "place": " ".join(str(data.get("place") or "").split()),
        "comment": str(data.get("comment") or "").strip(),
        "wants_updates": bool(data.get("wants_updates")),
        # Shown in public only where the petition shows signers and the signer agreed.
        "show_publicly": bool(data.get("show_publicly")) and petition.show_signers,
        "language": (language or "")[:8],
    }
    email_hash = keyed_hash(email)
    # On PostgreSQL the new row and its count are one statement, atomic on its own; elsewhere
    # the insert and the counter's update are two, in one transaction.
    one_statement = connection.vendor == "postgresql"
    with contextlib.nullcontext() if one_statement else transaction.atomic():
        signature, counted = _insert_unless_signed(
            petition, email_hash, values, source, only_if_open=only_if_open
        )
        if signature is not None and not counted:
            # A petition saved before it had counter rows: make them and count (rare).
            PetitionCounter.add(petition.pk)
    if signature is not None:
        return signature, True
    # Signed before (or by a request that committed a moment ago): update that signature.
    mine = Signature.objects.filter(petition=petition, email_hash=email_hash)
    if only_if_open:
        mine = mine.filter(petition__status=Petition.Status.OPEN)
    if not mine.update(**values, updated_at=timezone.now()):
        return None, False  # the petition is not open (or no longer exists)
    return mine.get(), False


@functools.cache
def _signing_statement(vendor: str, only_if_open: bool) -> tuple[list[Any], str]:
    """The fields a new signature is written with, and the statement that writes it (built
    once per process: it depends only on the models)."""
    fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    condition = "1 = 1"
    if only_if_open:
        condition = (
            f"EXISTS (SELECT 1 FROM {quote(Petition._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('id')} = %s AND {quote('status')} = %s)"
        )
    # Names from the model's own metadata, values as parameters. (SELECT … WHERE rather than
    # VALUES, for the condition; SQLite needs a WHERE there before ON CONFLICT anyway.)
    insert = (
        f"INSERT INTO {quote(Signature._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT {', '.join(['%s'] * len(fields))} WHERE {condition} "
        f"ON CONFLICT ({quote('petition_id')}, {quote('email_hash')}) DO NOTHING "
        f"RETURNING {quote('id')}"
    )
    if vendor != "postgresql":
        return fields, insert
    counter = quote(PetitionCounter._meta.db_table)
    sql = (
        f"WITH new AS ({insert}), "  # noqa: S608
        f"counted AS (UPDATE {counter} SET {quote('count')} = {quote('count')} + 1 "
        f"WHERE {quote('petition_id')} = %s AND {quote('shard')} = %s "
        "AND EXISTS (SELECT 1 FROM new) RETURNING 1) "
        "SELECT (SELECT id FROM new), EXISTS (SELECT 1 FROM counted)"
    )
    return fields, sql


def _insert_unless_signed(
    petition: Petition,
    email_hash: str,
    values: dict[str, Any],
    source: str,
    *,
    only_if_open: bool,
) -> tuple[Signature | None, bool]:
    """INSERT … ON CONFLICT (petition, email hash) DO NOTHING RETURNING id: (signature, counted).

    A signer who signed before gets no row back (the unique constraint decides, also between
    concurrent requests: PostgreSQL makes the second insert wait for the first to commit). On
    PostgreSQL the same statement also adds one to a counter shard when, and only when, the row
    was inserted (a data-modifying WITH): a new signature is one round trip to the database.
    Elsewhere the caller adds to the counter. With `only_if_open` the row is inserted only if
    the petition's row says it is open. The values go through each field's own preparation, so
    the personal ones are encrypted as on any save."""
    signature = Signature(
        petition=petition,
        campaign_id=petition.campaign_id,
        email_hash=email_hash,
        source=source,
        **values,
    )
    fields, sql = _signing_statement(connection.vendor, only_if_open)
    params = [f.get_db_prep_save(f.pre_save(signature, True), connection) for f in fields]
    if only_if_open:
        params += [petition.pk, Petition.Status.OPEN.value]
    counted = connection.vendor == "postgresql"
    if counted:
        params += [petition.pk, PetitionCounter.random_shard()]
    # Prepared once per connection on PostgreSQL (core/db/postgresql): planning this statement
    # costs the server more than running it.
    prepared = getattr(connection, "prepared_cursor", connection.cursor)
    with prepared() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None, False
    signature.pk = row[0]
    signature._state.adding = False
    # Counted unless the petition has no counter rows yet (made before they existed).
    return signature, counted and bool(row[1])


def signature_remove(*, signature: Signature, request: HttpRequest) -> None:
    """Erase one signature (a signer asked): the row goes, the count drops by one."""
    petition = signature.petition
    with transaction.atomic():
        audit.record(
            action="signature.erased",
            request=request,
            campaign=request.campaign,
            objects=[signature, petition],
        )
        signature.delete()
        # One shard that still counts someone gives one back: no count of the signatures.
        shard = (
            PetitionCounter.objects.filter(petition=petition, count__gt=0)
            .values_list("pk", flat=True)
            .first()
        )
        if shard is not None:
            PetitionCounter.objects.filter(pk=shard, count__gt=0).update(count=F("count") - 1)


def petition_mark_delivered(
    *,
    petition: Petition,
    delivered_at: datetime.datetime,
    action: CampaignAction | None,
    create_action: bool,
    close: bool,
    request: HttpRequest,
) -> CampaignAction | None:
    """Record the delivery, linked to an action of the campaign (made here if asked)."""
    with transaction.atomic():
        if action is None and create_action:
            action = _delivery_action(petition, delivered_at, request)
        petition.delivered_at = delivered_at
        petition.delivery_action = action
        fields = ["delivered_at", "delivery_action", "updated_at"]
        if close and petition.status == Petition.Status.OPEN:
            petition.status = Petition.Status.CLOSED
            fields.append("status")
        petition.save(update_fields=fields)
        audit.record(
            action="petition.delivered",
            request=request,
            campaign=petition.campaign,
            objects=[petition, *([action] if action else [])],
            closed=close,
        )
    return action


def _delivery_action(
    petition: Petition, delivered_at: datetime.datetime, request: HttpRequest
) -> CampaignAction:
    local = timezone.localtime(delivered_at)
    count = petition.signature_count()
    title = _("Petition delivery: %(title)s") % {"title": petition.title}
    action = CampaignAction.objects.create(
        campaign=petition.campaign,
        kind=ActionKind.PETITION_DELIVERY,
        title=title[:200],
        happens_on=local.date(),
        starts_at=local.time().replace(second=0, microsecond=0),
        status=ActionStatus.DONE if delivered_at <= timezone.now() else ActionStatus.PLANNED,
        description=ngettext(
            "%(count)s signature delivered.", "%(count)s signatures delivered.", count
        )
        % {"count": count},
        created_by=request.user,
    )
    action.targets.set(petition.targets.all())
    action.allies.set(petition.sponsors.all())
    return action


def petition_clear_delivery(*, petition: Petition, request: HttpRequest) -> None:
    petition.delivered_at = None
    petition.delivery_action = None
    petition.save(update_fields=["delivered_at", "delivery_action", "updated_at"])
    audit.record(
        action="petition.delivery_cleared",
        request=request,
        campaign=petition.campaign,
        objects=[petition],
    )


# Reads for the exports


def signatures_of(petition: Petition):
    return Signature.objects.for_campaign(petition.campaign).filter(petition=petition)


def signature_headers(*, with_email: bool) -> list[str]:
    headers = [_("Name"), _("Postal code or town"), _("Comment"), _("Signed")]
    if with_email:
        headers.append(_("Email (only signers who asked to hear from the campaign)"))
    return headers


def signature_rows(petition: Petition, *, with_email: bool) -> Iterator[list[Any]]:
    """The signatures for delivery, oldest first. Emails only of signers who ticked the box."""
    fields = ["name", "place", "comment", "created_at"]
    if with_email:
        fields += ["email", "wants_updates"]
    rows = signatures_of(petition).only(*fields).order_by("created_at", "pk")
    for signature in rows.iterator(chunk_size=CHUNK):
        row = [
            signature.name,
            signature.place,
            signature.comment,
            timezone.localtime(signature.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
        if with_email:
            row.append(signature.email if signature.wants_updates else "")
        yield row


def last_signature_pk(petition: Petition) -> int | None:
    """With the petition, names the signatures an export held: all up to this one."""
    return signatures_of(petition).aggregate(last=Max("pk"))["last"]


@dataclass(frozen=True)
class PlaceCounts:
    rows: list[tuple[str, int]]  # (postal code or town as first written, signatures)
    total: int


def place_counts(petition: Petition) -> PlaceCounts:
    """Signatures by postal code or town. Places are encrypted, so they are read and grouped
    here, in chunks; only the counts leave this function."""
    groups: dict[str, list] = {}
    places = signatures_of(petition).values_list("place", flat=True).order_by()
    for place in places.iterator(chunk_size=CHUNK):
        key = normalize(place or "")
        if key in groups:
            groups[key][1] += 1
        else:
            groups[key] = [" ".join((place or "").split()), 1]
    unknown = _("(not given)")
    rows = sorted(
        ((label or unknown, count) for label, count in groups.values()),
        key=lambda row: (-row[1], row[0].casefold()),
    )
    return PlaceCounts(rows=rows, total=sum(count for _label, count in rows))
