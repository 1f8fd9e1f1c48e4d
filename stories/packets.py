"""Story packets: the stories a lead brings to a meeting or a hearing, as consent allows."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
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
    included: list[StoryView] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label


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


def build(
    *,
    campaign: Any,
    user: Any,
    purpose: str,
    story_ids: list[int],
    reason: str,
    request: HttpRequest | None = None,
) -> Packet:
    """Include each chosen story whose consent covers `purpose` today, redacted for it; list the
    others with the reason. Audited with every story included."""
    packet = Packet(
        campaign=campaign, purpose=purpose, reason=reason, made_by=user, made_at=timezone.now()
    )
    allowed = {
        s.pk: s
        for s in Story.objects.visible_to(user, campaign, purpose)
        .filter(pk__in=story_ids, status=Story.Status.COMPLETE)
        .select_related("storyteller", "facility", "jurisdiction")
        .prefetch_related("themes", "consents")
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
        else:
            other = others.get(pk)
            packet.left_out.append(
                (other.reference if other else f"#{pk}", _why_left_out(other, purpose))
            )
    audit.record(
        action="packet.generated",
        actor=user,
        request=request,
        campaign=campaign,
        objects=list(allowed.values()),
        reason=reason,
        purpose=purpose,
        left_out=[ref for ref, _why in packet.left_out],
    )
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
