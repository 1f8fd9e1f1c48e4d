"""The stages' checklists are computed from the campaign's data: each item flips when the data
that decides it changes, and nothing is ticked by hand."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.checklists import STORIES_FOR_POLICYMAKERS, campaign_stages
from actions.models import ActionStatus, CampaignPlan, DemandState
from actions.services.research import ensure_research_questions
from coalition.models import Meeting, Organization, Principle
from stories.models import Identifiability, Purpose
from tests.actions.factories import (
    CampaignActionFactory,
    DemandFactory,
    FrameFactory,
    GoalFactory,
    OpposingMessageFactory,
    RecordsRequestFactory,
    TalkingPointFactory,
    element,
)
from tests.stories.factories import consent, make_story
from tests.targets.factories import ArrangementFactory, DetainerPolicyFactory


def check(campaign, stage: str, item: str):
    return campaign_stages(campaign).item(stage, item)


def test_place_is_chosen_when_the_plan_has_a_jurisdiction(campaign, place):
    assert not check(campaign, "research", "place").done
    CampaignPlan.objects.create(campaign=campaign, jurisdiction=place["county"])
    item = check(campaign, "research", "place")
    assert item.done
    assert "Example County" in item.detail


def test_research_questions_count_answers(campaign):
    item = check(campaign, "research", "questions")
    assert not item.done
    assert item.detail == "0 of 9"
    ensure_research_questions(campaign)
    questions = list(campaign.research_questions.all())
    for question in questions[:-1]:
        question.answer = "Known."
        question.save()
    assert check(campaign, "research", "questions").detail == "8 of 9"
    questions[-1].answer = "Known too."
    questions[-1].save()
    assert check(campaign, "research", "questions").done


def test_final_custody_recorded_only_within_the_place(campaign, place):
    CampaignPlan.objects.create(campaign=campaign)
    assert not check(campaign, "research", "final_custody").done
    CampaignPlan.objects.filter(campaign=campaign).update(jurisdiction=place["county"])
    assert check(campaign, "research", "final_custody").done
    place["step"].is_usual_final = False
    place["step"].save()
    assert not check(campaign, "research", "final_custody").done


def test_final_custody_controller_must_be_a_demands_target(campaign, plan, place):
    item = check(campaign, "targets", "final_custody_targeted")
    assert not item.done
    demand = DemandFactory(campaign=campaign)
    demand.targets.add(place["board"])
    assert not check(campaign, "targets", "final_custody_targeted").done
    demand.targets.add(place["sheriff"])  # the sheriff runs the jail
    assert check(campaign, "targets", "final_custody_targeted").done


def test_an_actions_target_counts_as_a_target_too(campaign, plan, place):
    action = CampaignActionFactory(campaign=campaign)
    action.targets.add(place["sheriff"])
    assert check(campaign, "targets", "final_custody_targeted").done


def test_a_target_on_the_power_map_counts(campaign, plan, place):
    from targets.models.power_map import Assessment, Priority

    Assessment.objects.create(
        campaign=campaign, office=place["sheriff"], priority=Priority.CONTEXT, stance=0, influence=3
    )
    assert not check(campaign, "targets", "final_custody_targeted").done
    Assessment.objects.for_campaign(campaign).update(priority=Priority.PRIMARY)
    assert check(campaign, "targets", "final_custody_targeted").done


def test_bed_cost_of_the_final_point_of_custody(campaign, plan, place):
    assert not check(campaign, "research", "cost").done
    place["jail"].daily_bed_cost = 170
    place["jail"].save()
    assert check(campaign, "research", "cost").done


def test_agreements_on_record_or_researched(campaign, plan, place):
    assert not check(campaign, "research", "agreements").done
    ensure_research_questions(campaign)
    campaign.research_questions.filter(key="agreements").update(answer="None found.")
    assert check(campaign, "research", "agreements").done
    campaign.research_questions.filter(key="agreements").update(answer="")
    assert not check(campaign, "research", "agreements").done
    ArrangementFactory(office=place["sheriff"])
    assert check(campaign, "research", "agreements").done


def test_records_request_counts_once_sent(campaign):
    RecordsRequestFactory(campaign=campaign, sent_on=None, status="draft")
    assert not check(campaign, "research", "records").done
    RecordsRequestFactory(campaign=campaign)
    assert check(campaign, "research", "records").done


def test_goals_and_principles(campaign):
    assert not check(campaign, "goals", "goals").done
    GoalFactory(campaign=campaign)
    assert check(campaign, "goals", "goals").done
    assert not check(campaign, "goals", "principles").done
    Principle.objects.create(campaign=campaign, title="All immigrants, no exceptions")
    assert check(campaign, "goals", "principles").done


def test_every_demand_names_a_target(campaign, place):
    first = DemandFactory(campaign=campaign, element=element("no-holds"))
    second = DemandFactory(campaign=campaign, element=element("end-287g"))
    first.targets.add(place["sheriff"])
    item = check(campaign, "targets", "demands_targeted")
    assert not item.done
    assert item.detail == "1 of 2"
    second.targets.add(place["sheriff"])
    assert check(campaign, "targets", "demands_targeted").done


def test_a_target_met_through_a_meeting_or_an_action(campaign):
    assert not check(campaign, "targets", "target_met").done
    Meeting.objects.create(
        campaign=campaign,
        kind=Meeting.Kind.COALITION,
        title="Coalition call",
        starts_at=timezone.now(),
    )
    assert not check(campaign, "targets", "target_met").done
    action = CampaignActionFactory(campaign=campaign, kind="meeting", status=ActionStatus.PLANNED)
    assert not check(campaign, "targets", "target_met").done
    action.status = ActionStatus.DONE
    action.save()
    assert check(campaign, "targets", "target_met").done


def _ally(campaign, name, kind, stance=2):
    return Organization.objects.create(campaign=campaign, name=name, kind=kind, stance=stance)


def test_allies_of_three_kinds_with_a_supporting_stance(campaign):
    _ally(campaign, "Faith table", Organization.Kind.FAITH)
    _ally(campaign, "Second congregation", Organization.Kind.FAITH)
    _ally(campaign, "Labor council", Organization.Kind.LABOR, stance=1)
    _ally(campaign, "Neutral defenders", Organization.Kind.PUBLIC_DEFENDERS, stance=0)
    item = check(campaign, "allies", "three_kinds")
    assert not item.done
    assert item.detail == "2 kinds"
    assert not check(campaign, "allies", "legal").done
    Organization.objects.filter(name="Neutral defenders").update(stance=1)
    assert check(campaign, "allies", "three_kinds").done
    assert check(campaign, "allies", "legal").done
    assert not check(campaign, "allies", "impacted").done
    _ally(campaign, "Rights network", Organization.Kind.IMMIGRANT_RIGHTS)
    assert check(campaign, "allies", "impacted").done


def test_demands_cover_both_groups(campaign):
    DemandFactory(campaign=campaign, element=element("no-holds"))
    item = check(campaign, "demands", "both_groups")
    assert not item.done
    assert "keep ICE out: 0; stop complying: 1" in item.detail
    DemandFactory(campaign=campaign, element=element("end-287g"))
    assert check(campaign, "demands", "both_groups").done


def test_demands_presented_and_then_won(campaign):
    demand = DemandFactory(campaign=campaign)
    assert not check(campaign, "demands", "presented").done
    for state, stage, item in (
        (DemandState.PRESENTED, "demands", "presented"),
        (DemandState.ADOPTED, "win", "adopted"),
        (DemandState.IMPLEMENTED, "win", "implemented"),
        (DemandState.DEFENDED, "win", "defended"),
    ):
        assert not check(campaign, stage, item).done
        demand.state = state
        demand.save()
        assert check(campaign, stage, item).done
    # Later states include the earlier ones.
    assert check(campaign, "demands", "presented").done


def test_enacted_policy_on_record_for_the_place(campaign, plan, place):
    assert not check(campaign, "win", "enacted_on_record").done
    policy = DetainerPolicyFactory(jurisdiction=place["county"])
    assert check(campaign, "win", "enacted_on_record").done
    policy.repealed_on = datetime.date(2025, 1, 1)
    policy.save()
    assert not check(campaign, "win", "enacted_on_record").done


def _policymaker_story(campaign, taker, purpose=Purpose.POLICYMAKERS_ANONYMIZED, **kwargs):
    story = make_story(campaign, taken_by=taker, **kwargs)
    consent(story, by=taker)
    consent(story, purpose, level=Identifiability.ANONYMIZED, by=taker)
    return story


def test_stories_for_policymakers_count_only_consent_in_force(campaign, people):
    volunteer = people["volunteer"]
    _policymaker_story(campaign, volunteer)
    named = _policymaker_story(campaign, volunteer, Purpose.POLICYMAKERS_NAMED)
    _policymaker_story(campaign, volunteer, complete=False)  # a draft
    hearing_only = make_story(campaign, taken_by=volunteer)
    consent(hearing_only, Purpose.HEARING)
    expired = make_story(campaign, taken_by=volunteer)
    consent(expired, Purpose.POLICYMAKERS_ANONYMIZED, expires_on=datetime.date(2020, 1, 1))
    item = check(campaign, "tactics", "stories")
    assert item.detail == f"2 of {STORIES_FOR_POLICYMAKERS}"
    assert not item.done
    third = _policymaker_story(campaign, volunteer)
    assert check(campaign, "tactics", "stories").done
    # Withdrawal takes effect at once.
    consent(named, Purpose.POLICYMAKERS_NAMED, granted=False, withdrawal=True)
    assert not check(campaign, "tactics", "stories").done
    third.erased_at = timezone.now()
    third.save()
    assert check(campaign, "tactics", "stories").detail == f"1 of {STORIES_FOR_POLICYMAKERS}"


def test_stories_of_another_campaign_do_not_count(campaign, other_campaign, people):
    for _ in range(3):
        _policymaker_story(other_campaign, people["outsider"])
    assert check(campaign, "tactics", "stories").detail.startswith("0 of")


def test_messaging_and_actions(campaign):
    frame = FrameFactory(campaign=campaign)
    assert not check(campaign, "tactics", "frame").done  # a frame without talking points
    TalkingPointFactory(campaign=campaign, frame=frame)
    assert check(campaign, "tactics", "frame").done
    OpposingMessageFactory(campaign=campaign, response="")
    assert not check(campaign, "tactics", "responses").done
    OpposingMessageFactory(campaign=campaign)
    assert check(campaign, "tactics", "responses").done
    CampaignActionFactory(campaign=campaign, status=ActionStatus.PLANNED)
    assert not check(campaign, "tactics", "actions").done
    CampaignActionFactory(campaign=campaign, status=ActionStatus.DONE)
    item = check(campaign, "tactics", "actions")
    assert item.done
    assert item.detail == "2 planned, 1 held"


def test_another_campaigns_data_never_ticks_an_item(campaign, other_campaign, place):
    CampaignPlan.objects.create(campaign=other_campaign, jurisdiction=place["county"])
    GoalFactory(campaign=other_campaign)
    DemandFactory(campaign=other_campaign).targets.add(place["sheriff"])
    stages = campaign_stages(campaign)
    assert stages.done_count == 0


def test_stage_states_and_the_current_stage(campaign):
    stages = campaign_stages(campaign)
    assert [s.key for s in stages] == [
        "research",
        "goals",
        "targets",
        "allies",
        "demands",
        "tactics",
        "win",
    ]
    assert stages.current.key == "research"
    GoalFactory(campaign=campaign)
    goals = campaign_stages(campaign).stage("goals")
    assert goals.state == "partial"


CODES = ["no-holds", "end-287g", "dont-ask", "complaints", "consular-notice", "bail-unaffected"]


def _fill(campaign, place, n: int, people) -> None:
    taken = set(campaign.demands.values_list("element__code", flat=True))
    for code in [c for c in CODES if c not in taken][:n]:
        DemandFactory(campaign=campaign, element=element(code)).targets.add(place["sheriff"])
    start = campaign.organizations.count()
    for i in range(n):
        GoalFactory(campaign=campaign)
        CampaignActionFactory(campaign=campaign).targets.add(place["board"])
        _ally(campaign, f"Ally {start + i}", Organization.Kind.FAITH)
        _policymaker_story(campaign, people["volunteer"])
        RecordsRequestFactory(campaign=campaign)
        TalkingPointFactory(campaign=campaign)


def test_the_checklists_read_a_fixed_number_of_queries(campaign, plan, place, people):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            campaign_stages(campaign)
        return len(queries)

    _fill(campaign, place, 1, people)
    small = count()
    _fill(campaign, place, 6, people)
    assert count() == small
    assert small <= 12


@pytest.mark.parametrize("who", ["observer", "coordinator"])
def test_the_plan_page_shows_the_stages(who, campaign, people, place, plan):
    from tests.conftest import client_for

    GoalFactory(campaign=campaign)
    body = (
        client_for(people[who]).get(reverse("actions:index", args=[campaign.slug])).content.decode()
    )
    assert 'id="stage-research"' in body
    assert 'data-check="goals.goals"' in body
    assert 'class="done" data-check="goals.goals"' in body
    assert 'class="todo" data-check="goals.principles"' in body


def test_the_stages_partial_renders_with_only_the_campaign(campaign):
    from django.template.loader import render_to_string

    html = render_to_string("actions/partials/stages.html", {"campaign": campaign})
    assert "Campaign stages" in html
    assert html.count('class="stage-title"') == 7


def test_the_overview_loads_the_stages_without_computing_them(as_observer, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = as_observer.get(reverse("coalition:campaign_home", args=[campaign.slug]))
    body = home.content.decode()
    stages_url = reverse("actions:stages", args=[campaign.slug])
    assert f'hx-get="{stages_url}"' in body
    assert 'class="stage-title"' not in body  # computed by the request htmx makes
    with CaptureQueriesContext(connection) as queries:
        fragment = as_observer.get(stages_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().count('class="stage-title"') == 7
    assert "<html" not in fragment.content.decode()
    assert len(queries) <= 16  # the member's access check and the checklists
