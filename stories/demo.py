"""Fictional stories for the demo campaign (used by `manage.py seed_demo`)."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from coalition.models import Membership
from coalition.permissions import Role
from core.crypto import name_hash
from stories.models import (
    Consent,
    ConsentText,
    Identifiability,
    Purpose,
    Story,
    Storyteller,
    StoryTheme,
)
from stories.services import erase_storyteller, recompute_hold, withdraw_consent

CENTRAL = ZoneInfo("America/Chicago")

DEMO_STORIES = [
    {
        "name": "Amaya Demo-Quispe",
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
        "name": "Dana Demo-Brooks",
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
    {
        "name": "Elena Demo-Ruiz",
        "language": "es",
        "narrative": (
            "A mi esposo lo detuvieron por una luz trasera rota. Los cargos se retiraron el "
            "lunes, pero la cárcel lo entregó a ICE el jueves. Mi teléfono es 555-010-7788."
        ),
        "details": "luz trasera",
        "themes": ["held_past_release", "family_separated"],
        "ended": datetime(2026, 4, 6, 9, 0, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.CHARGES_DROPPED,
        "outcome_at": datetime(2026, 4, 9, 14, 0, tzinfo=CENTRAL),
        # Anonymized for internal use: the name, the phone and the exact dates never show.
        "consent": {
            Purpose.INTERNAL: Identifiability.ANONYMIZED,
            Purpose.PUBLIC_ANONYMIZED: Identifiability.ANONYMIZED,
        },
    },
    {
        "name": "Farah Demo-Soto",
        "language": "en",
        "narrative": "I was held four days after my bail was paid. My children missed school.",
        "details": "",
        "themes": ["bail", "family_separated"],
        "ended": datetime(2026, 2, 13, 16, 0, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.BAIL_POSTED,
        "outcome_at": datetime(2026, 2, 17, 12, 0, tzinfo=CENTRAL),
        "consent": {Purpose.INTERNAL: Identifiability.FULL_NAME},
        "then": "withdraw",  # she took back all consent: the story leaves every list
    },
    {
        "name": "Gloria Demo-Vega",
        "language": "es",
        "narrative": "Me retuvieron dos días después de que el juez me dejó libre.",
        "details": "",
        "themes": ["held_past_release"],
        "ended": datetime(2026, 1, 9, 10, 0, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.RECOGNIZANCE,
        "outcome_at": datetime(2026, 1, 12, 18, 0, tzinfo=CENTRAL),
        "consent": {Purpose.INTERNAL: Identifiability.FIRST_NAME},
        "then": "expire",  # her consent had an end date, and it has passed
    },
    {
        "name": "Hilda Demo-Paz",
        "language": "en",
        "narrative": "They kept my son past his release date and handed him to ICE.",
        "details": "",
        "themes": ["transferred"],
        "ended": datetime(2026, 5, 1, 8, 0, tzinfo=CENTRAL),
        "reason": Story.CustodyEnd.SENTENCE_SERVED,
        "outcome_at": datetime(2026, 5, 4, 9, 0, tzinfo=CENTRAL),
        "consent": {Purpose.INTERNAL: Identifiability.FULL_NAME},
        "then": "erase",  # erased on request: only an anonymous record that still counts
    },
]


def seed_stories(*, campaign: Any, taken_by: Any) -> int:
    """Create the demo stories once (matched by the storyteller's keyed name hash)."""
    created = 0
    for data in DEMO_STORIES:
        if (
            Storyteller.objects.for_campaign(campaign)
            .filter(name_hash=name_hash(data["name"]))
            .exists()
        ):
            continue
        with transaction.atomic():
            teller = Storyteller.objects.create(
                campaign=campaign,
                name=data["name"],
                name_hash=name_hash(data["name"]),
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
            _then(data.get("then"), story=story, campaign=campaign, taken_by=taken_by)
        created += 1
    return created


def _then(step: str | None, *, story: Story, campaign: Any, taken_by: Any) -> None:
    """What happened to a demo story after its consent, so a new user sees each situation."""
    if step == "withdraw":
        withdraw_consent(story=story, purposes=None, user=taken_by)
    elif step == "expire":
        Consent.objects.create(
            story=story,
            purpose=Purpose.INTERNAL,
            granted=True,
            identifiability=Identifiability.FIRST_NAME,
            method=Consent.Method.IN_PERSON,
            collected_by=taken_by,
            recorded_by=taken_by,
            expires_on=date(2026, 6, 30),
        )
    elif step == "erase":
        lead = (
            Membership.objects.for_campaign(campaign)
            .filter(role=Role.LEAD)
            .select_related("user")
            .first()
        )
        erase_storyteller(
            story=story,
            user=lead.user if lead else taken_by,
            reason="Demo: the storyteller asked by phone to be erased.",
        )
