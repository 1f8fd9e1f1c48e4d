"""The campaign's read of its targets: putting actors on the map, changes of stance with their
evidence, priority and notes, removal, and the service other apps call."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coalition.models import Interaction
from core.models import AuditEvent
from targets.models import (
    Assessment,
    EvidenceKind,
    Priority,
    PublicStatement,
    Stance,
    StanceChange,
)
from targets.power_map.services import (
    PowerMapError,
    assessment_add,
    record_stance_change,
    record_stance_change_for,
)
from tests.coalition.factories import MeetingFactory, OrganizationFactory
from tests.conftest import client_for
from tests.targets.factories import (
    AssessmentFactory,
    OfficeFactory,
    OfficialFactory,
    PublicStatementFactory,
    county_power_structure,
)


def url(name: str, campaign, **kwargs) -> str:
    return reverse(f"targets:{name}", kwargs={"campaign_slug": campaign.slug, **kwargs})


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.fixture
def places(db):
    return county_power_structure()


@pytest.fixture
def sheriff(campaign, places):
    return AssessmentFactory(
        campaign=campaign, office=places["sheriff"], stance=Stance.ACTIVE_OPPOSITION, influence=5
    )


# Putting someone on the map


def test_coordinator_marks_the_sheriff_as_a_primary_target(as_coordinator, campaign, places):
    response = as_coordinator.post(
        url("assessment_add", campaign),
        {
            "subject": f"office:{places['sheriff'].pk}",
            "priority": "primary",
            "stance": "-2",
            "influence": "5",
            "notes": "Runs the jail; faces re-election in 2027.",
        },
    )
    assessment = Assessment.objects.for_campaign(campaign).get(office=places["sheriff"])
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    assert (assessment.priority, assessment.stance, assessment.influence) == ("primary", -2, 5)
    assert assessment.notes == "Runs the jail; faces re-election in 2027."
    first = assessment.changes.get()
    assert first.is_first and (first.stance_after, first.influence_after) == (-2, 5)
    assert AuditEvent.objects.filter(action="power_map.actor_added", campaign=campaign).exists()


def test_an_official_and_an_organization_go_on_the_map(as_lead, campaign, places):
    union = OrganizationFactory(campaign=campaign, name="Deputies' Union", stance=-2, influence=3)
    as_lead.post(
        url("assessment_add", campaign),
        {"subject": f"official:{places['official'].pk}", "priority": "secondary", "stance": "-1"},
    )
    as_lead.post(
        url("assessment_add", campaign),
        {"subject": f"organization:{union.pk}", "priority": "secondary"},
    )
    official = Assessment.objects.for_campaign(campaign).get(official=places["official"])
    assert (official.stance, official.influence) == (-1, None)
    organization = Assessment.objects.for_campaign(campaign).get(organization=union)
    # An organization's read stays on the organization: never stored twice.
    assert (organization.stance, organization.influence) == (None, None)
    assert (organization.current_stance, organization.current_influence) == (-2, 3)


def test_the_add_page_suggests_the_offices_of_the_campaigns_place(as_coordinator, campaign):
    county = OfficeFactory(name="Example County Sheriff's Office").jurisdiction
    county.name = "Example County"
    county.save()
    response = as_coordinator.get(url("assessment_add", campaign))
    assert response.status_code == 200
    assert "Example County Sheriff&#x27;s Office" in response.content.decode()


def test_search_finds_offices_officials_and_organizations(as_coordinator, campaign, places):
    OrganizationFactory(campaign=campaign, name="Sheriff Watch Collective")
    response = as_coordinator.get(url("assessment_add", campaign), {"q": "sheriff"})
    page = response.content.decode()
    assert places["sheriff"].name.replace("'", "&#x27;") in page
    assert "Sheriff Pat Example" in page
    assert "Sheriff Watch Collective" in page


def test_choosing_someone_shows_the_form(as_coordinator, campaign, places):
    response = as_coordinator.get(
        url("assessment_add", campaign), {"subject": f"office:{places['board'].pk}"}
    )
    assert response.status_code == 200
    assert 'name="stance"' in response.content.decode()


def test_an_actor_already_on_the_map_is_refused(as_coordinator, campaign, sheriff, places):
    response = as_coordinator.post(
        url("assessment_add", campaign),
        {"subject": f"office:{places['sheriff'].pk}", "priority": "primary", "stance": "0"},
    )
    assert response.status_code == 400
    assert "already on the map" in response.content.decode()
    assert Assessment.objects.for_campaign(campaign).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "office:999999", "priority": "primary", "stance": "0"},
        {"subject": "planet:1", "priority": "primary", "stance": "0"},
        {"subject": "", "priority": "primary", "stance": "0"},
        {"subject": "office:{sheriff}", "priority": "emperor", "stance": "0"},
        {"subject": "office:{sheriff}", "priority": "primary", "stance": "7"},
        {"subject": "office:{sheriff}", "priority": "primary", "stance": "0", "influence": "9"},
    ],
)
def test_bad_input_changes_nothing(as_coordinator, campaign, places, data):
    data = {k: v.format(sheriff=places["sheriff"].pk) for k, v in data.items()}
    response = as_coordinator.post(url("assessment_add", campaign), data)
    assert response.status_code == 400
    assert not Assessment.objects.for_campaign(campaign).exists()
    assert not StanceChange.objects.for_campaign(campaign).exists()


def test_another_campaigns_organization_cannot_be_added(as_coordinator, campaign, other_campaign):
    theirs = OrganizationFactory(campaign=other_campaign)
    response = as_coordinator.post(
        url("assessment_add", campaign),
        {"subject": f"organization:{theirs.pk}", "priority": "primary"},
    )
    assert response.status_code == 400
    assert not Assessment.objects.filter(organization=theirs).exists()


def test_volunteers_and_observers_may_not_add(campaign, places, volunteer, observer):
    for user in (volunteer, observer):
        response = client_for(user).post(
            url("assessment_add", campaign),
            {"subject": f"office:{places['sheriff'].pk}", "priority": "primary", "stance": "0"},
        )
        assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_outsiders_get_404(as_outsider, campaign, sheriff):
    for name in ("assessment_add", "power_map"):
        assert as_outsider.get(url(name, campaign)).status_code == 404
    for name in ("assessment_detail", "assessment_edit", "stance_change", "assessment_remove"):
        assert as_outsider.get(url(name, campaign, pk=sheriff.pk)).status_code == 404


# Changes of stance with evidence


def test_a_meeting_moves_the_sheriff_and_the_history_keeps_it(
    as_coordinator, campaign, sheriff, coordinator
):
    meeting = MeetingFactory(
        campaign=campaign,
        kind="target",
        title="Meeting with the sheriff",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = as_coordinator.post(
        url("stance_change", campaign, pk=sheriff.pk),
        {
            "stance": "-1",
            "influence": "5",
            "happened_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "evidence_kind": "meeting",
            "meeting": meeting.pk,
            "evidence_text": "Said he would look at the budget numbers.",
        },
    )
    assert response.status_code == 302
    sheriff.refresh_from_db()
    assert sheriff.stance == Stance.PASSIVE_OPPOSITION
    change = StanceChange.objects.for_campaign(campaign).get(evidence_kind="meeting")
    assert (change.stance_before, change.stance_after) == (-2, -1)
    assert change.meeting == meeting and change.recorded_by == coordinator
    assert change.evidence_label.startswith("Meeting with the sheriff")
    assert change.direction == 1
    page = as_coordinator.get(sheriff.get_absolute_url()).content.decode()
    assert "Meeting with the sheriff" in page
    assert "Active opposition → Passive opposition" in page
    event = AuditEvent.objects.get(action="power_map.stance_changed")
    assert event.details["stance_before"] == -2 and event.details["evidence"] == "meeting"


def test_a_new_public_statement_is_added_as_evidence(as_lead, campaign, places):
    official = AssessmentFactory(
        campaign=campaign, office=None, official=places["official"], stance=0, influence=4
    )
    response = as_lead.post(
        url("stance_change", campaign, pk=official.pk),
        {
            "stance": "-2",
            "influence": "",
            "happened_on": timezone.localdate().isoformat(),
            "evidence_kind": "statement",
            "new_quote": "We will keep honoring every ICE detainer.",
            "new_source_url": "https://news.example.org/sheriff",
            "new_bearing": "hurts",
        },
    )
    assert response.status_code == 302
    statement = PublicStatement.objects.get()
    assert statement.official == places["official"] and statement.office == places["sheriff"]
    assert statement.bearing == "hurts"
    change = StanceChange.objects.for_campaign(campaign).get(evidence_kind="statement")
    assert change.statement == statement
    official.refresh_from_db()
    assert (official.stance, official.influence) == (-2, 4)  # influence left as it was


def test_an_existing_statement_can_be_cited(as_lead, campaign, sheriff, places):
    statement = PublicStatementFactory(office=places["sheriff"], bearing="helps")
    response = as_lead.post(
        url("stance_change", campaign, pk=sheriff.pk),
        {
            "stance": "0",
            "happened_on": timezone.localdate().isoformat(),
            "evidence_kind": "statement",
            "statement": statement.pk,
        },
    )
    assert response.status_code == 302
    assert StanceChange.objects.for_campaign(campaign).get(evidence_kind="statement").statement == (
        statement
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "-2", "evidence_kind": "vote", "evidence_text": "x"}, "Nothing changed"),
        ({"stance": "0", "evidence_kind": "meeting"}, "Choose the meeting"),
        ({"stance": "0", "evidence_kind": "vote"}, "Describe the evidence"),
        ({"stance": "0", "evidence_kind": "statement"}, "Choose the statement"),
        ({"stance": "0", "evidence_kind": ""}, "This field is required"),
        ({"stance": "9", "evidence_kind": "vote", "evidence_text": "x"}, "Select a valid choice"),
        (
            {
                "stance": "0",
                "evidence_kind": "vote",
                "evidence_text": "x",
                "happened_on": "2999-01-01",
            },
            "cannot be in the future",
        ),
        (
            {"stance": "0", "evidence_kind": "vote", "evidence_text": "x", "happened_on": "soon"},
            "Enter a valid date",
        ),
        (
            {"stance": "0", "evidence_kind": "letter", "evidence_url": "not a link"},
            "Enter a valid URL",
        ),
    ],
)
def test_a_stance_change_without_what_shows_it_is_refused(
    as_coordinator, campaign, sheriff, data, message
):
    data.setdefault("happened_on", timezone.localdate().isoformat())
    response = as_coordinator.post(url("stance_change", campaign, pk=sheriff.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    sheriff.refresh_from_db()
    assert sheriff.stance == Stance.ACTIVE_OPPOSITION
    assert not StanceChange.objects.exists()


def test_another_campaigns_meeting_is_not_offered_nor_accepted(
    as_coordinator, campaign, other_campaign, sheriff
):
    theirs = MeetingFactory(campaign=other_campaign, title="Their secret meeting")
    page = as_coordinator.get(url("stance_change", campaign, pk=sheriff.pk)).content.decode()
    assert "Their secret meeting" not in page
    response = as_coordinator.post(
        url("stance_change", campaign, pk=sheriff.pk),
        {
            "stance": "0",
            "happened_on": timezone.localdate().isoformat(),
            "evidence_kind": "meeting",
            "meeting": theirs.pk,
        },
    )
    assert response.status_code == 400
    assert not StanceChange.objects.exists()


def test_volunteers_read_the_card_but_may_not_record_changes(campaign, sheriff, volunteer):
    client = client_for(volunteer)
    page = client.get(sheriff.get_absolute_url())
    assert page.status_code == 200
    assert "Record the change" not in page.content.decode()
    # Notes are for leads and coordinators.
    assert "listens to the faith leaders" not in page.content.decode()
    response = client.post(
        url("stance_change", campaign, pk=sheriff.pk),
        {"stance": "2", "evidence_kind": "vote", "evidence_text": "x"},
    )
    assert response.status_code == 403


def test_the_card_shows_notes_to_coordinators(as_coordinator, sheriff):
    page = as_coordinator.get(sheriff.get_absolute_url()).content.decode()
    assert "listens to the faith leaders" in page
    assert "Record the change" in page


def test_an_organizations_stance_changes_on_the_organization_too(campaign, lead):
    union = OrganizationFactory(campaign=campaign, stance=-2, influence=3)
    assessment = assessment_add(
        campaign=campaign, subject=union, priority=Priority.SECONDARY, request=request_as(lead)
    )
    record_stance_change(
        assessment=assessment,
        stance=-1,
        influence=4,
        evidence_kind=EvidenceKind.LETTER,
        evidence_text="Wrote to the board that they stay out of it.",
        request=request_as(lead),
    )
    union.refresh_from_db()
    assert (union.stance, union.influence) == (-1, 4)
    # The coalition's own log of the organization shows it as well.
    assert (
        Interaction.objects.for_campaign(campaign)
        .filter(organization=union, kind=Interaction.Kind.STANCE)
        .exists()
    )
    change = assessment.changes.exclude(evidence_kind="").get()
    assert (change.stance_before, change.stance_after) == (-2, -1)
    assert (change.influence_before, change.influence_after) == (3, 4)


def test_the_service_for_other_apps_puts_the_official_on_the_map(campaign, coordinator):
    """What the meeting form calls: a stance change for an official met at a meeting."""
    official = OfficialFactory(name="Supervisor Ana Example")
    meeting = MeetingFactory(campaign=campaign, kind="target")
    change = record_stance_change_for(
        campaign=campaign,
        subject=official,
        stance=Stance.PASSIVE_SUPPORT,
        influence=4,
        meeting=meeting,
        request=request_as(coordinator),
    )
    assessment = Assessment.objects.for_campaign(campaign).get(official=official)
    assert assessment.priority == Priority.CONTEXT
    assert (assessment.stance, assessment.influence) == (1, 4)
    assert change.meeting == meeting and change.stance_before == Stance.NEUTRAL
    assert [c.is_first for c in assessment.changes.order_by("pk")] == [True, False]


def test_the_service_refuses_and_leaves_nothing_behind(campaign, other_campaign, coordinator):
    official = OfficialFactory()
    theirs = MeetingFactory(campaign=other_campaign)
    with pytest.raises(PowerMapError):
        record_stance_change_for(
            campaign=campaign,
            subject=official,
            stance=1,
            meeting=theirs,
            request=request_as(coordinator),
        )
    assert not Assessment.objects.exists()
    assert not StanceChange.objects.exists()


def test_stance_history_cannot_be_rewritten(campaign, sheriff, coordinator):
    change = record_stance_change(
        assessment=sheriff,
        stance=0,
        evidence_kind=EvidenceKind.VOTE,
        evidence_text="Voted for the resolution",
        request=request_as(coordinator),
    )
    change.evidence_text = "something else"
    with pytest.raises(Exception, match="cannot be changed"):
        change.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        StanceChange.objects.for_campaign(campaign).delete()


# Priority, notes, removal


def test_priority_and_notes_are_edited(as_coordinator, campaign, sheriff):
    response = as_coordinator.post(
        url("assessment_edit", campaign, pk=sheriff.pk),
        {"priority": "secondary", "notes": "Now leans on the county executive."},
    )
    assert response.status_code == 302
    sheriff.refresh_from_db()
    assert sheriff.priority == "secondary" and sheriff.notes.startswith("Now leans")
    event = AuditEvent.objects.get(action="power_map.assessment_updated")
    assert set(event.details["changed"]) == {"priority", "notes"}


def test_a_bad_priority_is_refused(as_coordinator, campaign, sheriff):
    response = as_coordinator.post(
        url("assessment_edit", campaign, pk=sheriff.pk), {"priority": "top", "notes": ""}
    )
    assert response.status_code == 400
    sheriff.refresh_from_db()
    assert sheriff.priority == "primary"


def test_removing_keeps_the_history_and_adding_back_restores_it(
    as_coordinator, campaign, sheriff, places
):
    record_stance_change(
        assessment=sheriff,
        stance=-1,
        evidence_kind=EvidenceKind.VOTE,
        evidence_text="Abstained",
        request=request_as(sheriff.campaign.memberships.first().user),
    )
    assert as_coordinator.get(url("assessment_remove", campaign, pk=sheriff.pk)).status_code == 200
    response = as_coordinator.post(url("assessment_remove", campaign, pk=sheriff.pk))
    assert response.status_code == 302
    sheriff.refresh_from_db()
    assert not sheriff.is_on_map
    assert sheriff.changes.count() == 1
    map_page = as_coordinator.get(url("power_map", campaign)).content.decode()
    assert f'id="row-office-{places["sheriff"].pk}"' not in map_page
    # The card still opens, and says how to put it back.
    assert (
        "Put it back on the map" in as_coordinator.get(sheriff.get_absolute_url()).content.decode()
    )
    form = as_coordinator.get(
        url("assessment_add", campaign), {"subject": f"office:{places['sheriff'].pk}"}
    ).context["form"]
    assert (form.initial["stance"], form.initial["influence"]) == (-1, 5)
    as_coordinator.post(
        url("assessment_add", campaign),
        {
            "subject": f"office:{places['sheriff'].pk}",
            "priority": "primary",
            "stance": "-1",
            "influence": "5",
        },
    )
    sheriff.refresh_from_db()
    assert sheriff.is_on_map and sheriff.changes.count() == 1
    assert Assessment.objects.for_campaign(campaign).count() == 1


def test_a_removed_actor_cannot_be_edited_or_moved(as_coordinator, campaign, sheriff):
    sheriff.removed_at = timezone.now()
    sheriff.save()
    for name in ("assessment_edit", "stance_change", "assessment_remove"):
        assert as_coordinator.get(url(name, campaign, pk=sheriff.pk)).status_code == 404


# One campaign never sees another's assessments


def test_a_campaign_never_sees_another_campaigns_assessments(
    campaign, other_campaign, places, outsider, as_coordinator
):
    theirs = AssessmentFactory(
        campaign=other_campaign,
        office=places["board"],
        notes="Their private read of the board",
    )
    ours = AssessmentFactory(campaign=campaign, office=places["sheriff"])
    # The other campaign's lead sees only theirs.
    their_map = client_for(outsider).get(url("power_map", other_campaign)).content.decode()
    assert places["board"].name in their_map
    assert places["sheriff"].name.replace("'", "&#x27;") not in their_map
    # Our coordinator cannot open theirs by its number, on our campaign or theirs.
    assert as_coordinator.get(url("assessment_detail", campaign, pk=theirs.pk)).status_code == 404
    assert (
        as_coordinator.get(url("assessment_detail", other_campaign, pk=theirs.pk)).status_code
        == 404
    )
    assert as_coordinator.get(url("assessment_detail", campaign, pk=ours.pk)).status_code == 200
    assert (
        "Their private read" not in as_coordinator.get(url("power_map", campaign)).content.decode()
    )
