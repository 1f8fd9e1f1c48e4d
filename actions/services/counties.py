"""Requests from the public to lead the campaign in their county, and staff's review of them.

Approving one creates the campaign (with its plan set on the county) and invites the person as
its lead through the coalition's own invitation; the person signs up, or signs in, through it.
"""

import smtplib

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actions.models import CampaignPlan, LeadRequest, LeadRequestStatus
from coalition.models import Campaign
from coalition.permissions import Role
from coalition.services.campaigns import campaign_create
from coalition.services.members import invite_member
from core import audit
from core.crypto import keyed_hash
from targets.models import Jurisdiction


class LeadRequestError(Exception):
    """A request or a decision the rules refuse; the message is for the person."""


def _already_pending(county: Jurisdiction) -> str:
    return _(
        "We already have your offer to lead the campaign in %(county)s, and it is waiting for "
        "review. Nothing new was saved: there is no need to send it again."
    ) % {"county": county}


def lead_request_submit(
    *,
    county: Jurisdiction,
    name: str,
    email: str,
    phone: str = "",
    organization: str = "",
    message: str = "",
    language: str = "",
    request: HttpRequest,
) -> LeadRequest:
    """Store the offer, unless the same address already has one waiting for this county."""
    email = email.strip()
    email_hash = keyed_hash(email)
    pending = LeadRequest.objects.filter(
        jurisdiction=county, email_hash=email_hash, status=LeadRequestStatus.PENDING
    )
    if pending.exists():
        raise LeadRequestError(_already_pending(county))
    try:
        with transaction.atomic():
            lead_request = LeadRequest.objects.create(
                jurisdiction=county,
                name=name.strip(),
                email=email,
                email_hash=email_hash,
                phone=phone.strip(),
                organization=organization.strip(),
                message=message.strip(),
                language=language[:8],
            )
            audit.record(
                action="lead_request.received",
                request=request,
                objects=[lead_request],
                jurisdiction=county.pk,
            )
    except IntegrityError:
        # The same offer sent twice at once: the constraint let one through.
        raise LeadRequestError(_already_pending(county)) from None
    return lead_request


def campaign_name(county: Jurisdiction) -> str:
    state = county.state.postal_code if county.state else ""
    return f"End 287(g) in {county.name}, {state}" if state else f"End 287(g) in {county.name}"


def _new_campaign(county: Jurisdiction) -> Campaign:
    """end-287g-harrison-county-tx, or -2, -3, … when that address is taken."""
    state = county.state.postal_code if county.state else ""
    return campaign_create(
        name=campaign_name(county),
        slug_text=f"end 287g {county.name} {state}",
        jurisdiction_text=str(county),
    )


def _locked(lead_request: LeadRequest) -> LeadRequest:
    """The request, read again under a row lock, so two reviewers cannot both decide it."""
    locked = LeadRequest.objects.select_for_update().get(pk=lead_request.pk)
    locked.jurisdiction = Jurisdiction.objects.select_related("state").get(
        pk=locked.jurisdiction_id
    )
    return locked


def _check_pending(lead_request: LeadRequest) -> None:
    if lead_request.status == LeadRequestStatus.PENDING:
        return
    reviewed = lead_request.reviewed_at
    when = date_format(timezone.localtime(reviewed), "DATE_FORMAT") if reviewed else "—"
    if lead_request.status == LeadRequestStatus.APPROVED:
        raise LeadRequestError(
            _(
                "This request was already approved on %(date)s: nothing was changed. Its "
                "campaign is “%(campaign)s”."
            )
            % {"date": when, "campaign": lead_request.campaign or "—"}
        )
    raise LeadRequestError(
        _(
            "This request was declined on %(date)s, so it cannot be decided again: nothing was "
            "changed. The person can send a new request from the county's page."
        )
        % {"date": when}
    )


def _mark_reviewed(lead_request: LeadRequest, status: str, note: str, request: HttpRequest) -> None:
    lead_request.status = status
    lead_request.review_note = note.strip()
    lead_request.reviewed_by = request.user
    lead_request.reviewed_at = timezone.now()


def lead_request_approve(
    *, lead_request: LeadRequest, note: str = "", request: HttpRequest
) -> Campaign:
    """Create the county's campaign and its plan, and invite the person as its lead."""
    with transaction.atomic():
        lead_request = _locked(lead_request)
        _check_pending(lead_request)
        county = lead_request.jurisdiction
        campaign = _new_campaign(county)
        plan = CampaignPlan.objects.create(campaign=campaign, jurisdiction=county)
        _mark_reviewed(lead_request, LeadRequestStatus.APPROVED, note, request)
        lead_request.campaign = campaign
        lead_request.save(
            update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "campaign"]
        )
        audit.record(
            action="lead_request.approved",
            request=request,
            campaign=campaign,
            objects=[lead_request, campaign, plan],
            jurisdiction=county.pk,
        )
        # The invitation is the last step: if its email cannot be sent, nothing is kept. It
        # reaches the person in the language they wrote in.
        try:
            with translation.override(lead_request.language or translation.get_language()):
                invite_member(
                    campaign=campaign,
                    email=lead_request.email,
                    role=Role.LEAD,
                    invited_by=request.user,
                    request=request,
                )
        except (smtplib.SMTPException, OSError) as error:
            raise LeadRequestError(
                _(
                    "The invitation email could not be sent, so nothing was changed: the "
                    "request is still waiting. Try again in a few minutes."
                )
            ) from error
    return campaign


def lead_request_decline(
    *, lead_request: LeadRequest, note: str = "", request: HttpRequest
) -> LeadRequest:
    with transaction.atomic():
        lead_request = _locked(lead_request)
        _check_pending(lead_request)
        _mark_reviewed(lead_request, LeadRequestStatus.DECLINED, note, request)
        lead_request.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit.record(
            action="lead_request.declined",
            request=request,
            objects=[lead_request],
            jurisdiction=lead_request.jurisdiction_id,
        )
    return lead_request
