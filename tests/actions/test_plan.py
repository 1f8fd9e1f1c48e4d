"""The plan's landing page, its settings (place, policy form) and the goals."""

import pytest
from django.urls import reverse

from actions.models import CampaignPlan, Goal
from tests.actions.factories import CampaignActionFactory, DemandFactory, GoalFactory


def url(name, campaign, *args):
    return reverse(f"actions:{name}", args=[campaign.slug, *args])


def test_landing_page_shows_the_plan(as_observer, campaign, plan, place):
    from django.utils import timezone

    GoalFactory(campaign=campaign, text="End the 287(g) agreement")
    DemandFactory(campaign=campaign).targets.add(place["sheriff"])
    CampaignActionFactory(
        campaign=campaign, title="Petition delivery", happens_on=timezone.localdate()
    )
    body = as_observer.get(url("index", campaign)).content.decode()
    assert "End the 287(g) agreement" in body
    assert "Decline every ICE hold request" in body
    assert "Petition delivery" in body
    assert "Changing the policy of Example County" in body
    assert "Plan settings" not in body  # observers do not edit


def test_choosing_the_place(as_coordinator, campaign, place):
    search = as_coordinator.get(url("settings", campaign), {"q": "Example County"})
    assert f'value="{place["county"].pk}"' in search.content.decode()
    response = as_coordinator.post(url("place_set", campaign), {"jurisdiction": place["county"].pk})
    assert response.status_code == 302
    assert CampaignPlan.objects.for_campaign(campaign).get().jurisdiction == place["county"]
    response = as_coordinator.post(url("place_set", campaign), {"jurisdiction": "999999"})
    assert response.status_code == 302
    assert CampaignPlan.objects.for_campaign(campaign).get().jurisdiction == place["county"]
    as_coordinator.post(url("place_set", campaign), {"jurisdiction": ""})
    assert CampaignPlan.objects.for_campaign(campaign).get().jurisdiction is None


def test_place_search_answers_htmx_with_the_results_only(as_coordinator, campaign, place):
    body = as_coordinator.get(
        url("settings", campaign),
        {"q": "Example"},
        headers={"HX-Request": "true", "HX-Target": "places"},
    ).content.decode()
    assert body.lstrip().startswith('<div id="places">')


def test_settings(as_coordinator, campaign):
    response = as_coordinator.post(
        url("settings", campaign),
        {"desired_form": "ordinance", "public_title": "ICE out!", "public_reference_events": "on"},
    )
    assert response.status_code == 302
    plan = CampaignPlan.objects.for_campaign(campaign).get()
    assert (plan.desired_form, plan.public_title) == ("ordinance", "ICE out!")
    response = as_coordinator.post(url("settings", campaign), {"desired_form": "decree"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.desired_form == "ordinance"


def test_goals_in_our_words_and_order(as_coordinator, campaign):
    for text in ("Stop all holds", "End 287(g)", "Keep families together"):
        assert as_coordinator.post(url("goal_create", campaign), {"text": text}).status_code == 302
    goals = list(Goal.objects.for_campaign(campaign))
    assert [g.text for g in goals] == ["Stop all holds", "End 287(g)", "Keep families together"]
    as_coordinator.post(url("goal_move", campaign, goals[2].pk), {"direction": "up"})
    partial = as_coordinator.post(
        url("goal_move", campaign, goals[0].pk),
        {"direction": "down"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert partial.lstrip().startswith('<div id="goal-list">')
    assert [g.text for g in Goal.objects.for_campaign(campaign)] == [
        "Keep families together",
        "Stop all holds",
        "End 287(g)",
    ]
    # The first goal cannot move further up.
    first = Goal.objects.for_campaign(campaign).first()
    as_coordinator.post(url("goal_move", campaign, first.pk), {"direction": "up"})
    assert Goal.objects.for_campaign(campaign).first() == first


def test_an_empty_goal_is_refused(as_coordinator, campaign):
    response = as_coordinator.post(url("goal_create", campaign), {"text": "   "})
    assert response.status_code == 400
    assert "Write the goal in a few words." in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_roles(as_volunteer, as_outsider, campaign):
    goal = GoalFactory(campaign=campaign)
    assert as_volunteer.get(url("goal_list", campaign)).status_code == 200
    assert as_volunteer.post(url("goal_delete", campaign, goal.pk)).status_code == 403
    assert as_outsider.get(url("goal_list", campaign)).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def _grow(campaign, place, n):
    from actions.models import DemandStateChange, ResearchLink
    from tests.actions.factories import (
        OpposingMessageFactory,
        RecordsRequestFactory,
        ResearchQuestionFactory,
        TalkingPointFactory,
        element,
    )

    codes = ["no-holds", "end-287g", "dont-ask", "complaints", "consular-notice", "bail-unaffected"]
    taken = set(campaign.demands.values_list("element__code", flat=True))
    for code in [c for c in codes if c not in taken][:n]:
        demand = DemandFactory(campaign=campaign, element=element(code))
        demand.targets.add(place["sheriff"], place["board"])
        DemandStateChange.objects.create(campaign=campaign, demand=demand, state="drafted")
    for _ in range(n):
        GoalFactory(campaign=campaign)
        question = ResearchQuestionFactory(campaign=campaign, answer="Known")
        ResearchLink.objects.create(campaign=campaign, question=question, facility=place["jail"])
        ResearchLink.objects.create(campaign=campaign, question=question, office=place["sheriff"])
        RecordsRequestFactory(campaign=campaign, question=question, office=place["sheriff"])
        point = TalkingPointFactory(campaign=campaign)
        point.targets.add(place["board"])
        point.actions.add(CampaignActionFactory(campaign=campaign))
        OpposingMessageFactory(campaign=campaign).targets.add(place["sheriff"])


@pytest.mark.parametrize(
    "name", ["index", "goal_list", "research", "records_list", "demand_list", "messaging"]
)
def test_list_pages_read_a_fixed_number_of_queries(name, as_coordinator, campaign, plan, place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_coordinator.get(url(name, campaign)).status_code == 200
        return len(queries)

    _grow(campaign, place, 1)
    count()  # the first visit seeds the research questions
    small = count()
    _grow(campaign, place, 5)
    assert count() == small
