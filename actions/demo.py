"""A month of a fictional campaign plan for the demo campaign (used by `manage.py seed_demo`).

Idempotent: rows are found by name or title before they are created, so a second run only tops
the demo up. The month shown is the calendar month before today, so the timeline always has a
full month behind it and a few actions ahead. The place (Example County, Anystate) is fictional
reference data, created only if no such place exists.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from actions.models import (
    ActionKind,
    ActionStatus,
    ActionStory,
    CampaignAction,
    CampaignPlan,
    Demand,
    DemandState,
    DemandStateChange,
    Goal,
    LetterCampaign,
    Petition,
    PetitionCounter,
    PolicyElement,
    PublicStatus,
    RecordsRequest,
    ResearchLink,
    ResearchQuestion,
)
from actions.models.actions import STORY_PURPOSES
from actions.services.messaging import messaging_from_examples
from actions.services.petitions import sign
from actions.services.plan import plan_for
from actions.services.reference import ensure_policy_elements
from actions.services.research import ensure_research_questions, records_save
from coalition.models import Campaign, Membership, Organization
from coalition.permissions import Role
from stories.models import Story
from targets.models import (
    Arrangement,
    CustodyStep,
    Facility,
    Jurisdiction,
    Office,
    Official,
)
from targets.services import save_jurisdiction


def demo_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the month the demo fills: the month before today."""
    today = today or timezone.localdate()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _place() -> tuple[Jurisdiction, dict[str, Office], Facility]:
    county = Jurisdiction.objects.filter(
        name="Example County", kind__in=Jurisdiction.COUNTY_LEVEL
    ).first()
    if county is None:
        state = Jurisdiction.objects.filter(name="Anystate", kind=Jurisdiction.Kind.STATE).first()
        if state is None:
            state = save_jurisdiction(
                jurisdiction=Jurisdiction(name="Anystate", kind=Jurisdiction.Kind.STATE)
            )
        county = save_jurisdiction(
            jurisdiction=Jurisdiction(
                name="Example County", kind=Jurisdiction.Kind.COUNTY, parent=state
            )
        )
    city = Jurisdiction.objects.filter(name="Example City", parent=county).first()
    if city is None:
        city = save_jurisdiction(
            jurisdiction=Jurisdiction(
                name="Example City", kind=Jurisdiction.Kind.CITY, parent=county
            )
        )
    offices = {}
    for key, name, kind, place in (
        ("sheriff", "Example County Sheriff's Office", Office.Kind.SHERIFF, county),
        ("board", "Example County Board of Supervisors", Office.Kind.COUNTY_BOARD, county),
        ("police", "Example City Police Department", Office.Kind.POLICE, city),
    ):
        offices[key], _created = Office.objects.get_or_create(
            name=name, jurisdiction=place, defaults={"kind": kind}
        )
    jail, _created = Facility.objects.get_or_create(
        name="Example County Jail",
        defaults={
            "kind": Facility.Kind.COUNTY_JAIL,
            "jurisdiction": county,
            "controlling_office": offices["sheriff"],
            "daily_bed_cost": Decimal("165.00"),
        },
    )
    for office, stage in (
        (offices["police"], CustodyStep.Stage.PRETRIAL),
        (offices["sheriff"], CustodyStep.Stage.BOOKING),
    ):
        if not CustodyStep.objects.filter(arresting_office=office, is_usual_final=True).exists():
            CustodyStep.objects.get_or_create(
                arresting_office=office,
                facility=jail,
                stage=stage,
                defaults={"is_usual_final": True},
            )
    Arrangement.objects.get_or_create(
        office=offices["sheriff"],
        kind=Arrangement.Kind.AGREEMENT_287G,
        model_287g=Arrangement.Model287g.JAIL,
        defaults={
            "status": Arrangement.Status.ACTIVE,
            "facility": jail,
            "signed_on": datetime.date(2025, 2, 24),
        },
    )
    return county, offices, jail


GOALS = [
    "The Sheriff stops holding anyone for ICE, by county ordinance.",
    "End the county's 287(g) agreement.",
    "Keep families together and make it safe for immigrants to call the police.",
]

ANSWERS = {
    "final-custody": (
        "Almost everyone arrested in the county, including by Example City police, is held at "
        "the Example County Jail, run by the Sheriff's Office.",
        "Research meeting with the Undersheriff\nPublic defenders' office",
    ),
    "agreements": (
        "A 287(g) agreement (jail enforcement model) signed in February 2025.",
        "ICE's list of participating agencies",
    ),
    "detention-cost": (
        "The jail's budget gives about $165 a day per bed; ICE pays nothing for holds.",
        "County budget, adopted version",
    ),
    "ice-programs": ("287(g) in the jail and fingerprint sharing.", ""),
}

# (element code, targets, [(state, day of the month, note)], public)
DEMANDS = [
    (
        "no-holds",
        ("sheriff", "board"),
        [(DemandState.PRESENTED, 3, "Presented to the Undersheriff")],
        True,
    ),
    ("end-287g", ("sheriff",), [(DemandState.PRESENTED, 3, "Presented to the Undersheriff")], True),
    ("no-release-dates", ("sheriff",), [], False),
    (
        "no-ice-in-jail",
        ("sheriff", "board"),
        [(DemandState.PRESENTED, 22, "Testimony at the budget hearing")],
        True,
    ),
    ("no-place-of-birth", ("sheriff",), [], False),
    (
        "no-juvenile-holds",
        ("board",),
        [
            (DemandState.PRESENTED, 22, "Testimony at the budget hearing"),
            (DemandState.COMMITTED, 27, "Two supervisors said they would vote for it"),
        ],
        True,
    ),
]

# (day offset from the first of the demo month, kind, title, status, targets, public, summary)
ACTIONS = [
    (
        2,
        ActionKind.MEETING,
        "Research meeting with the Undersheriff",
        ActionStatus.DONE,
        ("sheriff",),
        False,
        "",
    ),
    (
        7,
        ActionKind.KYR_WORKSHOP,
        "Know-your-rights workshop at First Street Congregation",
        ActionStatus.DONE,
        (),
        True,
        "Forty neighbors learned what to do if ICE places a hold.",
    ),
    (
        11,
        ActionKind.RECORDS_REQUEST,
        "Records request: ICE holds at the county jail",
        ActionStatus.DONE,
        ("sheriff",),
        False,
        "",
    ),
    (
        16,
        ActionKind.VIGIL,
        "Vigil outside the county jail",
        ActionStatus.DONE,
        ("sheriff",),
        True,
        "Families held a vigil for neighbors kept in the jail for ICE.",
    ),
    (
        21,
        ActionKind.TESTIMONY,
        "Testimony at the county budget hearing",
        ActionStatus.DONE,
        ("board",),
        True,
        "Coalition members asked the Board to stop paying for ICE holds.",
    ),
    (
        26,
        ActionKind.MEDIA,
        "Press conference: what ICE holds cost the county",
        ActionStatus.DONE,
        ("board",),
        True,
        "The coalition released the jail's own figures on ICE holds.",
    ),
]
UPCOMING = [
    (
        5,
        ActionKind.PETITION_DELIVERY,
        "Deliver the petition to the Sheriff",
        ("sheriff",),
        True,
        "Residents deliver their signatures to the Sheriff.",
    ),
    (12, ActionKind.LETTER_CAMPAIGN, "Letters to the Board of Supervisors", ("board",), False, ""),
]


def seed_letters(*, campaign: Campaign, offices: dict[str, Office]) -> None:
    """An open letter to two fictional officials: the Sheriff and the Board's chair."""
    officials = [
        Official.objects.get_or_create(
            office=offices["sheriff"],
            name="Dana Whitfield",
            defaults={
                "title": "Sheriff",
                "email": "sheriff@example-county.example",
                "started_on": datetime.date(2021, 1, 1),
            },
        )[0],
        Official.objects.get_or_create(
            office=offices["board"],
            name="Luis Ortega",
            defaults={
                "title": "Chair of the Board of Supervisors",
                "email": "board@example-county.example",
                "started_on": datetime.date(2023, 1, 1),
            },
        )[0],
    ]
    letter_campaign, created = LetterCampaign.objects.get_or_create(
        slug="example-county-end-ice-holds",
        defaults={
            "campaign": campaign,
            "status": PublicStatus.OPEN,
            "title": "Write to the Sheriff and the Board",
            "title_es": "Escriba al Sheriff y a la Junta",
            "text": "Example County holds people for ICE for up to 48 hours after they should "
            "go home. Ask the Sheriff and the Board to stop.",
            "text_es": "El condado de Example retiene a personas para ICE hasta 48 horas después "
            "de que deberían volver a casa. Pida al Sheriff y a la Junta que dejen de hacerlo.",
            "subject": "End ICE holds in Example County",
            "body": "Dear {recipient_position} {recipient_name},\n\nI live in Example County. "
            "Please stop holding people for ICE and end the county's 287(g) agreement.\n\n"
            "Sincerely,\n{sender_name}\n{sender_place}",
        },
    )
    if created:
        letter_campaign.recipients.set(officials)


def seed_petition(*, campaign: Campaign, offices: dict[str, Office]) -> None:
    """An open petition to the Sheriff and the Board, with a few fictional signatures."""
    petition, created = Petition.objects.get_or_create(
        slug="example-county-stop-ice-holds",
        defaults={
            "campaign": campaign,
            "status": PublicStatus.OPEN,
            "goal": 200,
            "show_signers": True,
            "addressed_to": "Sheriff of Example County and the Board of Supervisors",
            "title": "Stop holding our neighbors for ICE",
            "title_es": "Dejen de retener a nuestros vecinos para ICE",
            "text": "The Example County jail keeps people for ICE after they post bail or their "
            "charges are dropped, and the Sheriff has signed a 287(g) agreement. Nothing in "
            "the law requires either. We ask the Sheriff and the Board of Supervisors to stop "
            "honoring ICE holds and to end the 287(g) agreement.",
            "text_es": "La cárcel del condado de Example retiene a personas para ICE después de "
            "que pagan la fianza o se retiran los cargos, y el Sheriff firmó un acuerdo 287(g). "
            "Ninguna ley obliga a ninguna de las dos cosas. Pedimos al Sheriff y a la Junta de "
            "Supervisores que dejen de cumplir las retenciones de ICE y terminen el acuerdo "
            "287(g).",
        },
    )
    if not created:
        return
    PetitionCounter.create_for(petition)
    petition.targets.set([offices["sheriff"], offices["board"]])
    petition.sponsors.set(Organization.objects.for_campaign(campaign)[:3])
    for n, (name, place) in enumerate(
        [("Rosa Demo", "Riverside"), ("Tomás Ejemplo", "77002"), ("Ana Muestra", "Hillview")]
    ):
        sign(
            petition,
            {
                "name": name,
                "email": f"signer{n}@example.org",
                "place": place,
                "show_publicly": True,
            },
            language="es" if n % 2 else "en",
        )


def seed_plan(*, campaign: Campaign, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    month = demo_month(today)
    with transaction.atomic():
        ensure_policy_elements()
        county, offices, jail = _place()
        seed_letters(campaign=campaign, offices=offices)
        seed_petition(campaign=campaign, offices=offices)
        plan = plan_for(campaign)
        plan.jurisdiction = county
        plan.desired_form = "ordinance"
        plan.timeline_published = True
        plan.public_key = plan.public_key or CampaignPlan.new_public_key()
        plan.public_intro = plan.public_intro or (
            "A coalition of Example County residents, congregations and legal groups asking "
            "the Sheriff and the Board of Supervisors to stop holding people for ICE."
        )
        plan.save()
        lead = (
            Membership.objects.for_campaign(campaign)
            .filter(role=Role.LEAD)
            .select_related("user")
            .first()
        )
        user = lead.user if lead else None

        for position, text in enumerate(GOALS, start=1):
            Goal.objects.get_or_create(
                campaign=campaign, text=text, defaults={"position": position}
            )

        ensure_research_questions(campaign)
        for key, (answer, sources) in ANSWERS.items():
            question = ResearchQuestion.objects.for_campaign(campaign).get(key=key)
            if not question.answer:
                question.answer, question.sources = answer, sources
                question.answered_on = month + datetime.timedelta(days=4)
                question.save()
        final = ResearchQuestion.objects.for_campaign(campaign).get(key="final-custody")
        ResearchLink.objects.get_or_create(campaign=campaign, question=final, facility=jail)

        records = (
            RecordsRequest.objects.for_campaign(campaign)
            .filter(subject="ICE hold requests received by the county jail")
            .first()
        )
        if records is None:
            records = RecordsRequest(
                campaign=campaign,
                question=ResearchQuestion.objects.for_campaign(campaign).get(key="hold-speed"),
                office=offices["sheriff"],
                subject="ICE hold requests received by the county jail",
                request_text="Every ICE detainer (Form I-247) received in the last two years, "
                "with booking and release dates.",
                law="Anystate Public Records Act",
                sent_on=month + datetime.timedelta(days=11),
                response_days=10,
                status=RecordsRequest.Status.ACKNOWLEDGED,
                owner=lead,
            )
            records_save(records_request=records)

        elements = {e.code: e for e in PolicyElement.objects.all()}
        for code, target_keys, history, public in DEMANDS:
            demand, created = Demand.objects.get_or_create(
                campaign=campaign,
                element=elements[code],
                defaults={"state_changed_on": month, "is_public": public},
            )
            if not created:
                continue
            demand.targets.set([offices[k] for k in target_keys])
            DemandStateChange.objects.create(
                campaign=campaign,
                demand=demand,
                state=DemandState.DRAFTED,
                changed_on=month,
                recorded_by=user,
            )
            for state, day, note in history:
                on = month + datetime.timedelta(days=day - 1)
                DemandStateChange.objects.create(
                    campaign=campaign,
                    demand=demand,
                    from_state=demand.state,
                    state=state,
                    changed_on=on,
                    note=note,
                    recorded_by=user,
                )
                demand.state, demand.state_changed_on = state, on
            demand.save()

        allies = list(
            Organization.objects.for_campaign(campaign).filter(stance__gte=1).order_by("name")[:3]
        )
        rows: list[tuple[Any, ...]] = [
            (month + datetime.timedelta(days=d), *rest) for d, *rest in ACTIONS
        ] + [
            (today + datetime.timedelta(days=d), kind, title, ActionStatus.PLANNED, t, p, s)
            for d, kind, title, t, p, s in UPCOMING
        ]
        for day, kind, title, status, target_keys, public, summary in rows:
            if CampaignAction.objects.for_campaign(campaign).filter(title=title).exists():
                continue
            action = CampaignAction.objects.create(
                campaign=campaign,
                kind=kind,
                title=title,
                happens_on=day,
                starts_at=datetime.time(18, 0),
                status=status,
                is_public=public,
                public_summary=summary,
                records_request=records if kind == ActionKind.RECORDS_REQUEST else None,
                outcome="Went as planned." if status == ActionStatus.DONE else "",
                created_by=user,
            )
            action.targets.set([offices[k] for k in target_keys])
            action.allies.set(allies)
            if user is not None:
                _attach_stories(action, user)

        messaging_from_examples(campaign=campaign)


def _attach_stories(action: CampaignAction, user: Any) -> None:
    """Stories whose consent covers the action's kind: the same check the page makes."""
    for purpose in STORY_PURPOSES.get(action.kind, ()):
        for story in Story.objects.visible_to(user, action.campaign, purpose)[:2]:
            ActionStory.objects.get_or_create(
                campaign=action.campaign,
                action=action,
                story=story,
                defaults={"purpose": purpose, "added_by": user},
            )
