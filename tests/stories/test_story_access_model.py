"""Invariant 8, by its truth: what each person sees of each story, and may change, over time.

A hypothesis state machine drives random sequences of intake, finishing, consent records (by
anyone, including people who may not), withdrawals, consents that lapse, erasures, role
changes and removals, and attempts to overwrite a story through its autosave. After every step
it asks every surface -- the list, the page, the edit form, the consent and withdrawal forms,
the API, packets for every use -- what it shows and allows, for every person, and compares the
answers with a small model of the rules written here, independently of stories.access:

- a draft: its taker sees it whole and changes everything; nobody else sees it;
- a finished story: those who may see it (leads and coordinators; a volunteer the stories they
  took) see it at the identifiability of the internal consent in force, or not at all; leads
  and coordinators change only what they see;
- consent is recorded by the taker or by a lead or coordinator who sees the story, and after
  any withdrawal only by a lead, saying how it was given again;
- nobody sees more of a story after a withdrawal than before it, until a lead records consent
  given again (checked on what the API answers, not on the model).

STORY_MODEL_EXAMPLES and STORY_MODEL_STEPS search longer (CI runs a bounded number).
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from coalition.models import Membership
from coalition.permissions import Role
from stories import packets
from stories.models import Consent, Story
from stories.services import erase_storyteller, save_story, start_story
from tests.api.conftest import api_client_for
from tests.conftest import client_for
from tests.factories import CampaignFactory, UserFactory, enable_totp

EXAMPLES = int(os.environ.get("STORY_MODEL_EXAMPLES", "4"))
STEPS = int(os.environ.get("STORY_MODEL_STEPS", "12"))

PEOPLE = ("lead", "coordinator", "volunteer", "volunteer2", "observer")
INTAKE_ROLES = {Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER}
PURPOSES = [
    "internal",
    "policymakers_anon",
    "policymakers_named",
    "hearing",
    "public_anon",
    "public_named",
]
ANONYMIZED_USES = {"policymakers_anon", "public_anon"}
FULL, FIRST, ANON = "full", "first", "anonymized"
RANK = {None: 0, ANON: 1, FIRST: 2, FULL: 3}
CUSTODY_END = datetime(2026, 3, 6, 17, 30, tzinfo=ZoneInfo("America/Chicago"))
EXACT_TIME_TEXT = "2026-03-06T17:30"  # as the edit form would show it


def consent_fields(purpose: str, yes: bool, level: str) -> dict[str, str]:
    """One use's answer on the consent form (and as the form before this one read it, so this
    test also runs against that code: `grant_<use>` ticked meant Yes)."""
    fields = {f"decision_{purpose}": "yes" if yes else "no", f"identify_{purpose}": level}
    if yes:
        fields[f"grant_{purpose}"] = "on"
    return fields


@dataclass
class Record:
    purpose: str
    granted: bool
    level: str
    withdrawal: bool = False
    expired: bool = False

    def in_force(self) -> bool:
        return self.granted and not self.expired


@dataclass
class ModelStory:
    pk: int
    taker: str
    first: str
    surname: str
    contact: str
    status: str = "draft"
    erased: bool = False
    records: list[Record] = field(default_factory=list)

    def latest(self, purpose: str) -> Record | None:
        found = [r for r in self.records if r.purpose == purpose]
        return found[-1] if found else None

    @property
    def withdrawn(self) -> bool:
        return any(r.withdrawal for r in self.records)


class StoryAccessMachine(RuleBasedStateMachine):
    """One campaign, five people whose roles change, and the stories they take."""

    stories = Bundle("stories")

    def __init__(self) -> None:
        super().__init__()
        self.campaign = CampaignFactory()
        self.users = {}
        self.roles: dict[str, str | None] = {}
        for name, role in zip(
            PEOPLE,
            [Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER, Role.VOLUNTEER, Role.OBSERVER],
            strict=True,
        ):
            user = UserFactory()
            enable_totp(user)  # a lead's pages need a second factor; anyone may be promoted
            Membership.objects.create(campaign=self.campaign, user=user, role=role)
            self.users[name] = user
            self.roles[name] = role
        self.web = {name: client_for(user) for name, user in self.users.items()}
        self.api = {name: api_client_for(user) for name, user in self.users.items()}
        self.model: dict[int, ModelStory] = {}
        self.counter = 0
        # After a withdrawal: what each person saw of the story then (and their role then).
        self.ceiling: dict[int, dict[str, tuple[str | None, str | None]]] = {}
        self.changed: tuple[str, object] | None = None  # None: ask about everything

    # ---- the model of the rule ---------------------------------------------------------------

    def level(self, person: str, story: ModelStory) -> str | None:
        role = self.roles[person]
        if role not in INTAKE_ROLES or story.erased:
            return None
        taker = story.taker == person
        if story.status == "draft":
            return FULL if taker else None
        if role == Role.VOLUNTEER and not taker:
            return None
        record = story.latest("internal")
        return record.level if record is not None and record.in_force() else None

    def editable(self, person: str, story: ModelStory) -> set[str]:
        level = self.level(person, story)
        if level is None:
            return set()
        if story.status == "draft":
            return {"name", "contact", "narrative", "custody_ended_at"}
        if self.roles[person] not in (Role.LEAD, Role.COORDINATOR):
            return set()
        return {
            FULL: {"name", "contact", "narrative", "custody_ended_at"},
            FIRST: {"custody_ended_at"},
            ANON: set(),
        }[level]

    def may_record_consent(self, person: str, story: ModelStory) -> bool:
        role = self.roles[person]
        if role not in INTAKE_ROLES or story.erased:
            return False
        if role == Role.LEAD:
            return True
        if story.withdrawn:
            return False
        return story.taker == person or self.level(person, story) is not None

    def may_withdraw(self, person: str, story: ModelStory) -> bool:
        role = self.roles[person]
        if role not in INTAKE_ROLES or story.erased:
            return False
        return (
            role == Role.LEAD or (story.taker == person) or (self.level(person, story) is not None)
        )

    def packet_level(self, person: str, story: ModelStory, purpose: str) -> str | None:
        if self.roles[person] not in (Role.LEAD, Role.COORDINATOR):
            return None
        if story.erased or story.status != "complete":
            return None
        record = story.latest(purpose)
        if record is None or not record.in_force():
            return None
        return ANON if purpose in ANONYMIZED_USES else record.level

    # ---- steps -------------------------------------------------------------------------------

    @rule(target=stories, taker=st.sampled_from(PEOPLE[:4]))
    def take_a_story(self, taker: str) -> int:
        self.counter += 1
        n = self.counter
        user = self.users[taker]
        if self.roles[taker] not in INTAKE_ROLES:
            url = reverse("stories:new", args=[self.campaign.slug])
            assert self.web[taker].post(url).status_code in (403, 404)
            return -1
        story = start_story(campaign=self.campaign, user=user)
        first, surname = f"Nombre{n}q", f"Apellido{n}z"
        contact = f"contacto{n}@example.org"
        save_story(
            story=story,
            data={
                "name": f"{first} {surname}",
                "contact": contact,
                "narrative": f"{first} {surname} was held past release.",
                "custody_ended_at": CUSTODY_END,
                "time_zone": "America/Chicago",
            },
            themes=None,
            user=user,
        )
        self.model[story.pk] = ModelStory(
            pk=story.pk, taker=taker, first=first, surname=surname, contact=contact
        )
        self.changed = ("story", story.pk)
        return story.pk

    @rule(pk=stories)
    def finish(self, pk: int) -> None:
        story = self.model.get(pk)
        if story is None or story.erased or story.status != "draft":
            return
        if self.roles[story.taker] not in INTAKE_ROLES:
            return
        save_story(
            story=Story.objects.get(pk=pk),
            data={},
            themes=None,
            user=self.users[story.taker],
            complete=True,
        )
        story.status = "complete"
        self.changed = ("story", pk)

    @rule(
        pk=stories,
        person=st.sampled_from(PEOPLE),
        answers=st.lists(
            st.tuples(st.booleans(), st.sampled_from([FULL, FIRST, ANON])),
            min_size=len(PURPOSES),
            max_size=len(PURPOSES),
        ),
        with_note=st.booleans(),
    )
    def record_consent(self, pk, person, answers, with_note) -> None:
        story = self.model.get(pk)
        if story is None:
            return
        data = {"method": "in_person", "language": "es", "confirmed": "on"}
        for purpose, (yes, level) in zip(PURPOSES, answers, strict=True):
            data.update(consent_fields(purpose, yes, level))
        if with_note:
            data["renewal_note"] = "Called the office and asked to be included again."
        self.changed = ("story", pk)
        before = Consent.objects.filter(story_id=pk).count()
        url = reverse("stories:consent", args=[self.campaign.slug, pk])
        response = self.web[person].post(url, data)
        added = Consent.objects.filter(story_id=pk).count() - before
        if not self.may_record_consent(person, story):
            assert response.status_code in (403, 404), (person, response.status_code)
            assert added == 0
            return
        renewal = story.withdrawn
        changes = []
        for purpose, (yes, level) in zip(PURPOSES, answers, strict=True):
            level = ANON if purpose in ANONYMIZED_USES else level
            current = story.latest(purpose)
            if yes:
                if current is None or not current.in_force() or current.level != level:
                    changes.append(Record(purpose, True, level))
            elif current is None or current.in_force():
                changes.append(Record(purpose, False, ANON))
        if renewal and any(c.granted for c in changes) and not with_note:
            changes = []  # refused: how it was given again is missing
        assert added == len(changes), (person, response.status_code, added, changes)
        story.records.extend(changes)
        if renewal and changes:
            self.ceiling.pop(pk, None)  # a lead recorded consent given again

    @rule(
        pk=stories,
        person=st.sampled_from(PEOPLE),
        everything=st.booleans(),
        purpose=st.sampled_from(PURPOSES),
    )
    def withdraw(self, pk, person, everything, purpose) -> None:
        story = self.model.get(pk)
        if story is None:
            return
        data = {"everything": "on"} if everything else {"purposes": [purpose]}
        self.changed = ("story", pk)
        before = Consent.objects.filter(story_id=pk).count()
        url = reverse("stories:withdraw", args=[self.campaign.slug, pk])
        response = self.web[person].post(url, data)
        added = Consent.objects.filter(story_id=pk).count() - before
        if not self.may_withdraw(person, story):
            assert response.status_code in (403, 404)
            assert added == 0
            return
        assert response.status_code == 302
        targets = PURPOSES if everything else [purpose]
        assert added == len(targets)
        self.ceiling[pk] = {p: (self.observed(p, pk), self.roles[p]) for p in PEOPLE}
        story.records.extend(Record(p, False, ANON, withdrawal=True) for p in targets)

    @rule(pk=stories)
    def internal_consent_lapses(self, pk) -> None:
        """Time passes: the internal consent in force had an end date, and it has passed."""
        story = self.model.get(pk)
        if story is None or story.erased:
            return
        current = story.latest("internal")
        if current is None or not current.in_force():
            return
        Consent.objects.create(
            story_id=pk,
            purpose="internal",
            granted=True,
            identifiability=current.level,
            method=Consent.Method.IN_PERSON,
            expires_on=date.today() - timedelta(days=2),
        )
        story.records.append(Record("internal", True, current.level, expired=True))
        self.changed = ("story", pk)

    @rule(pk=consumes(stories))
    def erase(self, pk) -> None:
        story = self.model.get(pk)
        if story is None or story.erased:
            return
        lead = next((p for p in PEOPLE if self.roles[p] == Role.LEAD), None)
        if lead is None:
            return
        erase_storyteller(
            story=Story.objects.get(pk=pk), user=self.users[lead], reason="asked by phone"
        )
        story.erased = True
        self.changed = ("story", pk)

    @rule(
        person=st.sampled_from(PEOPLE[1:]),
        role=st.sampled_from([Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER, Role.OBSERVER, None]),
    )
    def change_role(self, person, role) -> None:
        Membership.objects.filter(campaign=self.campaign, user=self.users[person]).delete()
        if role is not None:
            Membership.objects.create(campaign=self.campaign, user=self.users[person], role=role)
        self.roles[person] = role
        self.changed = ("person", person)

    @rule(pk=stories, person=st.sampled_from(PEOPLE))
    def overwrite_through_autosave(self, pk, person) -> None:
        story = self.model.get(pk)
        if story is None or story.erased:
            return
        self.changed = ("story", pk)
        stored = Story.objects.select_related("storyteller").get(pk=pk)
        new_first, new_surname = f"Nuevo{pk}w", f"Cambiado{pk}k"
        url = reverse("stories:autosave", args=[self.campaign.slug, pk])
        response = self.web[person].post(
            url,
            {
                "name": f"{new_first} {new_surname}",
                "contact": f"nuevo{pk}@example.org",
                "narrative": f"{new_first} {new_surname} typed this.",
                "custody_ended_at": "2026-02-02T10:00",
                "time_zone": stored.time_zone,
                "preferred_language": "en",
                "relationship": "impacted",
                "hold_rule": stored.hold_rule,
            },
        )
        allowed = self.editable(person, story)
        after = Story.objects.select_related("storyteller").get(pk=pk)
        if not allowed:
            assert response.status_code in (403, 404), (person, response.status_code)
        assert (after.storyteller.name != stored.storyteller.name) == ("name" in allowed)
        assert (after.narrative != stored.narrative) == ("narrative" in allowed)
        assert (after.storyteller.contact != stored.storyteller.contact) == ("contact" in allowed)
        typed = datetime(2026, 2, 2, 10, 0, tzinfo=ZoneInfo(stored.time_zone))
        expected_time = typed if "custody_ended_at" in allowed else stored.custody_ended_at
        assert after.custody_ended_at == expected_time, (person, allowed)
        if "name" in allowed:
            story.first, story.surname = new_first, new_surname
            story.contact = f"nuevo{pk}@example.org"

    # ---- what every surface shows, compared with the model -----------------------------------

    def observed(self, person: str, pk: int) -> str | None:
        url = reverse("api:campaign-story-detail", args=[self.campaign.slug, pk])
        response = self.api[person].get(url)
        if response.status_code == 200:
            return response.json()["identifiability"]
        assert response.status_code in (403, 404), response.status_code
        return None

    def check_page(self, person: str, story: ModelStory, level: str | None) -> None:
        url = reverse("stories:detail", args=[self.campaign.slug, story.pk])
        response = self.web[person].get(url)
        if level is None:
            assert response.status_code in (403, 404), (person, story, response.status_code)
            return
        assert response.status_code == 200, (person, story.pk, response.status_code)
        self.check_text(response.content.decode(), story, level, with_contact=True)

    def check_text(self, html: str, story: ModelStory, level: str, *, with_contact: bool) -> None:
        assert (story.first in html) == (level in (FULL, FIRST)), (level, story)
        assert (story.surname in html) == (level == FULL), (level, story)
        if not (with_contact and level == FULL):
            assert story.contact not in html
        if level == ANON:
            assert EXACT_TIME_TEXT not in html

    def check_edit(self, person: str, story: ModelStory, level: str | None) -> None:
        """The edit form opens for the draft's taker, and for leads and coordinators on a
        finished story they see; it never shows what their level hides."""
        url = reverse("stories:edit", args=[self.campaign.slug, story.pk])
        response = self.web[person].get(url)
        opens = level is not None and (
            story.status == "draft" or self.roles[person] in (Role.LEAD, Role.COORDINATOR)
        )
        if not opens:
            assert response.status_code in (403, 404), (person, story.pk, response.status_code)
            return
        assert response.status_code == 200, (person, story.pk, response.status_code)
        html = response.content.decode()
        if level != FULL:
            assert story.surname not in html, (person, level)
            assert story.contact not in html, (person, level)
        if level == ANON:
            assert story.first not in html, (person, level)
            assert EXACT_TIME_TEXT not in html, (person, level)

    def check_forms(self, person: str, story: ModelStory) -> None:
        consent_url = reverse("stories:consent", args=[self.campaign.slug, story.pk])
        status = self.web[person].get(consent_url).status_code
        assert (status == 200) == self.may_record_consent(person, story), (person, status)
        withdraw_url = reverse("stories:withdraw", args=[self.campaign.slug, story.pk])
        status = self.web[person].get(withdraw_url).status_code
        assert (status == 200) == self.may_withdraw(person, story), (person, status)

    @invariant()
    def every_surface_agrees_with_the_model(self) -> None:
        """A step changes the facts of one story (for everyone) or of one person (for every
        story): those are asked again, on every surface."""
        people, stories = PEOPLE, list(self.model.values())
        if self.changed is not None:
            kind, which = self.changed
            if kind == "story":
                stories = [s for s in stories if s.pk == which]
            else:
                people = (which,)
        self.changed = ("story", None)  # until a step says what it changed
        for person in people:
            listed = set()
            if self.roles[person] in INTAKE_ROLES:
                page = self.web[person].get(reverse("stories:index", args=[self.campaign.slug]))
                assert page.status_code == 200
                listed = {int(pk) for pk in re.findall(r"/stories/(\d+)/\"", page.content.decode())}
            for story in self.model.values():
                assert (story.pk in listed) == (self.level(person, story) is not None)
            for story in stories:
                level = self.level(person, story)
                assert self.observed(person, story.pk) == level, (person, story)
                self.check_page(person, story, level)
                self.check_edit(person, story, level)
                self.check_forms(person, story)
        self.check_packets([s.pk for s in stories])
        self.check_withdrawals_only_narrow()

    def check_packets(self, ids: list[int]) -> None:
        if not ids:
            return
        for person in ("lead", "coordinator"):
            if self.roles[person] not in (Role.LEAD, Role.COORDINATOR):
                continue
            for purpose in PURPOSES:
                built = packets.build(
                    campaign=self.campaign,
                    user=self.users[person],
                    purpose=purpose,
                    story_ids=ids,
                    reason="hearing",
                )
                included = {view.pk: view for view in built.included}
                for story in (self.model[pk] for pk in ids):
                    expected = self.packet_level(person, story, purpose)
                    assert (story.pk in included) == (expected is not None), (purpose, story)
                    if expected is not None:
                        view = included[story.pk]
                        assert view.identifiability == expected
                        text = f"{view.name} {view.narrative} {view.contact}"
                        assert story.contact not in text
                        assert (story.surname in text) == (expected == FULL)

    def check_withdrawals_only_narrow(self) -> None:
        for pk, seen in self.ceiling.items():
            for person, (then, role_then) in seen.items():
                if self.roles[person] != role_then:
                    continue  # a new role is a new question, not the same person seeing more
                now = self.observed(person, pk)
                assert RANK[now] <= RANK[then], (person, pk, then, now)


def test_story_access_over_time(db):
    run_state_machine_as_test(
        StoryAccessMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR])
def test_a_volunteer_or_coordinator_cannot_undo_a_withdrawal(
    role, campaign, lead, coordinator, volunteer
):
    """The red team's finding: a fresh consent (all uses, by name) after "withdraw all"."""
    from tests.stories.factories import consent, make_story

    taker = volunteer if role == Role.VOLUNTEER else coordinator
    story = make_story(campaign, taken_by=taker)
    consent(story, by=taker, level="first")
    client_for(lead).post(
        reverse("stories:withdraw", args=[campaign.slug, story.pk]), {"everything": "on"}
    )
    data = {"method": "in_person", "language": "en", "confirmed": "on"}
    for purpose in PURPOSES:
        data.update(consent_fields(purpose, True, FULL))
    before = Consent.objects.filter(story=story).count()
    response = client_for(taker).post(
        reverse("stories:consent", args=[campaign.slug, story.pk]), data
    )
    assert response.status_code in (403, 404)
    assert Consent.objects.filter(story=story).count() == before
    assert not Story.objects.visible_to(lead, campaign, "public_named").exists()


def test_the_edit_page_shows_only_what_consent_allows(campaign, coordinator, volunteer):
    """The red team's finding: the edit page showed the full name, contact and exact dates of a
    finished story whose internal consent said "first name only" (and "anonymized")."""
    from tests.stories.factories import consent, make_story

    first_only = make_story(
        campaign,
        taken_by=volunteer,
        name="Amalia Quispe",
        contact="555-010-7788",
        narrative="Amalia Quispe was held.",
        custody_ended_at=CUSTODY_END,
    )
    consent(first_only, by=volunteer, level=FIRST)
    anonymized = make_story(
        campaign,
        taken_by=volunteer,
        name="Berta Condori",
        contact="berta@example.org",
        custody_ended_at=CUSTODY_END,
    )
    consent(anonymized, by=volunteer, level=ANON)
    client = client_for(coordinator)
    html = client.get(reverse("stories:edit", args=[campaign.slug, first_only.pk])).content.decode()
    assert "Amalia" in html
    assert "Quispe" not in html and "555-010-7788" not in html
    html = client.get(reverse("stories:edit", args=[campaign.slug, anonymized.pk])).content.decode()
    assert "Berta" not in html and "Condori" not in html and "berta@example.org" not in html
    assert EXACT_TIME_TEXT not in html


def test_a_finished_storys_hidden_fields_cannot_be_overwritten(campaign, coordinator, volunteer):
    """The same people could overwrite a finished story's narrative through its autosave."""
    from tests.stories.factories import consent, make_story

    story = make_story(campaign, taken_by=volunteer, name="Amalia Quispe", narrative="Original.")
    consent(story, by=volunteer, level=FIRST)
    client_for(coordinator).post(
        reverse("stories:autosave", args=[campaign.slug, story.pk]),
        {
            "name": "Someone Else",
            "narrative": "Overwritten.",
            "time_zone": "America/Chicago",
            "preferred_language": "en",
            "relationship": "impacted",
            "hold_rule": story.hold_rule,
        },
    )
    story.refresh_from_db()
    story.storyteller.refresh_from_db()
    assert story.narrative == "Original."
    assert story.storyteller.name == "Amalia Quispe"


@pytest.mark.parametrize("taker_role", ["volunteer", "lead"])
def test_the_taker_sees_no_more_after_a_withdrawal(taker_role, campaign, lead, volunteer):
    """A volunteer saw "María" under "first name only", then the full name and phone after
    "withdraw all"; a lead who took a story still saw it in full (the API said `full`)."""
    from tests.stories.factories import consent, make_story

    taker = volunteer if taker_role == "volunteer" else lead
    story = make_story(campaign, taken_by=taker, name="María Núñez", contact="555-010-7788")
    consent(story, by=taker, level=FIRST)
    page = reverse("stories:detail", args=[campaign.slug, story.pk])
    before = client_for(taker).get(page).content.decode()
    assert "María" in before and "Núñez" not in before
    client_for(lead).post(
        reverse("stories:withdraw", args=[campaign.slug, story.pk]), {"everything": "on"}
    )
    response = client_for(taker).get(page)
    assert response.status_code == 404
    listing = client_for(taker).get(reverse("stories:index", args=[campaign.slug]))
    assert (
        "Núñez" not in listing.content.decode() and "555-010-7788" not in listing.content.decode()
    )
    api = api_client_for(taker).get(
        reverse("api:campaign-story-detail", args=[campaign.slug, story.pk])
    )
    assert api.status_code == 404


def test_a_coordinator_saves_what_they_see_of_a_finished_story(campaign, coordinator, volunteer):
    """A finished story's edit page saves changes and returns to the story (no "draft")."""
    from tests.stories.factories import consent, make_story

    story = make_story(campaign, taken_by=volunteer, name="Amalia Quispe", narrative="Original.")
    consent(story, by=volunteer, level=FIRST)
    url = reverse("stories:edit", args=[campaign.slug, story.pk])
    page = client_for(coordinator).get(url).content.decode()
    assert "Finished: only what consent lets you see can be changed." in page
    assert 'name="finish"' not in page
    response = client_for(coordinator).post(
        url,
        {
            "save": "",
            "themes": ["bail"],
            "time_zone": "America/Chicago",
            "preferred_language": "en",
            "relationship": "impacted",
            "hold_rule": story.hold_rule,
        },
    )
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert list(story.themes.values_list("theme", flat=True)) == ["bail"]
    story.refresh_from_db()
    assert story.narrative == "Original." and story.status == Story.Status.COMPLETE
