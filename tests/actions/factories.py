"""Factories for the campaign plan, and real rows for every actions URL keyword."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from actions.models import (
    ActionKind,
    ActionStory,
    CampaignAction,
    CampaignPlan,
    Demand,
    DemandStateChange,
    Frame,
    Goal,
    OpposingMessage,
    PolicyElement,
    PolicyScore,
    RecordsDocument,
    RecordsRequest,
    ResearchLink,
    ResearchQuestion,
    TalkingPoint,
)
from actions.services.reference import ensure_policy_elements
from coalition.models import Organization
from stories.models import Identifiability, Purpose
from tests.factories import CampaignFactory
from tests.stories.factories import consent, make_story
from tests.targets.factories import CountyFactory, OfficeFactory


def element(code: str) -> PolicyElement:
    ensure_policy_elements()
    return PolicyElement.objects.get(code=code)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    campaign = factory.SubFactory(CampaignFactory)
    text = factory.Sequence(lambda n: f"Goal {n}: stop holding people for ICE")
    position = factory.Sequence(lambda n: n)


class ResearchQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchQuestion

    campaign = factory.SubFactory(CampaignFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    position = factory.Sequence(lambda n: 200 + n)


class RecordsRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordsRequest
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    agency_name = "Example County Sheriff's Office"
    subject = factory.Sequence(lambda n: f"ICE hold requests received, file {n}")
    sent_on = datetime.date(2026, 3, 2)
    response_days = 10
    status = RecordsRequest.Status.SENT

    @factory.post_generation
    def due(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.due_on = self.computed_due_on()
        if create:
            self.save(update_fields=["due_on"])


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    campaign = factory.SubFactory(CampaignFactory)
    element = factory.LazyFunction(lambda: element("no-holds"))


class CampaignActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignAction

    campaign = factory.SubFactory(CampaignFactory)
    kind = ActionKind.VIGIL
    title = factory.Sequence(lambda n: f"Vigil {n} outside the county jail")
    happens_on = datetime.date(2026, 3, 12)


class FrameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Frame

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Frame {n}")


class TalkingPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkingPoint

    campaign = factory.SubFactory(CampaignFactory)
    frame = factory.SubFactory(FrameFactory, campaign=factory.SelfAttribute("..campaign"))
    text = "Police depend on the trust of the whole community."
    pros = "Speaks to public safety"
    cons = "Accepts policing as the measure"


class OpposingMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpposingMessage

    campaign = factory.SubFactory(CampaignFactory)
    message = "This lets dangerous people out."
    said_by = "The sheriff"
    response = "Nobody leaves jail unless a judge or a served sentence allows it."


def score(policy, code: str, coverage: str, note: str = "") -> PolicyScore:
    return PolicyScore.objects.create(
        policy=policy, element=element(code), coverage=coverage, note=note
    )


def sample_document(campaign, records_request) -> RecordsDocument:
    """A real file (the download must work) at a fixed name, so walks do not pile files up."""
    name = f"records/{campaign.slug}/walk-sample.txt"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"Released under the state records law."))
    document = RecordsDocument(
        campaign=campaign, request=records_request, title="Jail booking log", size=36
    )
    document.file.name = name
    document.save()
    return document


def action_samples(campaign, people) -> dict:
    """Values for the actions URLs (the authorization walk): real rows of `campaign`."""
    ensure_policy_elements()
    county = CountyFactory()
    plan = CampaignPlan.objects.create(
        campaign=campaign,
        jurisdiction=county,
        timeline_published=True,
        public_key=CampaignPlan.new_public_key(),
    )
    goal = GoalFactory(campaign=campaign)
    question = ResearchQuestionFactory(campaign=campaign)
    link = ResearchLink.objects.create(campaign=campaign, question=question, jurisdiction=county)
    records_request = RecordsRequestFactory(campaign=campaign, question=question)
    document = sample_document(campaign, records_request)
    demand = DemandFactory(campaign=campaign, element=element("no-release-dates"), is_public=True)
    demand.targets.add(OfficeFactory(jurisdiction=county))
    DemandStateChange.objects.create(campaign=campaign, demand=demand, state=demand.state)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.MEETING, is_public=True)
    story = make_story(campaign, taken_by=people["volunteer"])
    consent(story, by=people["volunteer"])
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, level=Identifiability.ANONYMIZED)
    use = ActionStory.objects.create(
        campaign=campaign, action=action, story=story, purpose=Purpose.POLICYMAKERS_ANONYMIZED
    )
    Organization.objects.create(
        campaign=campaign, name="Walk Sample Allies", kind=Organization.Kind.FAITH, stance=2
    )
    frame = FrameFactory(campaign=campaign)
    point = TalkingPointFactory(campaign=campaign, frame=frame)
    opposing = OpposingMessageFactory(campaign=campaign)
    pk = {
        **dict.fromkeys(["actions:goal_edit", "actions:goal_move", "actions:goal_delete"], goal.pk),
        **dict.fromkeys(
            [
                "actions:question_detail",
                "actions:question_edit",
                "actions:question_delete",
                "actions:link_create",
            ],
            question.pk,
        ),
        "actions:link_delete": link.pk,
        **dict.fromkeys(
            ["actions:records_detail", "actions:records_edit", "actions:document_upload"],
            records_request.pk,
        ),
        **dict.fromkeys(["actions:records_document", "actions:document_delete"], document.pk),
        **dict.fromkeys(
            [
                "actions:demand_detail",
                "actions:demand_edit",
                "actions:demand_state",
                "actions:demand_delete",
                "actions:demand_public",
            ],
            demand.pk,
        ),
        **dict.fromkeys(
            [
                "actions:action_detail",
                "actions:action_edit",
                "actions:action_delete",
                "actions:action_story_add",
                "actions:action_public",
            ],
            action.pk,
        ),
        "actions:action_story_remove": use.pk,
        **dict.fromkeys(["actions:frame_edit", "actions:frame_delete"], frame.pk),
        **dict.fromkeys(["actions:point_edit", "actions:point_delete"], point.pk),
        **dict.fromkeys(["actions:opposing_edit", "actions:opposing_delete"], opposing.pk),
    }
    return {
        "pk": pk,
        "public_key": plan.public_key,
        "element_id": PolicyElement.objects.order_by("pk").first().pk,
    }
