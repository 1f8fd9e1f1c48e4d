"""The campaign timeline: actions, coalition meetings, demands' changes of state, allies' stance
changes, and the place's policy events and ICE agreement dates, in one chronological list — and
its exports (CSV with spreadsheet formulas neutralized, ICS) and its public version.

Each source is one query, whatever the number of rows. The public version reads only what it
publishes: actions and demands the lead marked public, and public reference data.
"""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from actions.models import (
    ActionKind,
    ActionStatus,
    CampaignAction,
    CampaignPlan,
    DemandState,
    DemandStateChange,
)
from coalition.models import Campaign, Interaction, Meeting
from targets.models import Arrangement, DetainerPolicy, Jurisdiction, Office

ACTION, MEETING, DEMAND, STANCE, POLICY, AGREEMENT = (
    "action",
    "meeting",
    "demand",
    "stance",
    "policy",
    "agreement",
)
KINDS = [
    (ACTION, gettext_lazy("Actions")),
    (MEETING, gettext_lazy("Coalition meetings")),
    (DEMAND, gettext_lazy("Demands")),
    (STANCE, gettext_lazy("Stance changes")),
    (POLICY, gettext_lazy("Policy events")),
    (AGREEMENT, gettext_lazy("ICE agreements")),
]
# What one entry of each kind is called.
ENTRY_LABELS = {
    ACTION: gettext_lazy("Action"),
    MEETING: gettext_lazy("Coalition meeting"),
    DEMAND: gettext_lazy("Demand"),
    STANCE: gettext_lazy("Stance change"),
    POLICY: gettext_lazy("Policy event"),
    AGREEMENT: gettext_lazy("ICE agreement"),
}
_ORDER = {kind: i for i, (kind, _label) in enumerate(KINDS)}


@dataclass
class Entry:
    day: datetime.date
    kind: str
    title: str
    uid: str
    subkind: str = ""
    detail: str = ""
    status: str = ""
    url: str = ""
    at: datetime.datetime | None = None  # a moment, for meetings
    until: datetime.datetime | None = None
    at_time: datetime.time | None = None  # a local time of day, for actions
    is_public: bool = False

    # Cached: a page reads each of these several times for each of thousands of entries.
    @cached_property
    def kind_label(self) -> str:
        return str(ENTRY_LABELS[self.kind])

    @cached_property
    def time(self) -> datetime.time | None:
        if self.at is not None:
            return timezone.localtime(self.at).time()
        return self.at_time

    @cached_property
    def month(self) -> datetime.date:
        return self.day.replace(day=1)

    def sort_key(self) -> tuple:
        return (self.day, self.time or datetime.time(0), _ORDER[self.kind], self.title)


# A key no row has, reversed once per kind of page and then replaced by each row's key.
_PK_MARK = 987654321987


def _campaign_urls(name: str, campaign: Campaign):
    """pk -> the address of a campaign page: one reverse() for all rows (a timeline has
    thousands), the same addresses reverse() would give."""
    try:
        pattern = reverse(name, kwargs={"campaign_slug": campaign.slug, "pk": _PK_MARK})
    except NoReverseMatch:
        return lambda pk: ""
    head, _mark, tail = pattern.rpartition(str(_PK_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _labels(choices) -> dict:
    """Value -> label of a field's choices, translated once (get_FOO_display() translates every
    label of the field for each row)."""
    return {value: str(label) for value, label in choices}


def _in(day: datetime.date | None, start: datetime.date | None, end: datetime.date | None) -> bool:
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def _place_filter(place: Jurisdiction, field: str) -> Q:
    condition = Q(**{f"{field}__in": Jurisdiction.objects.within(place)})
    if place.state_id:
        condition |= Q(**{field: place.state_id})
    return condition


def _actions(campaign: Campaign, *, public: bool) -> list[Entry]:
    actions = CampaignAction.objects.for_campaign(campaign).prefetch_related(
        Prefetch("targets", queryset=Office.objects.only("id", "name"))
    )
    if public:
        # Read only what the public page shows.
        actions = actions.filter(is_public=True).only(
            "id",
            "campaign_id",
            "kind",
            "title",
            "happens_on",
            "starts_at",
            "status",
            "public_summary",
            "is_public",
        )
    kinds, statuses = _labels(ActionKind.choices), _labels(ActionStatus.choices)
    url = _campaign_urls("actions:action_detail", campaign)
    entries = []
    for action in actions:
        targets = ", ".join(o.name for o in action.targets.all())
        if public:
            detail = action.public_summary
        else:
            detail = " — ".join(p for p in (targets, action.location) if p)
        entries.append(
            Entry(
                day=action.happens_on,
                kind=ACTION,
                title=action.title,
                uid=f"action-{action.pk}",
                subkind=kinds.get(action.kind, action.kind),
                detail=detail,
                status=statuses.get(action.status, action.status),
                url="" if public else url(action.pk),
                at_time=action.starts_at,
                is_public=action.is_public,
            )
        )
    return entries


def _meetings(campaign: Campaign) -> list[Entry]:
    kinds = _labels(Meeting.Kind.choices)
    url = _campaign_urls("coalition:meeting_detail", campaign)
    zone = timezone.get_current_timezone()
    entries = []
    for meeting in Meeting.objects.for_campaign(campaign).only(
        "id", "title", "kind", "starts_at", "ends_at", "location", "campaign_id"
    ):
        entries.append(
            Entry(
                day=timezone.localtime(meeting.starts_at, zone).date(),
                kind=MEETING,
                title=meeting.title,
                uid=f"meeting-{meeting.pk}",
                subkind=kinds.get(meeting.kind, meeting.kind),
                detail=meeting.location,
                url=url(meeting.pk),
                at=meeting.starts_at,
                until=meeting.ends_at,
            )
        )
    return entries


def _demand_changes(campaign: Campaign, *, public: bool) -> list[Entry]:
    changes = DemandStateChange.objects.for_campaign(campaign).select_related("demand__element")
    if public:
        changes = changes.filter(demand__is_public=True).only(
            "id",
            "campaign_id",
            "demand_id",
            "state",
            "changed_on",
            "demand__is_public",
            "demand__element__name",
        )
    states = _labels(DemandState.choices)
    url = _campaign_urls("actions:demand_detail", campaign)
    title = _("%(demand)s: %(state)s")
    entries = []
    for change in changes:
        state = states.get(change.state, change.state)
        entries.append(
            Entry(
                day=change.changed_on,
                kind=DEMAND,
                title=title % {"demand": change.demand.element.name, "state": state},
                uid=f"demand-change-{change.pk}",
                subkind=state,
                detail="" if public else change.note,
                url="" if public else url(change.demand_id),
                is_public=change.demand.is_public,
            )
        )
    return entries


def _stance_changes(campaign: Campaign) -> list[Entry]:
    # The summary of an interaction is encrypted free text about people: never read here.
    interactions = (
        Interaction.objects.for_campaign(campaign)
        .filter(kind=Interaction.Kind.STANCE, organization__isnull=False)
        .select_related("organization")
        .only("id", "happened_on", "kind", "organization__name", "organization__id", "campaign_id")
    )
    url = _campaign_urls("coalition:organization_detail", campaign)
    title = _("Stance changed: %(organization)s")
    return [
        Entry(
            day=i.happened_on,
            kind=STANCE,
            title=title % {"organization": i.organization.name},
            uid=f"stance-{i.pk}",
            url=url(i.organization.pk),
        )
        for i in interactions
    ]


def _policy_events(place: Jurisdiction, *, public: bool) -> list[Entry]:
    forms = _labels(DetainerPolicy.Form.choices)
    entries = []
    policies = DetainerPolicy.objects.filter(_place_filter(place, "jurisdiction")).select_related(
        "jurisdiction__state"
    )
    for policy in policies:
        for day, what, suffix in (
            (policy.enacted_on, _("enacted"), "enacted"),
            (policy.repealed_on, _("repealed"), "repealed"),
        ):
            if day is None:
                continue
            entries.append(
                Entry(
                    day=day,
                    kind=POLICY,
                    title=f"{policy.title} ({what})",
                    uid=f"policy-{policy.pk}-{suffix}",
                    subkind=forms.get(policy.form, policy.form),
                    detail=str(policy.jurisdiction),
                    url=policy.get_absolute_url(),
                    is_public=True,
                )
            )
    return entries


def _agreement_events(place: Jurisdiction) -> list[Entry]:
    statuses = _labels(Arrangement.Status.choices)
    entries = []
    arrangements = Arrangement.objects.filter(
        _place_filter(place, "office__jurisdiction")
    ).select_related("office")
    for arrangement in arrangements:
        for day, what, suffix in (
            (arrangement.signed_on, _("signed"), "signed"),
            (arrangement.expires_on, _("expires or renews"), "expires"),
            (arrangement.ended_on, _("ended"), "ended"),
        ):
            if day is None:
                continue
            entries.append(
                Entry(
                    day=day,
                    kind=AGREEMENT,
                    title=f"{arrangement.office.name}: {arrangement.label} ({what})",
                    uid=f"arrangement-{arrangement.pk}-{suffix}",
                    subkind=statuses.get(arrangement.status, arrangement.status),
                    url=arrangement.get_absolute_url(),
                    is_public=True,
                )
            )
    return entries


def campaign_entries(
    campaign: Campaign, *, place: Jurisdiction | None, kinds: Iterable[str] | None = None
) -> list[Entry]:
    """Everything on the campaign's timeline, oldest first (at most six queries)."""
    kinds = set(kinds or dict(KINDS))
    entries: list[Entry] = []
    if ACTION in kinds:
        entries += _actions(campaign, public=False)
    if MEETING in kinds:
        entries += _meetings(campaign)
    if DEMAND in kinds:
        entries += _demand_changes(campaign, public=False)
    if STANCE in kinds:
        entries += _stance_changes(campaign)
    if place is not None and POLICY in kinds:
        entries += _policy_events(place, public=False)
    if place is not None and AGREEMENT in kinds:
        entries += _agreement_events(place)
    return sorted(entries, key=Entry.sort_key)


def public_entries(plan: CampaignPlan) -> list[Entry]:
    """What the public timeline shows: actions and demands marked public (cancelled actions
    left out) and, if the lead chose so, the place's policy and agreement dates."""
    campaign = plan.campaign
    entries = [
        e for e in _actions(campaign, public=True) if e.status != str(ActionStatus.CANCELLED.label)
    ]
    entries += _demand_changes(campaign, public=True)
    if plan.public_reference_events and plan.jurisdiction_id:
        entries += _policy_events(plan.jurisdiction, public=True)
        entries += _agreement_events(plan.jurisdiction)
    return sorted(entries, key=Entry.sort_key)


def within(
    entries: list[Entry], start: datetime.date | None, end: datetime.date | None
) -> list[Entry]:
    return [e for e in entries if _in(e.day, start, end)]


def months(entries: list[Entry]) -> list[tuple[datetime.date, int]]:
    """Each month with something in it, and how many entries."""
    counts = Counter(e.month for e in entries)
    return sorted(counts.items())


# Exports

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    """A spreadsheet cell that cannot run as a formula: anything starting with =, +, -, @, a
    tab or a carriage return gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def to_csv(entries: list[Entry], base_url: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date"),
            _("Time"),
            _("Kind"),
            _("Type"),
            _("Title"),
            _("Status"),
            _("Details"),
            _("Public"),
            _("Address"),
        ]
    )
    for e in entries:
        writer.writerow(
            neutralize(cell)
            for cell in (
                e.day.isoformat(),
                e.time.strftime("%H:%M") if e.time else "",
                e.kind_label,
                e.subkind,
                e.title,
                e.status,
                e.detail,
                _("yes") if e.is_public else _("no"),
                f"{base_url}{e.url}" if e.url else "",
            )
        )
    return out.getvalue()


def to_ics(
    entries: list[Entry], *, name: str, base_url: str = "", host: str = "brightline"
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Bright Line//Campaign timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for e in entries:
        event = Event()
        event.add("uid", f"{e.uid}@{host}")
        event.add("dtstamp", stamp)
        if e.at is not None:
            event.add("dtstart", e.at)
            if e.until is not None:
                event.add("dtend", e.until)
        elif e.at_time is not None:
            start = timezone.make_aware(datetime.datetime.combine(e.day, e.at_time))
            event.add("dtstart", start)
        else:
            event.add("dtstart", e.day)
            event.add("dtend", e.day + datetime.timedelta(days=1))
        event.add("summary", f"{e.kind_label}: {e.title}")
        description = " — ".join(p for p in (e.subkind, e.status, e.detail) if p)
        if description:
            event.add("description", description)
        if e.url:
            event.add("url", f"{base_url}{e.url}")
        event.add("categories", [e.kind_label])
        calendar.add_component(event)
    return calendar.to_ical()
