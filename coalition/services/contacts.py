"""Writes about contacts: saving with their opt-outs, merging duplicates, lists for outreach.

Opt-outs are honoured here, once, for every list that leaves the application (the bulk email
list and the export): a person never appears on a list for a channel they asked us not to use.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import (
    Affiliation,
    Campaign,
    Contact,
    ContactLanguage,
    FollowUp,
    Interaction,
    Meeting,
    Organization,
    Tag,
)
from core import audit

# The opt-out choices a form offers, and the timestamp each one sets on the contact.
OPT_OUT_FIELDS = {
    "no_email": "email_opt_out_at",
    "no_calls": "call_opt_out_at",
    "no_texts": "text_opt_out_at",
    "do_not_contact": "do_not_contact_at",
}


class MergeError(Exception):
    """Two records that cannot be merged; the message is for the user."""


def apply_opt_outs(contact: Contact, wishes: dict[str, bool]) -> list[str]:
    """Stamp newly asked opt-outs with the current time, clear withdrawn ones, and keep the
    original time of those that stay. Returns the names of the fields that changed."""
    changed = []
    now = timezone.now()
    for wish, field in OPT_OUT_FIELDS.items():
        wanted = bool(wishes.get(wish))
        current = getattr(contact, field)
        if wanted and current is None:
            setattr(contact, field, now)
            changed.append(field)
        elif not wanted and current is not None:
            setattr(contact, field, None)
            changed.append(field)
    return changed


def _sync_affiliations(contact: Contact, wanted: Sequence[tuple[Organization, str]]) -> None:
    roles = {organization.pk: role for organization, role in wanted}
    existing = {a.organization_id: a for a in contact.affiliations.all()}
    Affiliation.objects.filter(contact=contact).exclude(organization_id__in=roles).delete()
    for organization_id, role in roles.items():
        current = existing.get(organization_id)
        if current is None:
            Affiliation.objects.create(contact=contact, organization_id=organization_id, role=role)
        elif current.role != role:
            current.role = role
            current.save(update_fields=["role"])


def _sync_languages(contact: Contact, languages: Iterable[str]) -> None:
    wanted = set(languages)
    contact.languages.exclude(language__in=wanted).delete()
    have = set(contact.languages.values_list("language", flat=True))
    ContactLanguage.objects.bulk_create(
        [ContactLanguage(contact=contact, language=code) for code in sorted(wanted - have)]
    )


def contact_save(
    *,
    contact: Contact,
    affiliations: Sequence[tuple[Organization, str]],
    languages: Iterable[str],
    tags: Iterable[Tag],
    opt_outs: dict[str, bool],
    changed: Iterable[str],
    request: HttpRequest,
) -> Contact:
    """Create or update a contact with its organizations, languages, tags and opt-outs."""
    created = contact.pk is None
    opt_out_changes = apply_opt_outs(contact, opt_outs)
    with transaction.atomic():
        if created:
            contact.created_by = request.user
        contact.save()
        _sync_affiliations(contact, affiliations)
        _sync_languages(contact, languages)
        contact.tags.set(tags)
        audit.record(
            action="contact.created" if created else "contact.updated",
            request=request,
            campaign=contact.campaign,
            objects=[contact],
            changed=sorted(set(changed) - set(OPT_OUT_FIELDS)),
            opt_outs_changed=opt_out_changes,
        )
    return contact


def contact_delete(*, contact: Contact, request: HttpRequest) -> None:
    """Erase a person's record (their interactions go with it; meetings keep the rest)."""
    with transaction.atomic():
        audit.record(
            action="contact.deleted", request=request, campaign=contact.campaign, objects=[contact]
        )
        contact.delete()


def possible_duplicates(contact: Contact) -> models.QuerySet:
    """Other contacts of the campaign with the same name, email address or phone number."""
    condition = models.Q(pk__in=[])
    if contact.name_hash:
        condition |= models.Q(name_hash=contact.name_hash)
    if contact.email_hash:
        condition |= models.Q(email_hash=contact.email_hash)
    if contact.phone_hash:
        condition |= models.Q(phone_hash=contact.phone_hash)
    return Contact.objects.for_campaign(contact.campaign).filter(condition).exclude(pk=contact.pk)


def _earliest(*values):
    present = [v for v in values if v is not None]
    return min(present) if present else None


def contact_merge(*, keep: Contact, duplicate: Contact, request: HttpRequest) -> Contact:
    """Fold `duplicate` into `keep` and delete it.

    Nothing is lost: blank details are filled from the duplicate and differing ones are kept
    in the notes; organizations, languages, tags, interactions, meeting attendance and
    follow-ups move over; every opt-out of either record stays in force (the earliest date).
    """
    if keep.pk == duplicate.pk:
        raise MergeError(_("A contact cannot be merged with itself."))
    if keep.campaign_id != duplicate.campaign_id:
        raise MergeError(_("Only contacts of the same campaign can be merged."))
    campaign = keep.campaign
    with transaction.atomic():
        # Lock both rows so two people merging at once cannot interleave.
        locked = {
            c.pk: c
            for c in Contact.objects.for_campaign(campaign)
            .select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
        }
        if len(locked) != 2:
            raise MergeError(_("One of the two contacts no longer exists."))
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]

        kept_aside = []
        labels = {"name": _("Name"), "email": _("Email address"), "phone": _("Phone")}
        for field, label in labels.items():
            mine, theirs = getattr(keep, field), getattr(duplicate, field)
            if theirs and not mine:
                setattr(keep, field, theirs)
            elif theirs and getattr(keep, f"{field}_hash") != getattr(duplicate, f"{field}_hash"):
                kept_aside.append(f"{label}: {theirs}")
        if duplicate.notes:
            kept_aside.append(duplicate.notes)
        if kept_aside:
            heading = _("From a merged duplicate record (%(date)s):") % {
                "date": timezone.localdate().isoformat()
            }
            keep.notes = "\n\n".join(p for p in (keep.notes, heading, *kept_aside) if p)
        keep.preferred_channel = keep.preferred_channel or duplicate.preferred_channel
        keep.point_person_id = keep.point_person_id or duplicate.point_person_id
        for field in OPT_OUT_FIELDS.values():
            setattr(keep, field, _earliest(getattr(keep, field), getattr(duplicate, field)))
        keep.save()

        moved: dict[str, int] = {}
        # Organizations: move the duplicate's; where both belong, keep a role if only one has it.
        kept_orgs = {a.organization_id: a for a in Affiliation.objects.filter(contact=keep)}
        for affiliation in Affiliation.objects.filter(
            contact=duplicate, organization_id__in=kept_orgs
        ):
            ours = kept_orgs[affiliation.organization_id]
            if affiliation.role and not ours.role:
                ours.role = affiliation.role
                ours.save(update_fields=["role"])
        moved["affiliations"] = (
            Affiliation.objects.filter(contact=duplicate)
            .exclude(organization_id__in=kept_orgs)
            .update(contact=keep)
        )
        kept_languages = keep.languages.values_list("language", flat=True)
        moved["languages"] = (
            ContactLanguage.objects.filter(contact=duplicate)
            .exclude(language__in=list(kept_languages))
            .update(contact=keep)
        )
        moved["tags"] = _move_m2m(Contact.tags.through, "contact", "tag", duplicate, keep)
        moved["meetings"] = _move_m2m(
            Meeting.contacts.through, "contact", "meeting", duplicate, keep
        )
        moved["interactions"] = Interaction.objects.filter(contact=duplicate).update(contact=keep)
        moved["followups"] = FollowUp.objects.filter(contact=duplicate).update(contact=keep)

        Interaction.objects.create(
            campaign=campaign,
            contact=keep,
            kind=Interaction.Kind.OTHER,
            summary=_("Merged with a duplicate record (number %(pk)s).") % {"pk": duplicate.pk},
            logged_by=request.user,
        )
        audit.record(
            action="contact.merged",
            request=request,
            campaign=campaign,
            objects=[keep, duplicate],
            kept=keep.pk,
            merged=duplicate.pk,
            moved=moved,
        )
        duplicate.delete()
    return keep


def _move_m2m(through, own: str, other: str, source: Contact, target: Contact) -> int:
    """Move the source's rows of a many-to-many table to the target, without duplicates."""
    already = through.objects.filter(**{own: target}).values_list(f"{other}_id", flat=True)
    moved = (
        through.objects.filter(**{own: source})
        .exclude(**{f"{other}_id__in": list(already)})
        .update(**{own: target})
    )
    through.objects.filter(**{own: source}).delete()
    return moved


def email_list(
    *, campaign: Campaign, contacts: models.QuerySet, request: HttpRequest
) -> tuple[list[Contact], int]:
    """The chosen contacts who may be emailed, and how many were left out (no address, or an
    opt-out). Reading the addresses is audited."""
    chosen = contacts.count()
    reachable = list(contacts.emailable())
    audit.record(
        action="contact.email_list_read",
        request=request,
        campaign=campaign,
        objects=reachable,
        count=len(reachable),
        left_out=chosen - len(reachable),
    )
    return reachable, chosen - len(reachable)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Spreadsheets run cells that start like a formula: make such cells plain text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_csv(
    *, campaign: Campaign, channel: str, purpose: str, request: HttpRequest
) -> tuple[str, int]:
    """The campaign's contacts reachable by `channel` ("any" for every channel they allow) as
    CSV text, with the details of opted-out channels left blank. Audited with its purpose."""
    contacts = (
        Contact.objects.for_campaign(campaign)
        .reachable_by(channel)
        .prefetch_related("affiliations__organization", "languages", "tags")
        .order_by("created_at", "pk")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Name"),
            _("Email address"),
            _("Phone"),
            _("May call"),
            _("May text"),
            _("Organizations"),
            _("Languages"),
            _("Preferred way to reach them"),
            _("Tags"),
        ]
    )
    rows = list(contacts)
    for contact in rows:
        may_phone = contact.may_call or contact.may_text
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    contact.name,
                    contact.email if contact.may_email and channel in ("any", "email") else "",
                    contact.phone if may_phone and channel in ("any", "call", "text") else "",
                    _("yes") if contact.may_call else _("no"),
                    _("yes") if contact.may_text else _("no"),
                    "; ".join(
                        f"{a.organization.name} ({a.role})" if a.role else a.organization.name
                        for a in contact.affiliations.all()
                    ),
                    ", ".join(lang.get_language_display() for lang in contact.languages.all()),
                    contact.get_preferred_channel_display(),
                    ", ".join(tag.name for tag in contact.tags.all()),
                )
            ]
        )
    audit.record(
        action="contact.exported",
        request=request,
        campaign=campaign,
        objects=rows,
        reason=purpose,
        channel=channel,
        count=len(rows),
    )
    return out.getvalue(), len(rows)
