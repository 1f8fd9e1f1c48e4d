"""Story packets: the stories a lead brings to a meeting or a hearing, as consent allows.

A lead sees a packet before it is built: `preview` makes it exactly as `build` will (the same
StoryViews, printed by the same template) and gives a token that binds what was previewed; the
build checks it and is refused when anything changed since (a consent, a kept item, a story).
Both read personal data and are audited: "packet.previewed", then "packet.generated".
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core import audit
from core.pdf import html_to_pdf
from stories.models import Purpose, Story
from stories.redaction import StoryView, redact
from stories.selectors import effective_consent


@dataclass
class Packet:
    campaign: Any
    purpose: str
    reason: str
    made_by: Any
    made_at: datetime
    story_ids: list[int] = field(default_factory=list)  # as chosen, in order
    included: list[StoryView] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)
    stories: list[Story] = field(default_factory=list)  # the stories included, for the audit

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    @property
    def anonymized(self) -> list[StoryView]:
        """The stories printed anonymized, where a lead may keep a flagged item."""
        return [v for v in self.included if v.anonymized]

    @property
    def fingerprint(self) -> str:
        """Changes when anything printed would change; a keyed digest, so the preview token
        carries nothing of the stories."""
        printed = json.dumps(
            [self.purpose, [asdict(v) for v in self.included], self.left_out],
            default=str,
            sort_keys=True,
        )
        return salted_hmac(PREVIEW_SALT, printed, algorithm="sha256").hexdigest()


PREVIEW_SALT = "stories.packets.preview"
PREVIEW_MAX_AGE = 30 * 60  # seconds a preview stays good for building


def _why_left_out(story: Story | None, purpose: str) -> str:
    if story is None:
        return _("not found in this campaign")
    if story.is_erased:
        return _("erased at the storyteller's request")
    if story.status != Story.Status.COMPLETE:
        return _("the intake is not finished")
    record = effective_consent(story)[purpose]
    if record is None:
        return _("no consent was asked for this use")
    if record.withdrawal:
        return _("consent for this use was withdrawn on %(date)s") % {
            "date": timezone.localdate(record.recorded_at).isoformat()
        }
    if not record.granted:
        return _("the storyteller said no to this use")
    return _("consent for this use expired on %(date)s") % {"date": record.expires_on.isoformat()}


def assemble(
    *, campaign: Any, user: Any, purpose: str, story_ids: list[int], reason: str
) -> Packet:
    """Include each chosen story whose consent covers `purpose` today, redacted for it; list the
    others with the reason. Not audited by itself: `preview` and `build` are."""
    packet = Packet(
        campaign=campaign,
        purpose=purpose,
        reason=reason,
        made_by=user,
        made_at=timezone.now(),
        story_ids=list(story_ids),
    )
    allowed = {
        s.pk: s
        for s in Story.objects.visible_to(user, campaign, purpose)
        .filter(pk__in=story_ids, status=Story.Status.COMPLETE)
        .select_related("storyteller", "facility", "jurisdiction")
        .prefetch_related("themes", "consents", "redaction_releases")
    }
    others = {
        s.pk: s
        for s in Story.objects.for_campaign(campaign)
        .filter(pk__in=set(story_ids) - set(allowed))
        .prefetch_related("consents")
    }
    for pk in story_ids:
        story = allowed.get(pk)
        if story is not None:
            consent = effective_consent(story)[purpose]
            packet.included.append(redact(story, purpose=purpose, consent=consent))
            packet.stories.append(story)
        else:
            other = others.get(pk)
            packet.left_out.append(
                (other.reference if other else f"#{pk}", _why_left_out(other, purpose))
            )
    return packet


def _audit(packet: Packet, action: str, request: HttpRequest | None) -> None:
    audit.record(
        action=action,
        actor=packet.made_by,
        request=request,
        campaign=packet.campaign,
        objects=packet.stories,
        reason=packet.reason,
        purpose=packet.purpose,
        left_out=[ref for ref, _why in packet.left_out],
    )


def preview(
    *,
    campaign: Any,
    user: Any,
    purpose: str,
    story_ids: list[int],
    reason: str,
    request: HttpRequest | None = None,
) -> Packet:
    """The packet as it would be printed, before it is built. Showing it is an access to the
    stories in it: audited as "packet.previewed"."""
    packet = assemble(
        campaign=campaign, user=user, purpose=purpose, story_ids=story_ids, reason=reason
    )
    _audit(packet, "packet.previewed", request)
    return packet


def build(
    *,
    campaign: Any,
    user: Any,
    purpose: str,
    story_ids: list[int],
    reason: str,
    request: HttpRequest | None = None,
) -> Packet:
    """The packet itself, what is printed or made into a PDF. Audited as "packet.generated"
    with every story included."""
    packet = assemble(
        campaign=campaign, user=user, purpose=purpose, story_ids=story_ids, reason=reason
    )
    _audit(packet, "packet.generated", request)
    return packet


def _bound(packet: Packet) -> dict:
    """What a preview token binds: who, where, for what, which stories, why, what was shown."""
    return {
        "user": packet.made_by.pk,
        "campaign": packet.campaign.pk,
        "purpose": packet.purpose,
        "stories": [*map(int, packet.story_ids)],
        "reason": hashlib.sha256(packet.reason.encode()).hexdigest(),
        "printed": packet.fingerprint,
    }


def preview_token(packet: Packet) -> str:
    return signing.dumps(_bound(packet), salt=PREVIEW_SALT)


class PreviewMismatch(Exception):
    """The build does not match a preview the lead saw: no token, an expired one, other
    choices, or the stories would print differently now."""


def build_previewed(
    *,
    token: str,
    campaign: Any,
    user: Any,
    purpose: str,
    story_ids: list[int],
    reason: str,
    request: HttpRequest | None = None,
) -> Packet:
    """Build the packet the lead previewed, and only that. Raises PreviewMismatch (after
    nothing is audited) when it would differ from the preview in any way."""
    try:
        seen = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise PreviewMismatch from error
    packet = assemble(
        campaign=campaign, user=user, purpose=purpose, story_ids=story_ids, reason=reason
    )
    if seen != _bound(packet):
        raise PreviewMismatch
    _audit(packet, "packet.generated", request)
    return packet


def pdf_response(request: HttpRequest, packet: Packet) -> HttpResponse:
    """The packet as a PDF download. Raises core.pdf.PdfUnavailable without WeasyPrint."""
    html = render_to_string("stories/packet_print.html", {"packet": packet}, request=request)
    pdf = html_to_pdf(
        html, stylesheet="stories/packet.css", base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"story-packet-{packet.campaign.slug}-{packet.made_at:%Y%m%d-%H%M}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
