"""The one decision about a story: what this person may see and do with it, at this moment.

Every surface that carries a story asks here: the list and page, the edit form and its
autosave, the consent and withdrawal forms, the API, packets, the storyteller search, the
statistics. The rule, in words (DESIGN.md, invariant 8):

- Observers, outsiders and anonymous visitors get nothing. An erased story shows nothing to
  anyone (its anonymous record only counts in the statistics).
- A draft is seen in full, and changed, only by the person taking it. A lead may find it (to
  discard it or act on a storyteller's request) without seeing it.
- A finished story is seen by everyone who may see it -- its taker included -- only as the
  consent in force for internal use allows: at that consent's identifiability, or not at all.
  Leads and coordinators may see every such story; a volunteer only the ones they took.
- What a person sees of a finished story is what they may change: the role table says who edits
  finished stories (Action.EDIT_FINISHED_STORIES), and a field hidden at the level shown (a
  name, a narrative with parts removed, exact dates) can never be changed through a form.
- Consent is recorded by whoever took the story and by leads and coordinators who see it. After
  any withdrawal, only a lead records consent again (Action.RENEW_CONSENT), saying how the
  storyteller gave it again. Anyone who may record consent may record a withdrawal; a lead always.
- A lead can always find a story that is not erased (by number or by the storyteller's name) to
  record a withdrawal or erase it, even after a full withdrawal.

`decide()` is that rule over plain facts; `access_for()` reads the facts of a story;
`visible_q()` is the same rule as a database filter, so lists page in the database. A test
checks `visible_q` against `decide` for every combination of facts.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from coalition.permissions import Action, role_may
from stories.models import Consent, Identifiability, Purpose, Story

# Fields of the intake form, and which of them a level of identifiability hides.
STORYTELLER_FIELDS = ("name", "contact", "preferred_language", "interpreter_used", "relationship")
STORY_FIELDS = (
    "narrative",
    "identifying_details",
    "themes",
    "facility",
    "time_zone",
    "booked_at",
    "detainer_lodged_at",
    "custody_ended_at",
    "custody_end_reason",
    "outcome",
    "outcome_at",
    "hold_rule",
    "review_on",
)
ALL_FIELDS = frozenset(STORYTELLER_FIELDS + STORY_FIELDS)
EXACT_TIMES = frozenset({"booked_at", "detainer_lodged_at", "custody_ended_at", "outcome_at"})
HIDDEN_AT: dict[str, frozenset[str]] = {
    Identifiability.FULL_NAME: frozenset(),
    # The name is cut to its first part and the narrative has parts removed: neither can be
    # shown whole, so neither can be changed.
    Identifiability.FIRST_NAME: frozenset({"name", "contact", "narrative", "identifying_details"}),
    Identifiability.ANONYMIZED: frozenset(
        {"name", "contact", "narrative", "identifying_details", *EXACT_TIMES}
    ),
}


@dataclass(frozen=True)
class Facts:
    """What the decision depends on, read from the database (access_for) or a test's model."""

    role: str | None  # the person's role in the story's campaign; None: not a member
    taker: bool  # the person took the story
    status: str  # Story.Status
    erased: bool
    consent: Consent | None  # the latest internal-use record
    withdrawn: bool  # any withdrawal was ever recorded for this story
    today: date


@dataclass(frozen=True)
class StoryAccess:
    level: str | None  # identifiability shown on the campaign's pages; None: content hidden
    editable: frozenset[str] = frozenset()  # intake fields this person may change
    may_find: bool = False  # a lead's search and requests: reference only
    may_record_consent: bool = False
    may_renew_consent: bool = False  # record consent after a withdrawal
    may_withdraw: bool = False
    may_erase: bool = False
    may_discard: bool = False  # delete a draft that is not finished
    raw: bool = False  # the draft this person is taking: every field, nothing removed

    @property
    def visible(self) -> bool:
        return self.level is not None

    @property
    def reachable(self) -> bool:
        """Any way in at all (a page, a form, the lead's search)."""
        return (
            self.visible
            or self.may_find
            or self.may_record_consent
            or self.may_withdraw
            or self.may_discard
        )


NOTHING = StoryAccess(level=None)


def in_force(consent: Consent | None, today: date) -> bool:
    return consent is not None and consent.in_force_on(today)


def decide(facts: Facts) -> StoryAccess:
    """The rule, over plain facts. Read the module's docstring for it in words."""
    role = facts.role
    if role is None or not role_may(role, Action.INTAKE_STORIES) or facts.erased:
        return NOTHING
    lead_finds = role_may(role, Action.ERASE_PERSONAL_DATA)
    if facts.status != Story.Status.COMPLETE:
        if facts.taker:
            return StoryAccess(
                level=Identifiability.FULL_NAME,
                raw=True,
                editable=ALL_FIELDS,
                may_find=lead_finds,
                may_record_consent=not facts.withdrawn or role_may(role, Action.RENEW_CONSENT),
                may_renew_consent=facts.withdrawn and role_may(role, Action.RENEW_CONSENT),
                may_withdraw=True,
                may_erase=role_may(role, Action.ERASE_PERSONAL_DATA),
                may_discard=True,
            )
        return StoryAccess(
            level=None,
            may_find=lead_finds,
            may_record_consent=lead_finds,
            may_renew_consent=facts.withdrawn and role_may(role, Action.RENEW_CONSENT),
            may_withdraw=lead_finds,
            may_erase=role_may(role, Action.ERASE_PERSONAL_DATA),
            may_discard=lead_finds,
        )
    sees_all = role_may(role, Action.VIEW_STORIES)
    level = None
    if (sees_all or facts.taker) and in_force(facts.consent, facts.today):
        level = facts.consent.identifiability
    editable = frozenset()
    if level is not None and role_may(role, Action.EDIT_FINISHED_STORIES):
        editable = ALL_FIELDS - HIDDEN_AT[level]
    renews = facts.withdrawn and role_may(role, Action.RENEW_CONSENT)
    records = (facts.taker or level is not None) and not facts.withdrawn
    return StoryAccess(
        level=level,
        editable=editable,
        may_find=lead_finds,
        may_record_consent=records or renews or (lead_finds and not facts.withdrawn),
        may_renew_consent=renews,
        may_withdraw=facts.taker or level is not None or lead_finds,
        may_erase=role_may(role, Action.ERASE_PERSONAL_DATA),
    )


def latest_consent(story: Story, purpose: str = Purpose.INTERNAL) -> Consent | None:
    """The latest record for `purpose`, from the story's prefetched consents when present."""
    records = [c for c in story.consents.all() if c.purpose == purpose]
    return max(records, key=lambda c: (c.recorded_at, c.id), default=None)


def role_in(user: Any, campaign: Any) -> str | None:
    from coalition.models import Membership

    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.for_campaign(campaign)
        .filter(user=user)
        .values_list("role", flat=True)
        .first()
    )


def access_for(user: Any, story: Story, *, role: str | bool | None = False) -> StoryAccess:
    """What `user` may see and do with `story` now. Pass `role` when it is known already (the
    campaign gate read it for this request); otherwise it is read from the membership."""
    if role is False:
        role = role_in(user, story.campaign)
    consents = list(story.consents.all())
    return decide(
        Facts(
            role=role,
            taker=story.taken_by_id is not None and story.taken_by_id == getattr(user, "pk", None),
            status=story.status,
            erased=story.is_erased,
            consent=latest_consent(story),
            withdrawn=any(c.withdrawal for c in consents),
            today=timezone.localdate(),
        )
    )


def visible_q(user: Any, role: str | None) -> Q:
    """`decide(...).visible` as a filter on stories of one campaign (annotated by
    `with_latest_consent`). Q(pk__in=[]) when nothing is visible."""
    if role is None or not role_may(role, Action.INTAKE_STORIES):
        return Q(pk__in=[])
    today = timezone.localdate()
    granted = Q(consent_granted=True) & (
        Q(consent_expires__isnull=True) | Q(consent_expires__gte=today)
    )
    taker = Q(taken_by=user)
    draft = ~Q(status=Story.Status.COMPLETE) & taker
    finished = Q(status=Story.Status.COMPLETE) & granted
    if not role_may(role, Action.VIEW_STORIES):
        finished &= taker
    return Q(erased_at__isnull=True) & (draft | finished)
