"""Writes to a campaign's power map. Every write runs in a transaction and is audited.

Other apps record a change of stance through `record_stance_change` (or
`record_stance_change_for` when they hold an official, office or organization rather than an
assessment): the meeting form, for one, records what a meeting with a target showed.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Campaign, Meeting, Organization
from core import audit
from targets.models import (
    Assessment,
    EvidenceKind,
    Office,
    Official,
    Priority,
    PublicStatement,
    Relationship,
    Stance,
    StanceChange,
)

Subject = Office | Official | Organization


class PowerMapError(ValidationError):
    """A write the power map refuses, with a message for the person who tried it."""


def subject_field(subject: Subject) -> str:
    """The Assessment field that points at this kind of actor."""
    if isinstance(subject, Office):
        return "office"
    if isinstance(subject, Official):
        return "official"
    if isinstance(subject, Organization):
        return "organization"
    raise TypeError(f"Not an actor of the power map: {subject!r}")


def _check_subject(campaign: Campaign, subject: Subject) -> None:
    if isinstance(subject, Organization) and subject.campaign_id != campaign.pk:
        raise PowerMapError(_("This organization is not part of this campaign."))


def _check_stance(stance: int | None) -> None:
    if stance is not None and stance not in Stance.values:
        raise PowerMapError(_("Choose a stance from active opposition to active support."))


def _check_influence(influence: int | None) -> None:
    if influence is not None and not 1 <= influence <= 5:
        raise PowerMapError(_("Influence goes from 1 to 5."))


def assessment_add(
    *,
    campaign: Campaign,
    subject: Subject,
    priority: str = Priority.PRIMARY,
    stance: int | None = Stance.NEUTRAL,
    influence: int | None = None,
    notes: str = "",
    request: HttpRequest,
) -> Assessment:
    """Put an office, official or organization on the campaign's map, with a first entry in
    its history. An actor removed earlier comes back with its history. For an organization,
    `stance` and `influence` are ignored: the organization's own are used."""
    _check_subject(campaign, subject)
    _check_stance(stance)
    _check_influence(influence)
    if priority not in Priority.values:
        raise PowerMapError(_("Choose a priority."))
    field = subject_field(subject)
    is_organization = field == "organization"
    with transaction.atomic():
        existing = (
            Assessment.objects.for_campaign(campaign)
            .select_for_update()
            .filter(**{field: subject})
            .first()
        )
        if existing is not None and existing.is_on_map:
            raise PowerMapError(_("%(actor)s is already on the map.") % {"actor": subject})
        if existing is None:
            assessment = Assessment(campaign=campaign, added_by=request.user, **{field: subject})
            before_stance = before_influence = None
            note = ""
        else:
            assessment = existing
            before_stance, before_influence = existing.stance, existing.influence
            note = _("Back on the map.")
        assessment.priority = priority
        assessment.removed_at = None
        if notes:
            assessment.notes = notes
        if not is_organization:
            assessment.stance, assessment.influence = stance, influence
        assessment.save()
        if is_organization:
            after_stance, after_influence = subject.stance, subject.influence
            if existing is not None:
                before_stance, before_influence = after_stance, after_influence
        else:
            after_stance, after_influence = stance, influence
        if existing is None or (before_stance, before_influence) != (after_stance, after_influence):
            StanceChange.objects.create(
                campaign=campaign,
                assessment=assessment,
                happened_on=timezone.localdate(),
                stance_before=before_stance,
                stance_after=after_stance,
                influence_before=before_influence,
                influence_after=after_influence,
                evidence_kind=EvidenceKind.NONE,
                evidence_text=note,
                recorded_by=request.user,
            )
        audit.record(
            action="power_map.actor_added" if existing is None else "power_map.actor_restored",
            request=request,
            campaign=campaign,
            objects=[assessment, subject],
            priority=priority,
        )
    return assessment


def assessment_update(
    *, assessment: Assessment, changed: Iterable[str], request: HttpRequest
) -> Assessment:
    """Save a change of priority or notes (stance and influence change with evidence, through
    record_stance_change)."""
    changed = sorted(set(changed) & {"priority", "notes"})
    if assessment.priority not in Priority.values:
        raise PowerMapError(_("Choose a priority."))
    with transaction.atomic():
        assessment.save(update_fields=[*changed, "updated_at"])
        audit.record(
            action="power_map.assessment_updated",
            request=request,
            campaign=assessment.campaign,
            objects=[assessment],
            changed=changed,
        )
    return assessment


def assessment_remove(*, assessment: Assessment, request: HttpRequest) -> Assessment:
    """Take an actor off the map. Its history stays, for the movement view and a return."""
    with transaction.atomic():
        assessment.removed_at = timezone.now()
        assessment.save(update_fields=["removed_at", "updated_at"])
        audit.record(
            action="power_map.actor_removed",
            request=request,
            campaign=assessment.campaign,
            objects=[assessment],
        )
    return assessment


def _evidence_label(meeting: Meeting | None, statement: PublicStatement | None) -> str:
    if meeting is not None:
        return str(meeting)[:300]
    if statement is not None:
        return str(statement)[:300]
    return ""


def record_stance_change(
    *,
    assessment: Assessment,
    stance: int,
    influence: int | None = None,
    happened_on: datetime.date | None = None,
    evidence_kind: str,
    meeting: Meeting | None = None,
    statement: PublicStatement | None = None,
    evidence_text: str = "",
    evidence_url: str = "",
    request: HttpRequest,
) -> StanceChange:
    """Record that the campaign's read of an actor changed, and what showed it.

    `stance` is the new stance (-2 active opposition … 2 active support); `influence` the new
    influence (1 to 5), or None to leave it as it is. `evidence_kind` is one of EvidenceKind
    ("meeting", "statement", "vote", "letter", "other"); a meeting must be the campaign's own
    and a statement is a PublicStatement; a vote, a letter or something else needs
    `evidence_text` or `evidence_url`. `happened_on` defaults to today and cannot be in the
    future. For an organization, its own stance and influence are updated (through the
    coalition's organization_save, which logs the change on the organization too).

    Raises PowerMapError (a ValidationError) with a message to show when the change is refused;
    nothing is written then.
    """
    _check_stance(stance)
    _check_influence(influence)
    if stance is None:
        raise PowerMapError(_("Choose a stance from active opposition to active support."))
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise PowerMapError(_("The date cannot be in the future."))
    if evidence_kind not in EvidenceKind.values or evidence_kind == EvidenceKind.NONE:
        raise PowerMapError(_("Say what shows the change: a meeting, a statement, a vote…"))
    if meeting is not None and meeting.campaign_id != assessment.campaign_id:
        raise PowerMapError(_("This meeting is not part of this campaign."))
    if evidence_kind == EvidenceKind.MEETING and meeting is None:
        raise PowerMapError(_("Choose the meeting."))
    if evidence_kind == EvidenceKind.STATEMENT and statement is None:
        raise PowerMapError(_("Choose the statement, or add it."))
    if evidence_kind != EvidenceKind.MEETING:
        meeting = None
    if evidence_kind != EvidenceKind.STATEMENT:
        statement = None
    needs_words = evidence_kind in (EvidenceKind.VOTE, EvidenceKind.LETTER, EvidenceKind.OTHER)
    if needs_words and not (evidence_text.strip() or evidence_url.strip()):
        raise PowerMapError(_("Describe the evidence or give a link to it."))

    campaign = assessment.campaign
    with transaction.atomic():
        locked = (
            Assessment.objects.for_campaign(campaign)
            .select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=assessment.pk)
        )
        if not locked.is_on_map:
            raise PowerMapError(_("This actor is no longer on the map; add it back first."))
        before_stance, before_influence = locked.current_stance, locked.current_influence
        after_influence = before_influence if influence is None else influence
        if (before_stance, before_influence) == (stance, after_influence):
            raise PowerMapError(_("Nothing changed: choose a new stance or a new influence."))
        if locked.organization_id:
            _update_organization(locked.organization, stance, after_influence, request)
        else:
            locked.stance, locked.influence = stance, after_influence
            locked.save(update_fields=["stance", "influence", "updated_at"])
        change = StanceChange.objects.create(
            campaign=campaign,
            assessment=locked,
            happened_on=happened_on,
            stance_before=before_stance,
            stance_after=stance,
            influence_before=before_influence,
            influence_after=after_influence,
            evidence_kind=evidence_kind,
            meeting=meeting,
            statement=statement,
            evidence_label=_evidence_label(meeting, statement),
            evidence_text=evidence_text.strip(),
            evidence_url=evidence_url.strip(),
            recorded_by=request.user,
        )
        audit.record(
            action="power_map.stance_changed",
            request=request,
            campaign=campaign,
            objects=[locked, change, *(o for o in (meeting, statement) if o is not None)],
            stance_before=before_stance,
            stance_after=stance,
            influence_before=before_influence,
            influence_after=after_influence,
            evidence=evidence_kind,
        )
    assessment.refresh_from_db()
    if assessment.organization_id:
        assessment.organization.refresh_from_db()
    return change


def _update_organization(
    organization: Organization, stance: int, influence: int | None, request: HttpRequest
) -> None:
    # The organization is the coalition's: its own service writes it and logs the change.
    from coalition.services.allies import organization_save

    organization.stance, organization.influence = stance, influence
    organization_save(
        organization=organization,
        tags=list(organization.tags.all()),
        changed=["stance", "influence"],
        request=request,
    )


def assessment_for(
    *, campaign: Campaign, subject: Subject, on_map_only: bool = True
) -> Assessment | None:
    """The campaign's assessment of this actor, if it has one."""
    found = Assessment.objects.for_campaign(campaign).filter(**{subject_field(subject): subject})
    if on_map_only:
        found = found.on_map()
    return found.first()


def record_stance_change_for(
    *,
    campaign: Campaign,
    subject: Subject,
    stance: int,
    influence: int | None = None,
    happened_on: datetime.date | None = None,
    evidence_kind: str = EvidenceKind.MEETING,
    meeting: Meeting | None = None,
    statement: PublicStatement | None = None,
    evidence_text: str = "",
    evidence_url: str = "",
    priority: str = Priority.CONTEXT,
    request: HttpRequest,
) -> StanceChange:
    """record_stance_change for an official, office or organization: puts the actor on the map
    first (with `priority`, and the new stance as its first read) if it is not there yet.
    Everything happens in one transaction."""
    with transaction.atomic():
        assessment = assessment_for(campaign=campaign, subject=subject)
        if assessment is None:
            baseline = None if isinstance(subject, Organization) else Stance.NEUTRAL
            assessment = assessment_add(
                campaign=campaign,
                subject=subject,
                priority=priority,
                stance=baseline,
                influence=None,
                request=request,
            )
        return record_stance_change(
            assessment=assessment,
            stance=stance,
            influence=influence,
            happened_on=happened_on,
            evidence_kind=evidence_kind,
            meeting=meeting,
            statement=statement,
            evidence_text=evidence_text,
            evidence_url=evidence_url,
            request=request,
        )


def statement_save(*, statement: PublicStatement, reason: str = "") -> PublicStatement:
    """Save a public statement (shared reference data); its history keeps who changed what."""
    statement._change_reason = reason[:100]
    statement.save()
    return statement


def relationship_save(
    *, relationship: Relationship, changed: Iterable[str], request: HttpRequest
) -> Relationship:
    created = relationship.pk is None
    for organization in (relationship.from_organization, relationship.to_organization):
        if organization is not None and organization.campaign_id != relationship.campaign_id:
            raise PowerMapError(_("This organization is not part of this campaign."))
    with transaction.atomic():
        if created:
            relationship.added_by = request.user
        relationship.save()
        audit.record(
            action="power_map.relationship_added" if created else "power_map.relationship_updated",
            request=request,
            campaign=relationship.campaign,
            objects=[relationship],
            kind=relationship.kind,
            changed=sorted(changed),
        )
    return relationship


def relationship_delete(*, relationship: Relationship, request: HttpRequest) -> None:
    with transaction.atomic():
        audit.record(
            action="power_map.relationship_deleted",
            request=request,
            campaign=relationship.campaign,
            objects=[relationship],
            kind=relationship.kind,
        )
        relationship.delete()


def record_export(
    *,
    campaign: Campaign,
    fmt: str,
    objects: Sequence[models.Model],
    request: HttpRequest,
    purpose: str = "",
    personal_data: bool = False,
    **details: Any,
) -> None:
    """Every export of the map leaves a record: who, which campaign, what format, why."""
    audit.record(
        action="power_map.exported",
        request=request,
        campaign=campaign,
        objects=objects,
        reason=purpose,
        format=fmt,
        personal_data=personal_data,
        **details,
    )
