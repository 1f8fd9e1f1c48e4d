from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coalition.permissions import Action, Role, role_may
from stories.exports import SPECS
from stories.models import Purpose, Story, Storyteller, StoryTheme, Theme
from stories.services import erase_storyteller, withdraw_consent
from stories.stats import HIDDEN, SMALL, countable, exact_counts_for, summary
from tests.conftest import client_for
from tests.factories import CampaignFactory, MembershipFactory
from tests.stories.factories import consent, make_story
from tests.targets.factories import FacilityFactory

CHI = ZoneInfo("America/Chicago")


def _held(campaign, by, hours_past: int, facility=None):
    # Friday 18:00 → deadline Tuesday 18:00 under the regulation.
    end = datetime(2026, 6, 9, 18, 0, tzinfo=CHI).timestamp() + hours_past * 3600
    story = make_story(
        campaign,
        taken_by=by,
        themes=("held_past_release",),
        facility=facility,
        custody_ended_at=datetime(2026, 6, 5, 18, 0, tzinfo=CHI),
        outcome_at=datetime.fromtimestamp(end, tz=CHI),
    )
    consent(story, Purpose.INTERNAL, by=by)
    return story


def test_counts_by_facility_theme_and_month(campaign, volunteer):
    for hours in (0, 10, 20, 30):
        _held(campaign, volunteer, hours)
    no_consent = make_story(campaign, taken_by=volunteer, themes=("bail",))
    data = summary(campaign, exact=True)
    assert data["total"] == "4"
    (row,) = data["by_facility"]
    assert row["total"] == 4
    assert row["held_past"] == 3
    assert row["average_hours"] == 20.0
    themes = dict(data["by_theme"])
    assert themes["Held past release"] == "4"
    assert themes["Bail denied or raised because of the hold"] == "0"
    assert no_consent.pk  # counted nowhere: no consent for the campaign's use


def test_small_counts_are_blurred_for_those_who_may_not_see_stories(campaign, volunteer, observer):
    _held(campaign, volunteer, 5)
    body = (
        client_for(observer)
        .get(reverse("stories:statistics", args=[campaign.slug]))
        .content.decode()
    )
    assert str(HIDDEN) in body
    assert "Rosa" not in body


def test_statistics_queries_do_not_grow_with_stories(
    as_coordinator, campaign, volunteer, django_assert_max_num_queries
):
    url = reverse("stories:statistics", args=[campaign.slug])
    _held(campaign, volunteer, 5)
    with django_assert_max_num_queries(20) as small:
        as_coordinator.get(url)
    for hours in range(10):
        _held(campaign, volunteer, hours)
    with django_assert_max_num_queries(20) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_story_list_queries_do_not_grow_with_stories(
    as_coordinator, campaign, volunteer, django_assert_max_num_queries
):
    url = reverse("stories:index", args=[campaign.slug])
    _held(campaign, volunteer, 5)
    with django_assert_max_num_queries(25) as small:
        as_coordinator.get(url)
    for hours in range(10):
        _held(campaign, volunteer, hours)
    with django_assert_max_num_queries(25) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


# What those who may not see stories get: a published table, attacked with arithmetic.

FACILITY_NAMES = ("North Jail", "South Jail", "East Jail")
THEMES = ("bail", "lost_work", "juvenile")
MONTHS = [datetime(2026, m, 15, 12, 0, tzinfo=UTC) for m in (1, 2, 3, 4)]
NOT_RECORDED = "Facility not recorded"

story_spec = st.tuples(
    st.sampled_from([None, *range(len(FACILITY_NAMES))]),  # facility
    st.integers(0, len(MONTHS) - 1),  # month taken
    st.sampled_from([None, 0, 3600, 7 * 3600, 50 * 3600]),  # seconds held past the deadline
    st.sets(st.sampled_from(THEMES)),
)


def _number(shown: str) -> int | None:
    """The published text as a number; None when the count is withheld."""
    return int(shown) if shown.isdigit() else None


def _truth(specs) -> dict:
    facility = Counter(FACILITY_NAMES[f] if f is not None else NOT_RECORDED for f, *_ in specs)
    held = Counter(
        FACILITY_NAMES[f] if f is not None else NOT_RECORDED for f, _m, s, _t in specs if s
    )
    return {
        "total": len(specs),
        "facility": facility,
        "held": {name: held[name] for name in facility},
        "month": Counter(MONTHS[m].strftime("%Y-%m") for _f, m, _s, _t in specs),
        "theme": Counter(t for *_, themes in specs for t in themes),
    }


def _published(rows) -> dict:
    """The story-counts export as an outsider reads it."""
    out: dict = {"facility": {}, "held": {}, "month": {}, "theme": {}}
    kinds = {
        "facility": "facility",
        "facility held past the deadline": "held",
        "month": "month",
        "theme": "theme",
    }
    for kind, which, shown in rows:
        if kind == "total":
            out["total"] = _number(str(shown))
        else:
            out[kinds[kind]][which] = _number(str(shown))
    return out


def _attack(pub: dict) -> list[str]:
    """Every withheld count that arithmetic on the published ones pins to one value.

    What is known: the facility rows and the month rows each add up to the total; a listed
    facility or month has at least one story, and at least as many as were held past the
    deadline there; a facility's held-past count is at most its stories; a withheld count is
    never 0 (0 is always shown)."""
    pinned = []
    total = pub["total"]
    for group in ("facility", "month"):
        if total is None and None not in pub[group].values():
            total = sum(pub[group].values())
            pinned.append(f"total (from the {group} rows)")
    facility = dict(pub["facility"])
    if total is not None:
        for group in ("facility", "month"):
            cells = pub[group]
            low = {
                key: max(1, pub["held"].get(key) or 0) if group == "facility" else 1
                for key in cells
            }
            withheld = [key for key, n in cells.items() if n is None]
            rest = total - sum(n for n in cells.values() if n is not None)
            for key in withheld:
                high = rest - sum(low[other] for other in withheld if other != key)
                if high <= low[key]:
                    pinned.append(f"{group} {key} = {high}")
                    if group == "facility":
                        facility[key] = high
    for key, held in pub["held"].items():
        stories = facility.get(key)
        if held is None and stories == 1:
            pinned.append(f"held past at {key} = 1")
        if held is not None and stories is not None and 0 < stories - held < SMALL:
            pinned.append(f"not held past at {key} = {stories - held}")
    for key, n in pub["theme"].items():
        if n is None and total == 1:
            pinned.append(f"theme {key} = 1")
    return pinned


def test_the_attack_finds_what_subtraction_gives_away():
    published = {
        "total": 11,
        "facility": {"Big Jail": 10, "Small Jail": None},
        "held": {"Big Jail": 7, "Small Jail": None},
        "month": {"2026-01": 11},
        "theme": {"Bail": None},
    }
    assert _attack(published) == ["facility Small Jail = 1", "held past at Small Jail = 1"]
    # Withholding the big count is not enough when its held-past count bounds it.
    published["facility"]["Big Jail"] = None
    published["held"]["Big Jail"] = 10
    assert _attack(published) == [
        "facility Big Jail = 10",
        "facility Small Jail = 1",
        "held past at Small Jail = 1",
    ]
    published["held"]["Big Jail"] = None
    assert _attack(published) == []


def _make_stories(campaign, taker, facilities, specs) -> None:
    tellers = Storyteller.objects.bulk_create(
        [Storyteller(campaign=campaign, name="Rosa", name_hash="") for _spec in specs]
    )
    stories = Story.objects.bulk_create(
        [
            Story(
                campaign=campaign,
                storyteller=teller,
                taken_by=taker,
                status=Story.Status.COMPLETE,
                facility=facilities[f] if f is not None else None,
                held_past_seconds=seconds,
            )
            for teller, (f, _m, seconds, _t) in zip(tellers, specs, strict=True)
        ]
    )
    for story, (_f, month, _s, themes) in zip(stories, specs, strict=True):
        Story.objects.filter(pk=story.pk).update(created_at=MONTHS[month])
        StoryTheme.objects.bulk_create([StoryTheme(story=story, theme=t) for t in themes])
        consent(story, Purpose.INTERNAL, by=taker)


@pytest.fixture
def jails(db):
    return [FacilityFactory(name=name) for name in FACILITY_NAMES]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(story_spec, max_size=14))
# One story at each of three facilities: only withholding the total protects them.
@example(specs=[(0, 0, None, set()), (1, 0, None, set()), (2, 0, None, set())])
# Ten stories at one jail, one at another: the big count is withheld beside the small one.
@example(specs=[(0, 0, 3600, set())] * 10 + [(1, 1, 3600, {"bail"})])
# Four stories at one jail, three held past: the one who was not is not given away.
@example(specs=[(0, 0, 3600, set())] * 3 + [(0, 1, 0, set())])
def test_no_withheld_count_can_be_worked_out_from_the_others(volunteer, observer, jails, specs):
    campaign = CampaignFactory()
    MembershipFactory(campaign=campaign, user=observer, role=Role.OBSERVER)
    _make_stories(campaign, volunteer, jails, specs)
    truth = _truth(specs)
    rows = list(SPECS["story-counts"].rows(campaign, observer))
    pub = _published(rows)

    # Every small count is withheld, every shown count is true, and a withheld count is never 0.
    for group in ("facility", "held", "month", "theme"):
        for key, shown in pub[group].items():
            real = truth[group][key] if group != "theme" else truth["theme"][_theme_value(key)]
            assert shown is None or shown == real, (group, key, shown, real)
            assert shown is not None or real > 0, (group, key)
            assert not 0 < real < SMALL or shown is None, (group, key, real)
    assert pub["total"] in (None, truth["total"])
    assert not 0 < truth["total"] < SMALL or pub["total"] is None
    for key, held in truth["held"].items():
        if 0 < truth["facility"][key] - held < SMALL:  # a few not held past: not derivable
            assert pub["held"][key] is None or pub["facility"][key] is None, key

    assert _attack(pub) == [], (specs, rows)

    # The page says exactly what the export says, and nothing derived from a withheld count;
    # the order of the rows follows their names, not their counts.
    page = summary(campaign, exact=False)
    assert _published(_page_rows(page)) == pub
    assert [row["facility"] for row in page["by_facility"]] == sorted(
        truth["facility"], key=lambda name: (name == NOT_RECORDED, name)
    )
    for row in page["by_facility"]:
        if _number(row["total_shown"]) is None:
            assert _number(row["held_past_shown"]) in (None, 0)
            assert row["bar"] is None
        if _number(row["held_past_shown"]) is None:
            assert row["average_hours"] is None and row["bar_past"] is None


def _theme_value(label: str) -> str:
    return next(value for value, text in Theme.choices if str(text) == label)


def _page_rows(page: dict):
    yield ["total", "", page["total"]]
    for row in page["by_facility"]:
        yield ["facility", row["facility"], row["total_shown"]]
        yield ["facility held past the deadline", row["facility"], row["held_past_shown"]]
    for label, shown in page["by_theme"]:
        yield ["theme", str(label), shown]
    for month, shown in page["by_month"]:
        yield ["month", month.strftime("%Y-%m"), shown]


def test_an_average_is_never_shown_beside_a_withheld_count(campaign, volunteer, observer):
    jail = FacilityFactory(name="North Jail")
    for hours in (0, 0, 0, 30):
        _held(campaign, volunteer, hours, facility=jail)
    page = client_for(observer).get(reverse("stories:statistics", args=[campaign.slug]))
    body = page.content.decode()
    (row,) = page.context["by_facility"]
    assert row["total_shown"] == "4"
    assert _number(row["held_past_shown"]) is None
    assert row["average_hours"] is None
    assert "30.0" not in body and "30 hours" not in body


def test_a_single_small_facility_is_not_given_away_by_the_total(campaign, volunteer, observer):
    big, small = FacilityFactory(name="Big Jail"), FacilityFactory(name="Small Jail")
    for _ in range(10):
        _held(campaign, volunteer, 0, facility=big)
    _held(campaign, volunteer, 5, facility=small)
    page = summary(campaign, exact=exact_counts_for(Role.OBSERVER))
    shown = {row["facility"]: _number(row["total_shown"]) for row in page["by_facility"]}
    assert shown == {"Big Jail": None, "Small Jail": None}
    assert page["total"] == "11"


@pytest.mark.parametrize("role", list(Role))
def test_exact_counts_follow_the_role_table(campaign, volunteer, request, role):
    _held(campaign, volunteer, 5)
    reader = request.getfixturevalue(role.value)
    page = client_for(reader).get(reverse("stories:statistics", args=[campaign.slug]))
    exact = role_may(role, Action.VIEW_STORIES)
    assert page.context["by_facility"][0]["total_shown"] == ("1" if exact else str(HIDDEN))
    rows = list(SPECS["story-counts"].rows(campaign, reader))
    assert rows[0] == ["total", "", "1" if exact else str(HIDDEN)]


# Erasure keeps its promise: the anonymous record still counts.


def test_erasing_a_storyteller_keeps_the_story_in_the_totals(campaign, volunteer, lead):
    jail = FacilityFactory(name="North Jail")
    stories = [_held(campaign, volunteer, 10, facility=jail) for _ in range(10)]
    before = summary(campaign, exact=True)
    erase_storyteller(story=stories[0], user=lead, reason="asked by phone")
    after = summary(campaign, exact=True)
    assert after["total"] == before["total"] == "10"
    assert after["by_facility"] == before["by_facility"]
    assert after["by_theme"] == before["by_theme"]
    assert after["by_month"] == before["by_month"]


def test_an_erased_story_counts_only_if_consent_was_in_force_when_it_was_erased(
    campaign, volunteer, lead
):
    counted = _held(campaign, volunteer, 10)
    withdrawn = _held(campaign, volunteer, 10)
    withdraw_consent(story=withdrawn, purposes=None, user=lead)
    expired = _held(campaign, volunteer, 10)
    consent(expired, Purpose.INTERNAL, by=volunteer, expires_on=date.today() - timedelta(days=1))
    for story in (counted, withdrawn, expired):
        erase_storyteller(story=story, user=lead, reason="request")
    assert summary(campaign, exact=True)["total"] == "1"
    assert list(countable(campaign)) == [counted]
