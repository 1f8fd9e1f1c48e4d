"""The one redaction function: what a story shows for a purpose, given its consent.

Every page, packet, export and API response renders a StoryView made here, never a Story.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from stories.models import ANONYMIZED_PURPOSES, Consent, Identifiability, Purpose, Story

REMOVED = "[…]"


@dataclass(frozen=True)
class StoryView:
    pk: int
    reference: str
    identifiability: str
    name: str  # "" when anonymized
    contact: str  # only for internal work with full identifiability
    narrative: str
    themes: list[str] = field(default_factory=list)
    facility: str = ""
    jurisdiction: str = ""
    month: str = ""  # "2026-03"; exact dates only when identifiable
    detainer_lodged_at: datetime | None = None
    custody_ended_at: datetime | None = None
    custody_end_reason: str = ""
    outcome: str = ""
    outcome_at: datetime | None = None
    hold_deadline: datetime | None = None
    held_past: timedelta | None = None
    hold_rule: str = ""
    status: str = ""
    erased: bool = False

    @property
    def anonymized(self) -> bool:
        return self.identifiability == Identifiability.ANONYMIZED

    @property
    def display_name(self) -> str:
        return self.name or _("Anonymous storyteller")


def _phrases(story: Story, identifiability: str) -> list[str]:
    """What must disappear from the narrative at this level of identifiability."""
    phrases = [line.strip() for line in story.identifying_details.splitlines() if line.strip()]
    name_parts = story.storyteller.name.split()
    if identifiability == Identifiability.ANONYMIZED:
        phrases += [story.storyteller.name, *name_parts]
    elif identifiability == Identifiability.FIRST_NAME:
        phrases += name_parts[1:]
    # Longest first, so "Maria Lopez" goes before "Maria".
    return sorted({p for p in phrases if len(p) > 1}, key=len, reverse=True)


def scrub(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", REMOVED, text, flags=re.IGNORECASE)
    return text


def identifiability_for(
    story: Story, *, purpose: str, consent: Consent | None, viewer: Any = None
) -> str:
    if purpose in ANONYMIZED_PURPOSES:
        return Identifiability.ANONYMIZED
    if consent is not None and consent.granted:
        return consent.identifiability
    # No consent in force: only the person who took the story sees it whole, to finish it.
    if viewer is not None and story.taken_by_id == getattr(viewer, "pk", None):
        return Identifiability.FULL_NAME
    return Identifiability.ANONYMIZED


def redact(
    story: Story,
    *,
    purpose: str,
    consent: Consent | None,
    viewer: Any = None,
    with_contact: bool = False,
) -> StoryView:
    """What `story` shows for `purpose`. The contact appears only where asked for (the story's
    own page, for internal work) and only with full identifiability; packets never ask."""
    level = identifiability_for(story, purpose=purpose, consent=consent, viewer=viewer)
    full = level == Identifiability.FULL_NAME
    anonymous = level == Identifiability.ANONYMIZED
    name = story.storyteller.name
    if anonymous:
        name = ""
    elif level == Identifiability.FIRST_NAME:
        name = name.split()[0] if name.split() else ""
    reference_time = story.custody_ended_at or story.detainer_lodged_at or story.created_at
    exact = not anonymous
    return StoryView(
        pk=story.pk,
        reference=story.reference,
        identifiability=level,
        name=name,
        contact=story.storyteller.contact
        if (with_contact and full and purpose == Purpose.INTERNAL)
        else "",
        narrative=story.narrative if full else scrub(story.narrative, _phrases(story, level)),
        themes=[t.get_theme_display() for t in story.themes.all()],
        facility=str(story.facility) if story.facility_id else "",
        jurisdiction=str(story.jurisdiction) if story.jurisdiction_id else "",
        month=reference_time.strftime("%Y-%m") if reference_time else "",
        detainer_lodged_at=story.detainer_lodged_at if exact else None,
        custody_ended_at=story.custody_ended_at if exact else None,
        custody_end_reason=story.get_custody_end_reason_display(),
        outcome=story.get_outcome_display(),
        outcome_at=story.outcome_at if exact else None,
        hold_deadline=story.hold_deadline if exact else None,
        held_past=story.held_past,
        hold_rule=story.get_hold_rule_display(),
        status=story.get_status_display(),
        erased=story.is_erased,
    )
