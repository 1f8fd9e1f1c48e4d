"""Fictional stories for the demo campaign (used by `manage.py seed_demo`)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from core.crypto import keyed_hash
from stories.models import (
    Consent,
    ConsentText,
    Identifiability,
    Purpose,
    Story,
    Storyteller,
    StoryTheme,
)
from stories.services import recompute_hold

CENTRAL = ZoneInfo("America/Chicago")

DEMO_STORIES = [
    {
        "name": "Demo Storyteller Amaya",
        "language": "es",
        "narrative": (
            "Pagué la fianza un viernes por la tarde. En lugar de soltarme, la cárcel del "
            "condado me retuvo hasta el miércoles, cuando llegó ICE. Mi hija de diez años se "
            "quedó con una vecina todo ese tiempo."
        ),
        "details": "vecina",
        "themes": ["held_past_release", "family_separated"],
        "ended": datetime(2026, 3, 6, 17, 30, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.BAIL_POSTED,
        "outcome_at": datetime(2026, 3, 11, 10, 0, tzinfo=CENTRAL),
        "consent": {
            Purpose.INTERNAL: Identifiability.FIRST_NAME,
            Purpose.POLICYMAKERS_ANONYMIZED: Identifiability.ANONYMIZED,
        },
    },
    {
        "name": "Demo Storyteller Brooks",
        "language": "en",
        "narrative": (
            "My brother's charges were dropped on a Thursday. The jail kept him through the "
            "weekend on an ICE hold and he lost his job at the warehouse."
        ),
        "details": "the warehouse",
        "themes": ["held_past_release", "lost_work"],
        "ended": datetime(2026, 5, 14, 11, 0, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.CHARGES_DROPPED,
        "outcome_at": datetime(2026, 5, 19, 15, 0, tzinfo=CENTRAL),
        "consent": {
            Purpose.INTERNAL: Identifiability.FULL_NAME,
            Purpose.POLICYMAKERS_NAMED: Identifiability.FULL_NAME,
            Purpose.HEARING: Identifiability.FULL_NAME,
        },
    },
]


def seed_stories(*, campaign: Any, taken_by: Any) -> int:
    """Create the demo stories once (matched by the storyteller's keyed name hash)."""
    created = 0
    for data in DEMO_STORIES:
        if (
            Storyteller.objects.for_campaign(campaign)
            .filter(name_hash=keyed_hash(data["name"]))
            .exists()
        ):
            continue
        with transaction.atomic():
            teller = Storyteller.objects.create(
                campaign=campaign,
                name=data["name"],
                name_hash=keyed_hash(data["name"]),
                preferred_language=data["language"],
            )
            story = Story(
                campaign=campaign,
                storyteller=teller,
                taken_by=taken_by,
                status=Story.Status.COMPLETE,
                narrative=data["narrative"],
                identifying_details=data["details"],
                time_zone="America/Chicago",
                custody_ended_at=data["ended"],
                custody_end_reason=data["reason"],
                outcome=Story.Outcome.HANDED_TO_ICE,
                outcome_at=data["outcome_at"],
            )
            recompute_hold(story)
            story.save()
            StoryTheme.objects.bulk_create(StoryTheme(story=story, theme=t) for t in data["themes"])
            text = (
                ConsentText.objects.filter(language=data["language"]).order_by("-version").first()
            )
            Consent.objects.bulk_create(
                Consent(
                    story=story,
                    purpose=purpose,
                    granted=purpose in data["consent"],
                    identifiability=data["consent"].get(purpose, Identifiability.ANONYMIZED),
                    method=Consent.Method.IN_PERSON,
                    collected_by=taken_by,
                    recorded_by=taken_by,
                    consent_text=text,
                )
                for purpose in Purpose.values
            )
        created += 1
    return created
