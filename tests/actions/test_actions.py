"""Actions, and the stories used in them: only stories whose consent covers the use, shown by
reference only, and checked again every time the page is read."""

import datetime

import pytest
from django.urls import reverse

from actions.models import ActionKind, ActionStory, CampaignAction
from coalition.models import FollowUp, Organization
from core.models import AuditEvent
from stories.models import Identifiability, Purpose
from tests.actions.factories import CampaignActionFactory
from tests.stories.factories import consent, make_story


def url(name, campaign, *args):
    return reverse(f"actions:{name}", args=[campaign.slug, *args])


def _story(campaign, taker, *purposes, name="Rosa Martínez", level=Identifiability.ANONYMIZED):
    story = make_story(campaign, taken_by=taker, name=name)
    consent(story, by=taker)
    for purpose in purposes:
        consent(story, purpose, level=level, by=taker)
    return story


def test_planning_an_action(as_coordinator, campaign, plan, place):
    ally = Organization.objects.create(
        campaign=campaign, name="Faith table", kind="faith", stance=2
    )
    followup = FollowUp.objects.create(
        campaign=campaign, title="Book the hall", due_on=datetime.date(2026, 3, 1)
    )
    response = as_coordinator.post(
        url("action_create", campaign),
        {
            "kind": "vigil",
            "title": "Vigil at the jail",
            "happens_on": "2026-03-12",
            "starts_at": "18:30",
            "status": "planned",
            "targets": [place["sheriff"].pk],
            "allies": [ally.pk],
            "followups": [followup.pk],
        },
    )
    assert response.status_code == 302
    action = CampaignAction.objects.for_campaign(campaign).get()
    assert action.title == "Vigil at the jail"
    assert action.starts_at == datetime.time(18, 30)
    assert list(action.targets.all()) == [place["sheriff"]]
    assert list(action.allies.all()) == [ally]
    assert list(action.followups.all()) == [followup]
    body = as_coordinator.get(response["Location"]).content.decode()
    assert "Book the hall" in body
    assert "Faith table" in body


def test_bad_input_saves_nothing(as_coordinator, campaign, other_campaign):
    theirs = Organization.objects.create(campaign=other_campaign, name="Theirs", kind="faith")
    for data in (
        {"kind": "vigil", "title": "", "happens_on": "2026-03-12", "status": "planned"},
        {"kind": "picnic", "title": "x", "happens_on": "2026-03-12", "status": "planned"},
        {"kind": "vigil", "title": "x", "happens_on": "12/31/banana", "status": "planned"},
        {
            "kind": "vigil",
            "title": "x",
            "happens_on": "2026-03-12",
            "status": "planned",
            "allies": [theirs.pk],
        },
    ):
        response = as_coordinator.post(url("action_create", campaign), data)
        assert response.status_code == 400, data
        assert "nothing was saved" in response.content.decode()
    assert not CampaignAction.objects.for_campaign(campaign).exists()


def test_only_a_meeting_action_links_a_meeting(as_coordinator, campaign):
    from django.utils import timezone

    from coalition.models import Meeting

    meeting = Meeting.objects.create(campaign=campaign, title="Sheriff", starts_at=timezone.now())
    response = as_coordinator.post(
        url("action_create", campaign),
        {
            "kind": "rally",
            "title": "Rally",
            "happens_on": "2026-03-12",
            "status": "planned",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 400


def test_roles(as_volunteer, as_outsider, campaign):
    action = CampaignActionFactory(campaign=campaign)
    assert as_volunteer.get(url("action_detail", campaign, action.pk)).status_code == 200
    assert as_volunteer.get(url("action_edit", campaign, action.pk)).status_code == 403
    assert as_volunteer.post(url("action_delete", campaign, action.pk)).status_code == 403
    assert as_outsider.get(url("action_detail", campaign, action.pk)).status_code == 404
    assert CampaignAction.objects.filter(pk=action.pk).exists()


def test_a_story_with_consent_for_the_use_can_be_added(as_coordinator, campaign, people):
    story = _story(campaign, people["volunteer"], Purpose.HEARING)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.TESTIMONY)
    page = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert f'value="hearing:{story.pk}"' in page
    response = as_coordinator.post(
        url("action_story_add", campaign, action.pk), {"choice": f"hearing:{story.pk}"}
    )
    assert response.status_code == 302
    use = ActionStory.objects.for_campaign(campaign).get()
    assert (use.story, use.purpose) == (story, Purpose.HEARING)
    assert AuditEvent.objects.filter(action="story.used_in_action").exists()
    body = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert f"S-{story.pk:05d} (anonymized)" in body
    assert "Rosa" not in body  # never a name
    assert "consent no longer covers" not in body


def test_a_story_without_consent_for_the_use_is_refused(as_coordinator, campaign, people):
    only_policymakers = _story(campaign, people["volunteer"], Purpose.POLICYMAKERS_ANONYMIZED)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.MEDIA)
    page = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert f':{only_policymakers.pk}"' not in page
    for choice in (
        f"public_anon:{only_policymakers.pk}",  # no consent for public use
        f"policymakers_anon:{only_policymakers.pk}",  # not a purpose a media event allows
        "public_anon:999999",
        "nonsense",
    ):
        response = as_coordinator.post(
            url("action_story_add", campaign, action.pk), {"choice": choice}
        )
        assert response.status_code == 400, choice
    assert not ActionStory.objects.exists()


def test_the_service_itself_checks_consent(rf, campaign, people, coordinator):
    from django.core.exceptions import ValidationError

    from actions.services.actions import action_add_story

    story = _story(campaign, people["volunteer"], Purpose.POLICYMAKERS_ANONYMIZED)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.TESTIMONY)
    request = rf.post("/")
    request.user = coordinator
    with pytest.raises(ValidationError):
        action_add_story(action=action, story_pk=story.pk, purpose=Purpose.HEARING, request=request)
    with pytest.raises(ValidationError):
        action_add_story(
            action=action,
            story_pk=story.pk,
            purpose=Purpose.POLICYMAKERS_ANONYMIZED,
            request=request,
        )
    lawsuit = CampaignActionFactory(campaign=campaign, kind=ActionKind.LAWSUIT)
    assert lawsuit.story_purposes == ()


def test_another_campaigns_story_cannot_be_used(as_coordinator, campaign, other_campaign, people):
    theirs = _story(other_campaign, people["outsider"], Purpose.HEARING)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.TESTIMONY)
    response = as_coordinator.post(
        url("action_story_add", campaign, action.pk), {"choice": f"hearing:{theirs.pk}"}
    )
    assert response.status_code == 400
    assert not ActionStory.objects.exists()


def test_withdrawn_consent_is_flagged_on_the_next_request(as_coordinator, campaign, people):
    story = _story(campaign, people["volunteer"], Purpose.HEARING)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.TESTIMONY)
    ActionStory.objects.create(
        campaign=campaign, action=action, story=story, purpose=Purpose.HEARING
    )
    consent(story, Purpose.HEARING, granted=False, withdrawal=True)
    body = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert "consent no longer covers this use" in body


def test_named_consent_is_labelled_without_the_name(as_coordinator, campaign, people):
    story = _story(
        campaign, people["volunteer"], Purpose.PUBLIC_NAMED, level=Identifiability.FULL_NAME
    )
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.RALLY)
    ActionStory.objects.create(
        campaign=campaign, action=action, story=story, purpose=Purpose.PUBLIC_NAMED
    )
    body = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert f"S-{story.pk:05d} (may be named)" in body
    assert "Rosa" not in body


def test_volunteers_and_observers_see_only_how_many_stories(as_volunteer, campaign, people):
    story = _story(campaign, people["volunteer"], Purpose.HEARING)
    action = CampaignActionFactory(campaign=campaign, kind=ActionKind.TESTIMONY)
    ActionStory.objects.create(
        campaign=campaign, action=action, story=story, purpose=Purpose.HEARING
    )
    body = as_volunteer.get(url("action_detail", campaign, action.pk)).content.decode()
    assert "1 story used." in body
    assert f"S-{story.pk:05d}" not in body


def test_only_leads_put_an_action_on_the_public_timeline(as_coordinator, as_lead, campaign):
    action = CampaignActionFactory(campaign=campaign)
    data = {"is_public": "on", "public_summary": "A vigil for our neighbors."}
    assert as_coordinator.post(url("action_public", campaign, action.pk), data).status_code == 403
    assert as_lead.post(url("action_public", campaign, action.pk), data).status_code == 302
    action.refresh_from_db()
    assert action.is_public
    assert action.public_summary == "A vigil for our neighbors."


def test_list_filters(as_observer, campaign):
    CampaignActionFactory(campaign=campaign, kind="vigil", title="Vigil at the jail")
    CampaignActionFactory(campaign=campaign, kind="rally", title="Rally at the board")
    body = as_observer.get(url("action_list", campaign), {"kind": "rally"}).content.decode()
    assert "Rally at the board" in body
    assert "Vigil at the jail" not in body
    partial = as_observer.get(
        url("action_list", campaign),
        {"q": "vigil"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()
    assert partial.lstrip().startswith('<div id="results">')
    assert "Vigil at the jail" in partial


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, place, django_assert_max_num_queries
):
    def add(n):
        ally = Organization.objects.create(
            campaign=campaign, name=f"Ally {Organization.objects.count()}", kind="faith"
        )
        for _ in range(n):
            action = CampaignActionFactory(campaign=campaign)
            action.targets.add(place["sheriff"], place["board"])
            action.allies.add(ally)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_coordinator.get(url("action_list", campaign)).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(30)
    assert count() == small
