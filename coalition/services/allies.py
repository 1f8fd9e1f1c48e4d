"""Writes about allied organizations, tags, interactions, principles and endorsements."""

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import (
    Campaign,
    Endorsement,
    Interaction,
    Membership,
    Organization,
    Principle,
    Tag,
)
from core import audit


def tag_for_name(*, campaign: Campaign, name: str) -> Tag:
    """The campaign's tag of this name (ignoring case), created when there is none."""
    name = " ".join(name.split())
    # Compared as the unique constraint compares (the database's lower case, which for a few
    # letters such as the Kelvin sign differs from iexact's upper case) and as people do.
    existing = (
        Tag.objects.for_campaign(campaign)
        .alias(lowered=Lower("name"))
        .filter(Q(name__iexact=name) | Q(lowered=Lower(Value(name))))
        .first()
    )
    return existing or Tag.objects.create(campaign=campaign, name=name)


def organization_save(
    *,
    organization: Organization,
    tags: Iterable[Tag],
    changed: Iterable[str],
    request: HttpRequest,
) -> Organization:
    """Create or update an organization; a change of stance is written to its log."""
    created = organization.pk is None
    with transaction.atomic():
        old_stance = None
        if not created:
            old_stance = (
                Organization.objects.for_campaign(organization.campaign)
                .filter(pk=organization.pk)
                .values_list("stance", flat=True)
                .first()
            )
        organization.save()
        organization.tags.set(tags)
        if not created and old_stance != organization.stance:
            Interaction.objects.create(
                campaign=organization.campaign,
                organization=organization,
                kind=Interaction.Kind.STANCE,
                summary=_("Stance changed from %(old)s to %(new)s.")
                % {"old": _stance_label(old_stance), "new": _stance_label(organization.stance)},
                logged_by=request.user,
            )
        audit.record(
            action="organization.created" if created else "organization.updated",
            request=request,
            campaign=organization.campaign,
            objects=[organization],
            changed=sorted(changed),
        )
    return organization


def _stance_label(stance: int | None) -> str:
    if stance is None:
        return str(_("not assessed"))
    return str(Organization.Stance(stance).label)


def organization_delete(*, organization: Organization, request: HttpRequest) -> None:
    with transaction.atomic():
        audit.record(
            action="organization.deleted",
            request=request,
            campaign=organization.campaign,
            objects=[organization],
        )
        organization.delete()


def interaction_log(*, interaction: Interaction, request: HttpRequest) -> Interaction:
    with transaction.atomic():
        interaction.logged_by = request.user
        interaction.save()
        audit.record(
            action="interaction.logged",
            request=request,
            campaign=interaction.campaign,
            objects=[
                interaction,
                *(o for o in (interaction.organization, interaction.contact) if o is not None),
            ],
            kind=interaction.kind,
        )
    return interaction


def bulk_tag(
    *, queryset: models.QuerySet, tag: Tag, remove: bool = False, request: HttpRequest
) -> int:
    """Add (or remove) a tag on every row of a queryset of organizations or contacts, in a
    fixed number of queries."""
    model = queryset.model
    through = model.tags.through
    column = f"{model._meta.model_name}_id"
    ids = list(queryset.values_list("pk", flat=True))
    with transaction.atomic():
        if remove:
            through.objects.filter(**{f"{column}__in": ids}, tag=tag).delete()
        else:
            through.objects.bulk_create(
                [through(**{column: pk, "tag_id": tag.pk}) for pk in ids], ignore_conflicts=True
            )
        audit.record(
            action=f"{model._meta.model_name}.bulk_{'untagged' if remove else 'tagged'}",
            request=request,
            campaign=tag.campaign,
            objects=[tag, *(model(pk=pk) for pk in ids)],
            tag=tag.name,
            count=len(ids),
        )
    return len(ids)


def bulk_point_person(
    *,
    queryset: models.QuerySet,
    campaign: Campaign,
    membership: Membership | None,
    request: HttpRequest,
) -> int:
    """Give every row of a queryset of organizations or contacts the same point person."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    with transaction.atomic():
        count = (
            model.objects.for_campaign(campaign)
            .filter(pk__in=ids)
            .update(point_person=membership, updated_at=timezone.now())
        )
        audit.record(
            action=f"{model._meta.model_name}.bulk_point_person",
            request=request,
            campaign=campaign,
            objects=[model(pk=pk) for pk in ids],
            point_person=membership.user_id if membership else None,
            count=count,
        )
    return count


def principle_save(
    *, principle: Principle, changed: Iterable[str], request: HttpRequest
) -> Principle:
    created = principle.pk is None
    with transaction.atomic():
        principle.save()
        audit.record(
            action="principle.created" if created else "principle.updated",
            request=request,
            campaign=principle.campaign,
            objects=[principle],
            changed=sorted(changed),
        )
    return principle


def principle_delete(*, principle: Principle, request: HttpRequest) -> None:
    with transaction.atomic():
        audit.record(
            action="principle.deleted",
            request=request,
            campaign=principle.campaign,
            objects=[principle],
            endorsements=principle.endorsements.count(),
        )
        principle.delete()


def endorsement_record(*, endorsement: Endorsement, request: HttpRequest) -> Endorsement:
    with transaction.atomic():
        endorsement.recorded_by = request.user
        endorsement.save()
        audit.record(
            action="endorsement.recorded",
            request=request,
            campaign=endorsement.campaign,
            objects=[endorsement, endorsement.principle, endorsement.organization],
        )
    return endorsement


def endorsement_withdraw(*, endorsement: Endorsement, request: HttpRequest) -> None:
    with transaction.atomic():
        audit.record(
            action="endorsement.withdrawn",
            request=request,
            campaign=endorsement.campaign,
            objects=[endorsement, endorsement.principle, endorsement.organization],
        )
        endorsement.delete()
