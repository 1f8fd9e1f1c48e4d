"""Demands: chosen from the catalogue, aimed at targets, moved through dated states."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import Demand, DemandState, DemandStateChange
from core.models import AuditEvent
from tests.actions.factories import DemandFactory, element
from tests.targets.factories import OfficeFactory


def url(name, campaign, *args):
    return reverse(f"actions:{name}", args=[campaign.slug, *args])


def test_choosing_demands_from_the_catalogue(as_coordinator, campaign):
    codes = ["no-holds", "end-287g"]
    response = as_coordinator.post(
        url("demand_add", campaign), {"elements": [element(c).pk for c in codes]}
    )
    assert response.status_code == 302
    demands = Demand.objects.for_campaign(campaign)
    assert sorted(d.element.code for d in demands) == sorted(codes)
    assert all(d.state == DemandState.DRAFTED for d in demands)
    assert DemandStateChange.objects.for_campaign(campaign).count() == 2
    # Chosen elements leave the picker.
    body = as_coordinator.get(url("demand_list", campaign)).content.decode()
    assert f'name="elements" value="{element("no-holds").pk}"' not in body
    assert f'name="elements" value="{element("dont-ask").pk}"' in body


def test_choosing_nothing_changes_nothing(as_coordinator, campaign):
    response = as_coordinator.post(url("demand_add", campaign), {"elements": ["nonsense"]})
    assert response.status_code == 400
    assert "Please correct the errors below" in response.content.decode()
    assert not Demand.objects.for_campaign(campaign).exists()


def test_volunteers_read_demands_but_cannot_add_them(as_volunteer, campaign):
    DemandFactory(campaign=campaign)
    assert as_volunteer.get(url("demand_list", campaign)).status_code == 200
    response = as_volunteer.post(
        url("demand_add", campaign), {"elements": [element("dont-ask").pk]}
    )
    assert response.status_code == 403
    assert Demand.objects.for_campaign(campaign).count() == 1


def test_outsiders_do_not_learn_the_demands_exist(as_outsider, campaign):
    demand = DemandFactory(campaign=campaign)
    assert as_outsider.get(url("demand_detail", campaign, demand.pk)).status_code == 404
    assert as_outsider.post(url("demand_state", campaign, demand.pk), {}).status_code == 404


def test_another_campaigns_demand_is_not_found(as_coordinator, campaign, other_campaign):
    theirs = DemandFactory(campaign=other_campaign)
    assert as_coordinator.get(url("demand_detail", campaign, theirs.pk)).status_code == 404


def test_state_changes_keep_a_dated_history(as_coordinator, campaign, coordinator):
    demand = DemandFactory(campaign=campaign, state_changed_on=datetime.date(2026, 1, 5))
    today = timezone.localdate()
    steps = [
        ("presented", today - datetime.timedelta(days=20), "Presented to the sheriff"),
        ("committed", today - datetime.timedelta(days=10), "The chair promised a vote"),
        ("adopted", today - datetime.timedelta(days=2), "Adopted by 3 votes to 1"),
    ]
    for state, day, note in steps:
        response = as_coordinator.post(
            url("demand_state", campaign, demand.pk),
            {"state": state, "changed_on": day.isoformat(), "note": note},
        )
        assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.state == DemandState.ADOPTED
    assert demand.state_changed_on == steps[-1][1]
    history = list(DemandStateChange.objects.for_campaign(campaign).filter(demand=demand))
    assert [(c.from_state, c.state, c.changed_on, c.note) for c in history] == [
        ("drafted", "presented", steps[0][1], steps[0][2]),
        ("presented", "committed", steps[1][1], steps[1][2]),
        ("committed", "adopted", steps[2][1], steps[2][2]),
    ]
    assert all(c.recorded_by == coordinator for c in history)
    assert AuditEvent.objects.filter(action="demand.state_changed").count() == 3
    body = as_coordinator.get(url("demand_detail", campaign, demand.pk)).content.decode()
    assert "Presented to the sheriff" in body
    assert "Adopted by 3 votes to 1" in body


def test_a_back_dated_change_joins_the_history_without_replacing_the_state(
    as_coordinator, campaign
):
    today = timezone.localdate()
    demand = DemandFactory(campaign=campaign, state=DemandState.COMMITTED, state_changed_on=today)
    as_coordinator.post(
        url("demand_state", campaign, demand.pk),
        {"state": "presented", "changed_on": (today - datetime.timedelta(days=30)).isoformat()},
    )
    demand.refresh_from_db()
    assert demand.state == DemandState.COMMITTED
    assert demand.changes.filter(state="presented").exists()


def test_bad_state_changes_are_refused(as_coordinator, campaign):
    demand = DemandFactory(campaign=campaign)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for data in (
        {"state": "adopted", "changed_on": tomorrow.isoformat()},
        {"state": "won", "changed_on": timezone.localdate().isoformat()},
        {"state": "drafted", "changed_on": timezone.localdate().isoformat()},
        {"state": "adopted", "changed_on": "yesterday"},
    ):
        response = as_coordinator.post(url("demand_state", campaign, demand.pk), data)
        assert response.status_code == 400, data
    demand.refresh_from_db()
    assert demand.state == DemandState.DRAFTED
    assert not demand.changes.exists()


def test_targets_come_from_the_campaigns_place(as_coordinator, campaign, plan, place):
    demand = DemandFactory(campaign=campaign)
    elsewhere = OfficeFactory()
    form_page = as_coordinator.get(url("demand_edit", campaign, demand.pk)).content.decode()
    assert escape(place["sheriff"].name) in form_page
    assert escape(elsewhere.name) not in form_page
    response = as_coordinator.post(
        url("demand_edit", campaign, demand.pk), {"targets": [elsewhere.pk], "wording": "x"}
    )
    assert response.status_code == 400
    assert not demand.targets.exists()
    response = as_coordinator.post(
        url("demand_edit", campaign, demand.pk),
        {"targets": [place["sheriff"].pk], "wording": "Release everyone on time."},
    )
    assert response.status_code == 302
    assert list(demand.targets.all()) == [place["sheriff"]]


def test_information_sharing_elements_carry_the_1373_note(as_observer, campaign):
    risky = DemandFactory(campaign=campaign, element=element("no-release-dates"))
    safe = DemandFactory(campaign=campaign, element=element("no-juvenile-holds"))
    assert risky.has_1373_risk and not safe.has_1373_risk
    body = as_observer.get(url("demand_detail", campaign, risky.pk)).content.decode()
    assert "8 U.S.C. § 1373" in body
    body = as_observer.get(url("demand_detail", campaign, safe.pk)).content.decode()
    assert "8 U.S.C. § 1373" not in body
    listing = as_observer.get(url("demand_list", campaign)).content.decode()
    assert "1 demand limits what local staff tell ICE." in listing


def test_removing_a_demand(as_coordinator, campaign):
    demand = DemandFactory(campaign=campaign)
    assert as_coordinator.post(url("demand_delete", campaign, demand.pk)).status_code == 302
    assert not Demand.objects.for_campaign(campaign).exists()


def test_only_leads_put_a_demand_on_the_public_timeline(as_coordinator, as_lead, campaign):
    demand = DemandFactory(campaign=campaign)
    assert (
        as_coordinator.post(
            url("demand_public", campaign, demand.pk), {"is_public": "on"}
        ).status_code
        == 403
    )
    assert (
        as_lead.post(url("demand_public", campaign, demand.pk), {"is_public": "on"}).status_code
        == 302
    )
    demand.refresh_from_db()
    assert demand.is_public
