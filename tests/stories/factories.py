from datetime import datetime
from zoneinfo import ZoneInfo

from core.crypto import name_hash
from stories.models import Consent, Identifiability, Purpose, Story, Storyteller, StoryTheme
from stories.services import recompute_hold


def make_story(
    campaign,
    *,
    taken_by,
    name: str = "Rosa Martínez",
    contact: str = "555-0100",
    narrative: str = "Rosa was arrested in Example City and held at the county jail.",
    identifying_details: str = "",
    complete: bool = True,
    themes: tuple[str, ...] = (),
    facility=None,
    custody_ended_at: datetime | None = None,
    outcome_at: datetime | None = None,
) -> Story:
    teller = Storyteller.objects.create(
        campaign=campaign, name=name, contact=contact, name_hash=name_hash(name)
    )
    story = Story(
        campaign=campaign,
        storyteller=teller,
        taken_by=taken_by,
        narrative=narrative,
        identifying_details=identifying_details,
        facility=facility,
        status=Story.Status.COMPLETE if complete else Story.Status.DRAFT,
        custody_ended_at=custody_ended_at,
        outcome=Story.Outcome.HANDED_TO_ICE if outcome_at else "",
        outcome_at=outcome_at,
        time_zone="America/Chicago",
    )
    recompute_hold(story)
    story.save()
    StoryTheme.objects.bulk_create([StoryTheme(story=story, theme=t) for t in themes])
    return story


def consent(
    story,
    purpose=Purpose.INTERNAL,
    *,
    granted=True,
    level=Identifiability.FULL_NAME,
    by=None,
    withdrawal=False,
    expires_on=None,
) -> Consent:
    return Consent.objects.create(
        story=story,
        purpose=purpose,
        granted=granted,
        withdrawal=withdrawal,
        identifiability=level,
        method=Consent.Method.IN_PERSON,
        collected_by=by,
        recorded_by=by,
        expires_on=expires_on,
    )


def story_samples(campaign, people) -> dict:
    """URL keywords for the stories pages: a finished story the volunteer took, with consent
    for internal use, so every role that may see stories sees it."""
    story = make_story(
        campaign,
        taken_by=people["volunteer"],
        custody_ended_at=datetime(2026, 3, 6, 18, 0, tzinfo=ZoneInfo("America/Chicago")),
    )
    consent(story, by=people["volunteer"])
    return {
        "story_pk": story.pk,
        "version": 1,
        "language": "es",
    }
