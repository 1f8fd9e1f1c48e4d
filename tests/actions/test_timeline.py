"""The campaign timeline: one chronological line of everything, filtered, exported as CSV
(formulas neutralized) and ICS, and published to the public with only what the lead chose."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from actions.models import ActionStory, CampaignPlan, DemandState, DemandStateChange
from actions.timeline import campaign_entries, neutralize, to_csv
from coalition.models import Interaction, Meeting, Organization
from stories.models import Purpose
from tests.actions.factories import CampaignActionFactory, DemandFactory, element
from tests.stories.factories import consent, make_story
from tests.targets.factories import ArrangementFactory, DetainerPolicyFactory

NY = ZoneInfo("America/New_York")


def url(name, campaign):
    return reverse(f"actions:{name}", args=[campaign.slug])


@pytest.fixture
def month(campaign, plan, place, people):
    """A month of the campaign: actions, a meeting, a demand's changes, a stance change, and
    the place's policy and agreement dates."""
    CampaignActionFactory(
        campaign=campaign,
        title="Vigil at the jail",
        happens_on=datetime.date(2026, 3, 12),
        is_public=True,
        public_summary="Families gathered outside the jail.",
        description="Bring candles. Maria drives the van.",
    )
    CampaignActionFactory(
        campaign=campaign,
        kind="testimony",
        title="Budget hearing testimony",
        happens_on=datetime.date(2026, 3, 24),
        starts_at=datetime.time(18, 0),
    )
    CampaignActionFactory(
        campaign=campaign, title="Press conference", happens_on=datetime.date(2026, 4, 2)
    )
    Meeting.objects.create(
        campaign=campaign,
        kind=Meeting.Kind.COALITION,
        title="Coalition planning call",
        starts_at=datetime.datetime(2026, 3, 5, 19, 0, tzinfo=NY),
        ends_at=datetime.datetime(2026, 3, 5, 20, 0, tzinfo=NY),
    )
    demand = DemandFactory(campaign=campaign, element=element("no-holds"), is_public=True)
    DemandStateChange.objects.create(
        campaign=campaign,
        demand=demand,
        state=DemandState.PRESENTED,
        changed_on=datetime.date(2026, 3, 18),
        note="Handed to the Undersheriff",
    )
    ally = Organization.objects.create(campaign=campaign, name="First Street", kind="faith")
    Interaction.objects.create(
        campaign=campaign,
        organization=ally,
        kind=Interaction.Kind.STANCE,
        happened_on=datetime.date(2026, 3, 20),
        summary="The pastor said yes.",
    )
    DetainerPolicyFactory(
        jurisdiction=place["county"],
        title="County resolution on ICE",
        enacted_on=datetime.date(2026, 3, 30),
    )
    ArrangementFactory(office=place["sheriff"], signed_on=datetime.date(2026, 3, 2))
    return demand


def test_everything_in_one_chronological_line(campaign, plan, month):
    entries = campaign_entries(campaign, place=plan.jurisdiction)
    assert [(e.day.isoformat(), e.kind) for e in entries] == [
        ("2026-03-02", "agreement"),
        ("2026-03-05", "meeting"),
        ("2026-03-12", "action"),
        ("2026-03-18", "demand"),
        ("2026-03-20", "stance"),
        ("2026-03-24", "action"),
        ("2026-03-30", "policy"),
        ("2026-04-02", "action"),
    ]


def test_the_page_shows_a_month_and_filters(as_observer, campaign, month):
    body = as_observer.get(url("timeline", campaign), {"month": "2026-03"}).content.decode()
    assert "Vigil at the jail" in body
    assert "Coalition planning call" in body
    assert "Decline every ICE hold request: Presented to the target" in body
    assert "Stance changed: First Street" in body
    assert "County resolution on ICE (enacted)" in body
    assert "Press conference" not in body
    assert "The pastor said yes." not in body  # the interaction's summary is never read here
    only_actions = as_observer.get(
        url("timeline", campaign), {"month": "2026-03", "kinds": ["action"]}
    ).content.decode()
    assert "Vigil at the jail" in only_actions
    assert "Coalition planning call" not in only_actions


def test_bad_filters_are_explained_not_fatal(as_observer, campaign, month):
    response = as_observer.get(
        url("timeline", campaign), {"month": "March", "start": "2026-04-01", "end": "2026-03-01"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a month as YYYY-MM." in body


def test_htmx_filtering_returns_only_the_results(as_observer, campaign, month):
    body = as_observer.get(
        url("timeline", campaign),
        {"kinds": ["meeting"]},
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "Coalition planning call" in body


def test_csv_export_neutralizes_formulas(as_coordinator, campaign, plan):
    dangerous = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3", "@cmd", "\tTab", "\rReturn"]
    for i, title in enumerate(dangerous):
        CampaignActionFactory(
            campaign=campaign, title=title, happens_on=datetime.date(2026, 3, 1 + i)
        )
    response = as_coordinator.get(url("timeline_csv", campaign))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Date", "Time", "Kind", "Type", "Title"]
    titles = [row[4] for row in rows[1:]]
    assert titles == ["'" + t for t in dangerous]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_neutralize_leaves_ordinary_text_alone():
    assert neutralize("Vigil") == "Vigil"
    assert neutralize("2026-03-01") == "2026-03-01"
    assert neutralize(None) == ""
    assert neutralize("=1") == "'=1"


def test_csv_follows_the_filters(campaign, plan, month):
    entries = [e for e in campaign_entries(campaign, place=plan.jurisdiction) if e.kind == "action"]
    rows = list(csv.reader(io.StringIO(to_csv(entries))))
    assert len(rows) == 4


def test_ics_export_parses_with_icalendar(as_coordinator, campaign, month):
    response = as_coordinator.get(url("timeline_ics", campaign), {"month": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 7
    vigil = events["Action: Vigil at the jail"]
    assert vigil.decoded("dtstart") == datetime.date(2026, 3, 12)  # a whole day
    testimony = events["Action: Budget hearing testimony"]
    assert testimony.decoded("dtstart").hour == 18
    meeting = events["Coalition meeting: Coalition planning call"]
    assert meeting.decoded("dtend") - meeting.decoded("dtstart") == datetime.timedelta(hours=1)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_the_public_timeline_shows_only_what_the_lead_marked_public(
    client, campaign, plan, month, people
):
    story = make_story(campaign, taken_by=people["volunteer"])
    consent(story, Purpose.PUBLIC_ANONYMIZED)
    vigil = campaign.campaign_actions.get(title="Vigil at the jail")
    ActionStory.objects.create(
        campaign=campaign, action=vigil, story=story, purpose=Purpose.PUBLIC_ANONYMIZED
    )
    plan.timeline_published = True
    plan.public_key = CampaignPlan.new_public_key()
    plan.save()
    response = client.get(reverse("public:timeline", args=[plan.public_key]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vigil at the jail" in body
    assert "Families gathered outside the jail." in body
    assert "Decline every ICE hold request: Presented to the target" in body
    assert "County resolution on ICE (enacted)" in body  # public reference data
    # Not public: the other actions, meetings, stance changes, plans, notes, stories.
    for private in (
        "Budget hearing testimony",
        "Press conference",
        "Coalition planning call",
        "First Street",
        "Bring candles",
        "Handed to the Undersheriff",
        f"S-{story.pk:05d}",
        "Rosa",
        f"/c/{campaign.slug}/",
    ):
        assert private not in body, private


def test_reference_dates_can_be_left_off_the_public_timeline(client, campaign, plan, month):
    plan.timeline_published = True
    plan.public_key = CampaignPlan.new_public_key()
    plan.public_reference_events = False
    plan.save()
    body = client.get(reverse("public:timeline", args=[plan.public_key])).content.decode()
    assert "County resolution on ICE" not in body
    assert "Vigil at the jail" in body


def test_an_unpublished_or_unknown_timeline_is_not_found(client, campaign, plan):
    plan.public_key = CampaignPlan.new_public_key()
    plan.save()
    assert client.get(reverse("public:timeline", args=[plan.public_key])).status_code == 404
    assert client.get(reverse("public:timeline", args=["nothing-here"])).status_code == 404


def test_publishing_is_for_leads_and_a_new_address_retires_the_old(
    as_lead, as_coordinator, client, campaign, plan
):
    publish = url("publish", campaign)
    assert as_coordinator.post(publish, {"do": "publish"}).status_code == 403
    assert as_lead.post(publish, {"do": "publish"}).status_code == 302
    plan.refresh_from_db()
    old = plan.public_key
    assert plan.timeline_published and old
    assert client.get(reverse("public:timeline", args=[old])).status_code == 200
    as_lead.post(publish, {"do": "new_address"})
    plan.refresh_from_db()
    assert plan.public_key != old
    assert client.get(reverse("public:timeline", args=[old])).status_code == 404
    assert client.get(reverse("public:timeline", args=[plan.public_key])).status_code == 200
    as_lead.post(publish, {"do": "unpublish"})
    assert client.get(reverse("public:timeline", args=[plan.public_key])).status_code == 404
    assert as_lead.post(publish, {"do": "burn"}).status_code == 302  # refused with a message


def _grow(campaign, place, n):
    ally = Organization.objects.create(
        campaign=campaign, name=f"Ally {Organization.objects.count()}", kind="faith"
    )
    for i in range(n):
        action = CampaignActionFactory(
            campaign=campaign, happens_on=datetime.date(2026, 3, 1 + i % 28)
        )
        action.targets.add(place["sheriff"])
        Meeting.objects.create(
            campaign=campaign,
            title=f"Meeting {i}",
            starts_at=datetime.datetime(2026, 3, 1 + i % 28, 18, 0, tzinfo=NY),
        )
        Interaction.objects.create(
            campaign=campaign,
            organization=ally,
            kind=Interaction.Kind.STANCE,
            happened_on=datetime.date(2026, 3, 1 + i % 28),
            summary="x",
        )
        ArrangementFactory(office=place["sheriff"], signed_on=datetime.date(2026, 3, 1 + i % 28))
    demand = DemandFactory(campaign=campaign, element=element(["no-holds", "end-287g"][n > 5]))
    for i in range(n):
        DemandStateChange.objects.create(
            campaign=campaign,
            demand=demand,
            state="presented",
            changed_on=datetime.date(2026, 3, 1 + i % 28),
        )


@pytest.mark.parametrize("name", ["timeline", "timeline_csv", "timeline_ics"])
def test_timeline_query_count_does_not_grow_with_rows(as_coordinator, campaign, plan, place, name):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_coordinator.get(url(name, campaign)).status_code == 200
        return len(queries)

    _grow(campaign, place, 2)
    small = count()
    _grow(campaign, place, 25)
    assert count() == small


def test_public_timeline_query_count_does_not_grow_with_rows(client, campaign, plan, place):
    plan.timeline_published = True
    plan.public_key = CampaignPlan.new_public_key()
    plan.save()
    address = reverse("public:timeline", args=[plan.public_key])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    _grow(campaign, place, 2)
    campaign.campaign_actions.update(is_public=True)
    small = count()
    _grow(campaign, place, 25)
    campaign.campaign_actions.update(is_public=True)
    assert count() == small


def test_the_first_address_of_the_public_timeline_leads_to_the_public_page(client, plan):
    plan.timeline_published = True
    plan.public_key = CampaignPlan.new_public_key()
    plan.save()
    response = client.get(f"/public/timeline/{plan.public_key}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/act/timeline/{plan.public_key}/"
    spanish = client.get(f"/es/act/timeline/{plan.public_key}/")
    assert spanish.status_code == 200
    assert 'lang="es"' in spanish.content.decode()
