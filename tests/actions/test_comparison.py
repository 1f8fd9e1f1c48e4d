"""Enacted policies scored element by element and lined up from less to more protective; the
toolkit's examples loaded as reference data; the campaign's demands compared with them."""

import io
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from actions import comparison
from actions.models import PolicyScore
from targets.models import DetainerPolicy, Jurisdiction
from tests.actions.factories import DemandFactory, element, score
from tests.targets.factories import CountyFactory, DetainerPolicyFactory, StateFactory

SANTA_CLARA = "Santa Clara County policy on ICE detainers"
NEW_YORK = "New York City detainer law (2013)"


def columns(*titles, campaign=None, include_demands=False):
    policies = DetainerPolicy.objects.filter(title__in=titles) if titles else None
    return comparison.compare(
        policies=policies if policies is not None else DetainerPolicy.objects.all(),
        campaign=campaign,
        include_demands=include_demands,
    )[1]


def test_santa_clara_is_more_protective_than_new_york_city_and_why(examples):
    weaker, stronger = columns(SANTA_CLARA, NEW_YORK)
    assert (weaker.title, stronger.title) == (NEW_YORK, SANTA_CLARA)
    assert stronger.total == Decimal("20.50")
    assert weaker.total == Decimal("2.50")
    assert stronger.arithmetic == "20.5 \u00d7 1 = 20.50"
    why = {d.element.code: d.points for d in stronger.differences}
    # Santa Clara keeps ICE out of the jail, gives no release dates, spends no county money,
    # spares young people and everyone not convicted or convicted of a minor offense.
    assert why == {
        "no-ice-in-jail": 4,
        "no-release-dates": 4,
        "no-local-resources": 3,
        "no-holds": Decimal("2.5"),
        "no-juvenile-holds": 2,
        "no-holds-unconvicted": Decimal("1.5"),
        "no-holds-minor-offenses": 1,
    }
    assert sum(why.values()) == stronger.total - weaker.total


def test_the_toolkit_examples_in_order(examples):
    ordered = [c.place for c in columns()]
    assert ordered == [
        "San Francisco County, CA",
        "New York, NY",
        "Taos County, NM",
        "District of Columbia",
        "Cook County, IL",
        "Santa Clara County, CA",
    ]


def test_the_form_of_a_policy_weighs_on_its_total(examples):
    taos = next(c for c in columns() if c.place == "Taos County, NM")
    assert taos.points == Decimal("7.5")
    assert taos.durability == Decimal("0.7")
    assert taos.total == Decimal("5.25")


def test_unscored_elements_count_as_not_covered(db):
    policy = DetainerPolicyFactory(title="Resolution", form=DetainerPolicy.Form.RESOLUTION)
    score(policy, "no-holds", "full")
    (column,) = columns("Resolution")
    assert column.scored == 1
    assert column.points == 5
    assert column.total == Decimal("2.50")
    assert column.cells[element("end-287g").pk].coverage is None


def test_our_demands_become_a_column(examples, campaign):
    for code in ("no-holds", "end-287g"):
        DemandFactory(campaign=campaign, element=element(code))
    ranked = columns(SANTA_CLARA, NEW_YORK, campaign=campaign, include_demands=True)
    ours = next(c for c in ranked if c.is_demands)
    assert ours.points == 10
    assert ranked.index(ours) == 1  # between New York City and Santa Clara


def test_loading_the_examples_is_idempotent_and_keeps_corrections(db):
    out = io.StringIO()
    call_command("load_policy_examples", stdout=out)
    assert "Policies added: 6" in out.getvalue()
    policy = DetainerPolicy.objects.get(title=SANTA_CLARA)
    corrected = PolicyScore.objects.get(policy=policy, element__code="no-juvenile-holds")
    corrected.note = "Corrected by a coordinator."
    corrected.save()
    counts = (
        Jurisdiction.objects.count(),
        DetainerPolicy.objects.count(),
        PolicyScore.objects.count(),
    )
    out = io.StringIO()
    call_command("load_policy_examples", stdout=out)
    assert "Policies added: 0" in out.getvalue()
    assert "Scores added: 0" in out.getvalue()
    assert (
        Jurisdiction.objects.count(),
        DetainerPolicy.objects.count(),
        PolicyScore.objects.count(),
    ) == counts
    corrected.refresh_from_db()
    assert corrected.note == "Corrected by a coordinator."


def test_loading_reuses_places_already_imported(db):
    illinois = StateFactory(name="Illinois", fips="17", postal_code="IL")
    cook = CountyFactory(name="Cook County", fips="17031", parent=illinois, state=illinois)
    call_command("load_policy_examples", stdout=io.StringIO())
    assert DetainerPolicy.objects.get(title__startswith="Cook County").jurisdiction == cook
    assert Jurisdiction.objects.filter(fips="17").count() == 1
    new_york = Jurisdiction.objects.get(fips="3651000")
    assert new_york.kind == Jurisdiction.Kind.CITY
    assert new_york.parent.fips == "36"
    assert new_york.state == new_york.parent


def test_the_comparison_page_explains_the_pair(examples, as_coordinator, campaign):
    ids = {p.title: p.pk for p in DetainerPolicy.objects.all()}
    url = reverse("actions:compare", args=[campaign.slug])
    response = as_coordinator.get(
        url, {"a": f"policy-{ids[NEW_YORK]}", "b": f"policy-{ids[SANTA_CLARA]}"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Santa Clara County, CA</strong>:" in body
    assert "more protective than New York, NY, by 18 points." in body
    assert "20.5 \u00d7 1 = 20.50" in body
    assert "2.5 \u00d7 1 = 2.50" in body
    # Less protective columns come first.
    assert body.index("San Francisco County, CA") < body.index("Santa Clara County, CA")


def test_the_comparison_can_be_narrowed(examples, as_observer, campaign):
    santa_clara = DetainerPolicy.objects.get(title=SANTA_CLARA)
    body = as_observer.get(
        reverse("actions:compare", args=[campaign.slug]), {"policy": [santa_clara.pk]}
    ).content.decode()
    assert "Santa Clara County, CA" in body
    assert "Taos County, NM" not in body.split("Policies to compare")[1].split("</form>")[1]


def test_without_scored_policies_the_page_says_how_to_load_them(as_coordinator, campaign):
    body = as_coordinator.get(reverse("actions:compare", args=[campaign.slug])).content.decode()
    assert "load_policy_examples" in body
