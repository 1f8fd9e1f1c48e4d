"""Invariant 2: consent decides what a story may be used for, everywhere.

The property tests draw random consent histories and check every path that carries a story
(the list, the packet, the redaction used by both) against a model of the rule written here
independently of the code: the latest decision for a purpose is the one in force, if granted
and not expired; anonymized use shows no name, contact or marked detail.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stories import packets
from stories.models import ANONYMIZED_PURPOSES, Consent, Identifiability, Purpose, Story
from stories.redaction import redact
from stories.selectors import effective_consent
from tests.stories.factories import consent, make_story

NAME = "Lucía Ramírez"
CONTACT = "lucia@example.org"
DETAIL = "taquería La Esquina"
NARRATIVE = f"Lucía Ramírez worked at {DETAIL} until the sheriff held her for ICE."


def test_volunteer_sees_only_the_stories_they_took(campaign, volunteer, coordinator):
    mine = make_story(campaign, taken_by=volunteer, complete=False)
    theirs = make_story(campaign, taken_by=coordinator)
    consent(theirs, by=coordinator)
    visible = set(Story.objects.visible_to(volunteer, campaign, Purpose.INTERNAL))
    assert visible == {mine}


def test_coordinator_sees_stories_with_internal_consent(campaign, volunteer, coordinator):
    with_consent = make_story(campaign, taken_by=volunteer)
    consent(with_consent, by=volunteer)
    without = make_story(campaign, taken_by=volunteer)
    refused = make_story(campaign, taken_by=volunteer)
    consent(refused, granted=False, by=volunteer)
    draft = make_story(campaign, taken_by=volunteer, complete=False)
    consent(draft, by=volunteer)
    visible = set(Story.objects.visible_to(coordinator, campaign, Purpose.INTERNAL))
    assert visible == {with_consent}
    assert without not in visible and refused not in visible and draft not in visible


def test_observers_and_outsiders_see_no_story(campaign, volunteer, observer, outsider):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    for person in (observer, outsider):
        assert not Story.objects.visible_to(person, campaign, Purpose.INTERNAL).exists()


def test_withdrawal_takes_effect_on_the_next_request(as_coordinator, campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer)
    consent(story, by=volunteer)
    url = story.get_absolute_url()
    assert as_coordinator.get(url).status_code == 200
    consent(story, granted=False, withdrawal=True, by=volunteer)
    assert as_coordinator.get(url).status_code == 404
    listing = as_coordinator.get(f"/c/{campaign.slug}/stories/").content.decode()
    assert story.reference not in listing


def test_contact_shows_only_on_the_story_page_for_internal_work(campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer, contact=CONTACT)
    record = consent(story, Purpose.INTERNAL, by=volunteer)
    assert redact(story, purpose=Purpose.INTERNAL, consent=record, with_contact=True).contact
    assert not redact(story, purpose=Purpose.INTERNAL, consent=record).contact


def test_anonymized_view_removes_name_contact_and_marked_details(campaign, volunteer):
    story = make_story(
        campaign,
        taken_by=volunteer,
        name=NAME,
        contact=CONTACT,
        narrative=NARRATIVE,
        identifying_details=DETAIL,
    )
    record = consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    view = redact(story, purpose=Purpose.POLICYMAKERS_ANONYMIZED, consent=record)
    text = repr(view)
    for secret in ("Lucía", "Ramírez", CONTACT, DETAIL):
        assert secret not in text
    assert "until the sheriff held her for ICE" in view.narrative
    assert view.display_name == "Anonymous storyteller"


def test_first_name_only(campaign, volunteer):
    story = make_story(campaign, taken_by=volunteer, name=NAME, narrative=NARRATIVE)
    record = consent(
        story, Purpose.POLICYMAKERS_NAMED, level=Identifiability.FIRST_NAME, by=volunteer
    )
    view = redact(story, purpose=Purpose.POLICYMAKERS_NAMED, consent=record)
    assert view.name == "Lucía"
    assert "Ramírez" not in view.narrative
    assert view.contact == ""


# --- property tests -------------------------------------------------------------------------

decision = st.tuples(
    st.sampled_from(Purpose.values),
    st.sampled_from(["grant", "refuse", "withdraw"]),
    st.sampled_from(Identifiability.values),
    st.one_of(st.none(), st.integers(min_value=-30, max_value=30)),  # expiry, days from today
)


def _expected(history: list, purpose: str) -> tuple[bool, str]:
    """The rule, written independently: (in force?, identifiability allowed)."""
    latest = [h for h in history if h[0] == purpose]
    if not latest:
        return False, Identifiability.ANONYMIZED
    _, kind, level, expiry = latest[-1]
    today = timezone.localdate()
    in_force = kind == "grant" and (expiry is None or today + timedelta(days=expiry) >= today)
    if purpose in ANONYMIZED_PURPOSES:
        level = Identifiability.ANONYMIZED
    return in_force, level


def _apply(story, history, by) -> None:
    start = timezone.now() - timedelta(hours=len(history) + 1)
    for i, (purpose, kind, level, expiry) in enumerate(history):
        Consent.objects.create(
            story=story,
            purpose=purpose,
            granted=kind == "grant",
            withdrawal=kind == "withdraw",
            identifiability=Identifiability.ANONYMIZED if purpose in ANONYMIZED_PURPOSES else level,
            method=Consent.Method.IN_PERSON,
            collected_by=by,
            recorded_by=by,
            expires_on=None if expiry is None else date.today() + timedelta(days=expiry),
            recorded_at=start + timedelta(minutes=i),
        )


def _leaks(view_text: str) -> list[str]:
    return [s for s in ("Lucía", "Ramírez", CONTACT, DETAIL) if s in view_text]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(decision, max_size=8), purpose=st.sampled_from(Purpose.values))
def test_no_path_shows_a_story_beyond_its_consent(
    campaign, lead, coordinator, volunteer, history, purpose
):
    story = make_story(
        campaign,
        taken_by=volunteer,
        name=NAME,
        contact=CONTACT,
        narrative=NARRATIVE,
        identifying_details=DETAIL,
    )
    _apply(story, history, volunteer)
    in_force, level = _expected(history, purpose)

    # The list (and every count or export built on it) for leads and coordinators.
    for reader in (lead, coordinator):
        listed = Story.objects.visible_to(reader, campaign, purpose).filter(pk=story.pk).exists()
        assert listed == in_force, (history, purpose)

    # The packet a lead builds for this purpose.
    packet = packets.build(
        campaign=campaign, user=lead, purpose=purpose, story_ids=[story.pk], reason="property test"
    )
    assert len(packet.included) == (1 if in_force else 0)
    assert [ref for ref, _why in packet.left_out] == ([] if in_force else [story.reference])

    if in_force:
        view = packet.included[0]
        assert view.identifiability == level
        leaks = _leaks(repr(view))
        if level == Identifiability.ANONYMIZED:
            assert not leaks, (history, purpose, leaks)
        elif level == Identifiability.FIRST_NAME:
            assert "Ramírez" not in repr(view) and CONTACT not in repr(view)
        # A contact never leaves the campaign in a packet.
        assert CONTACT not in repr(view)

    # The redaction itself, with whatever consent is in force.
    current = effective_consent(story)[purpose]
    view = redact(story, purpose=purpose, consent=current if in_force else None)
    if not in_force or level == Identifiability.ANONYMIZED:
        assert not _leaks(repr(view)), (history, purpose)


@pytest.mark.parametrize("purpose", sorted(ANONYMIZED_PURPOSES))
def test_anonymized_purposes_never_carry_a_name_even_if_recorded_wrongly(
    campaign, volunteer, purpose
):
    story = make_story(campaign, taken_by=volunteer, name=NAME, narrative=NARRATIVE)
    # A record claiming "full name" for an anonymized purpose (e.g. a bad import).
    record = consent(story, purpose, level=Identifiability.FULL_NAME, by=volunteer)
    shown = repr(redact(story, purpose=purpose, consent=record))
    assert "Lucía" not in shown and "Ramírez" not in shown
