"""The one redaction function: what a story shows for a purpose, given its consent.

Every page, packet, export and API response renders a StoryView made here, never a Story.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from stories import scrubbing
from stories.models import ANONYMIZED_PURPOSES, Consent, Identifiability, Purpose, Story


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
    booked_at: datetime | None = None
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


def flagged(story: Story, level: str) -> list[scrubbing.Finding]:
    """What the narrative loses at `level` (stories.scrubbing): at first name, the rest of the
    name, the contact's values and the marked details; anonymized, the whole name too and every
    phone number, email address, street address and exact date found."""
    anonymous = level == Identifiability.ANONYMIZED
    return scrubbing.find(
        story.narrative,
        names=scrubbing.name_phrases(story.storyteller.name, keep_first=not anonymous),
        contact=story.storyteller.contact,
        details=story.identifying_details.splitlines(),
        generic=anonymous,
    )


def released_keys(story: Story) -> frozenset[str]:
    """The items a lead kept in this story's anonymized uses (stories.releases), from the
    prefetched `redaction_releases` where the caller prefetched them."""
    return frozenset(scrubbing.release_key(r.item) for r in story.redaction_releases.all())


def narrative_at(story: Story, level: str) -> str:
    """The narrative as shown at `level`, each removed part replaced by a marker saying what
    it was ("[phone removed]"), in the language of the page or packet being made."""
    if level == Identifiability.FULL_NAME:
        return story.narrative
    released = released_keys(story) if level == Identifiability.ANONYMIZED else frozenset()
    return scrubbing.apply(story.narrative, flagged(story, level), released)


def shown_name(name: str, level: str) -> str:
    """The storyteller's name at a level of identifiability: whole, its first part, or none."""
    if level == Identifiability.FULL_NAME:
        return name
    if level == Identifiability.FIRST_NAME:
        return name.split()[0] if name.split() else ""
    return ""


def identifiability_for(purpose: str, consent: Consent | None) -> str:
    """How identifiable a story may be for a use, from the consent for that use. Nobody gets
    more than consent gives: a story without consent in force is shown anonymized at most (and
    is not listed at all; stories.access decides that)."""
    if purpose in ANONYMIZED_PURPOSES:
        return Identifiability.ANONYMIZED
    if consent is not None and consent.granted:
        return consent.identifiability
    return Identifiability.ANONYMIZED


def redact(
    story: Story,
    *,
    purpose: str,
    consent: Consent | None = None,
    level: str | None = None,
    with_contact: bool = False,
) -> StoryView:
    """What `story` shows for `purpose`: at `level` when the caller has the person's access
    decision (stories.access), else as the consent for `purpose` allows. The contact appears
    only where asked for (the story's own page, for internal work) and only with full
    identifiability; packets never ask."""
    if level is None:
        level = identifiability_for(purpose, consent)
    full = level == Identifiability.FULL_NAME
    anonymous = level == Identifiability.ANONYMIZED
    name = shown_name(story.storyteller.name, level)
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
        narrative=narrative_at(story, level),
        themes=[t.get_theme_display() for t in story.themes.all()],
        facility=str(story.facility) if story.facility_id else "",
        jurisdiction=str(story.jurisdiction) if story.jurisdiction_id else "",
        month=reference_time.strftime("%Y-%m") if reference_time else "",
        booked_at=story.booked_at if exact else None,
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
