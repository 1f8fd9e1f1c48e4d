from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stories.models import (
    ANONYMIZED_PURPOSES,
    Consent,
    Identifiability,
    Language,
    Purpose,
    Story,
    Storyteller,
    Theme,
)
from stories.timezones import (
    LOCAL_TIME_ZONES,
    MAIN_TIME_ZONES,
    US_TIME_ZONES,
    RepeatedTime,
    SkippedTime,
    is_repeated,
    local_moment,
    zone_for_facility,
)
from targets.models import Facility

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The detention timeline, in the order things happen.
TIMELINE = ("booked_at", "detainer_lodged_at", "custody_ended_at", "outcome_at")
# A year typed wrong on a phone (0202, 20260) gets a clear message, not arithmetic that fails.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
# A new story's zone before anyone chose one (Story.time_zone's default): not a choice.
UNCHOSEN_ZONE = Story._meta.get_field("time_zone").default


def _zone_label(zone: str) -> str:
    return zone.replace("_", " ")


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as the facility's clocks showed it. It stays naive here: the form reads
    it in the facility's zone (IntakeForm.clean), never in the server's, which would refuse
    real times (2:30 on a spring-forward day in Phoenix) and could not tell the two 1:30s of a
    fall-back night apart."""

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            result = value
        elif isinstance(value, date):
            result = datetime(value.year, value.month, value.day)
        else:
            try:
                result = parse_datetime(str(value).strip())
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            if result is None:
                result = BaseTemporalField.to_python(self, value)
        if not EARLIEST_YEAR <= result.year <= LATEST_YEAR:
            raise forms.ValidationError(_("Check the year."), code="year")
        return result


class IntakeForm(forms.Form):
    """Everything a volunteer writes down. Every field is optional until the intake is
    finished, so an autosave can store whatever has been typed so far; a field that is wrong
    does not stop the others from being saved (`savable_data`)."""

    # The storyteller
    name = forms.CharField(label=_("Name of the storyteller"), required=False, max_length=300)
    contact = forms.CharField(
        label=_("How to reach them"),
        required=False,
        max_length=500,
        help_text=_("Phone, email, or a trusted person who can pass on a message."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.ENGLISH
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter helped"), required=False)
    relationship = forms.ChoiceField(
        label=_("Who is telling the story"),
        choices=Storyteller.Relationship.choices,
        initial=Storyteller.Relationship.IMPACTED,
    )
    # The story
    narrative = forms.CharField(
        label=_("The story, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    identifying_details = forms.CharField(
        label=_("Details that could identify them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Story._meta.get_field("identifying_details").help_text,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facility = forms.ModelChoiceField(
        label=_("Where they were held"),
        queryset=Facility.objects.select_related(
            "jurisdiction__state", "jurisdiction__parent"
        ).order_by("name"),
        required=False,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the facility"),
        required=False,
        choices=[
            ("", _("From the facility's location")),
            (_("Most used"), [(z, _zone_label(z)) for z in MAIN_TIME_ZONES]),
            (_("Other zones"), [(z, _zone_label(z)) for z in LOCAL_TIME_ZONES]),
        ],
    )
    # The detention timeline
    booked_at = WallClockDateTimeField(
        label=_("When they were booked into the jail"), required=False, widget=DATETIME_WIDGET
    )
    detainer_lodged_at = WallClockDateTimeField(
        label=_("When ICE lodged the hold"), required=False, widget=DATETIME_WIDGET
    )
    custody_ended_at = WallClockDateTimeField(
        label=_("When criminal custody ended"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=Story._meta.get_field("custody_ended_at").help_text,
    )
    custody_end_reason = forms.ChoiceField(
        label=_("Why criminal custody ended"),
        choices=[("", "—"), *Story.CustodyEnd.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("What happened next"), choices=[("", "—"), *Story.Outcome.choices], required=False
    )
    outcome_at = WallClockDateTimeField(
        label=_("When they were released or handed to ICE"), required=False, widget=DATETIME_WIDGET
    )
    hold_rule = forms.ChoiceField(
        label=_("48-hour rule"), choices=Story._meta.get_field("hold_rule").choices
    )
    review_on = forms.DateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=Story._meta.get_field("review_on").help_text,
    )

    def __init__(self, *args: Any, zone_when_unknown: str = UNCHOSEN_ZONE, **kwargs: Any) -> None:
        """`zone_when_unknown`: the zone to read times in when the volunteer chose none and no
        facility is chosen (the story's zone so far)."""
        super().__init__(*args, **kwargs)
        saved = self.initial.get("time_zone") or ""
        if saved and saved not in US_TIME_ZONES and _is_zone(saved):
            # A zone set another way (the API, an import): offered, so the times stay as typed.
            self.fields["time_zone"].choices = [
                *self.fields["time_zone"].choices,
                (saved, _zone_label(saved)),
            ]
        self.zone_when_unknown = zone_when_unknown if _is_zone(zone_when_unknown) else UNCHOSEN_ZONE
        self.repeated: set[str] = set()  # timeline fields whose time the clocks showed twice
        self.resolved: tuple[str, str] | None = None  # (zone, source) once cleaned
        for name in TIMELINE:
            # Shown only for a time the clocks showed twice (the night daylight saving ends).
            self.fields[f"{name}_fold"] = forms.TypedChoiceField(
                label=_("The clocks showed this time twice that night. Which one was it?"),
                choices=[
                    ("0", _("The first time (still daylight saving time)")),
                    ("1", _("The second time (standard time)")),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    # The zone the typed times are read in.

    def _zone(self, chosen: str, facility: Any) -> tuple[str, str]:
        """(zone, where it comes from: "chosen", "facility" or "unknown")."""
        if chosen:
            return chosen, "chosen"
        zone = zone_for_facility(facility) if facility is not None else None
        if zone:
            return zone, "facility"
        return self.zone_when_unknown, "unknown"

    @property
    def zone_in_use(self) -> tuple[str, str]:
        if self.resolved is not None:
            return self.resolved
        facility = self["facility"].initial
        if facility is not None and not isinstance(facility, Facility):
            facility = self.fields["facility"].queryset.filter(pk=facility).first()
        return self._zone(self["time_zone"].initial or "", facility)

    @property
    def zone_note(self) -> str:
        zone, source = self.zone_in_use
        if source == "chosen":
            return _("Times are read in %(zone)s, as chosen.") % {"zone": _zone_label(zone)}
        if source == "facility":
            return _("Times are read in %(zone)s, the time zone of the facility's location.") % {
                "zone": _zone_label(zone)
            }
        return _("No facility chosen yet: times are read in %(zone)s.") % {
            "zone": _zone_label(zone)
        }

    # The timeline, field by field, with its question about a repeated time.

    @property
    def fold_needed(self) -> set[str]:
        """The timeline fields whose time the clocks showed twice: their question is shown."""
        if self.is_bound:
            return self.repeated
        tz = ZoneInfo(self.zone_in_use[0])
        return {
            name
            for name in TIMELINE
            if isinstance(self[name].initial, datetime)
            and self[name].initial.tzinfo is None
            and is_repeated(self[name].initial, tz)
        }

    @property
    def timeline(self) -> dict[str, tuple[forms.BoundField, forms.BoundField, bool]]:
        needed = self.fold_needed
        return {name: (self[name], self[f"{name}_fold"], name in needed) for name in TIMELINE}

    @property
    def fields_with_errors_shown(self) -> list[forms.BoundField]:
        """The fields that have a place for their errors on the page."""
        return [self[name] for name in self.fields if not name.endswith("_fold")]

    def clean(self) -> dict:
        data = super().clean()
        if "time_zone" in self.errors:
            for name in TIMELINE:  # times read in an unknown zone would be wrong: keep them out
                data.pop(name, None)
            return data
        self.resolved = self._zone(data.get("time_zone") or "", data.get("facility"))
        zone = self.resolved[0]
        data["time_zone"] = zone
        tz = ZoneInfo(zone)
        now = timezone.now()
        for name in TIMELINE:
            typed = data.get(name)
            if typed is None:
                continue
            moment = typed
            if typed.tzinfo is None:
                if is_repeated(typed, tz):
                    self.repeated.add(name)
                try:
                    moment = local_moment(typed, tz, data.get(f"{name}_fold"))
                except SkippedTime:
                    self.add_error(name, self._skipped(typed, zone))
                    continue
                except RepeatedTime:
                    self.add_error(name, self._repeated(typed, zone))
                    continue
            if moment > now:
                self.add_error(
                    name,
                    _("This is in the future (it is now %(now)s in %(zone)s). Check the date.")
                    % {
                        "now": date_format(now.astimezone(tz), "DATETIME_FORMAT"),
                        "zone": _zone_label(zone),
                    },
                )
                continue
            # In UTC: Python compares two times of one zone by their wall clocks, fold ignored,
            # and the two 1:30s of a fall-back night must compare as the instants they are.
            data[name] = moment.astimezone(UTC)
        self._check_order(data)
        return data

    def _skipped(self, typed: datetime, zone: str) -> str:
        return _(
            "There was no %(time)s on %(date)s in %(zone)s: the clocks went forward an hour "
            "that night (daylight saving time began). Check the time."
        ) % {
            "time": typed.strftime("%H:%M"),
            "date": date_format(typed, "DATE_FORMAT"),
            "zone": _zone_label(zone),
        }

    def _repeated(self, typed: datetime, zone: str) -> str:
        return _(
            "%(time)s came twice on %(date)s in %(zone)s: the clocks went back an hour that "
            "night. Choose below which one it was."
        ) % {
            "time": typed.strftime("%H:%M"),
            "date": date_format(typed, "DATE_FORMAT"),
            "zone": _zone_label(zone),
        }

    def _check_order(self, data: dict) -> None:
        """Booked, then the hold and the end of criminal custody, then what happened next. The
        message goes on the later time, the one most likely just typed."""
        booked, lodged, ended, outcome_at = (data.get(name) for name in TIMELINE)
        before_booking = _("This is before they were booked into the jail.")
        if booked and lodged and lodged < booked:
            self.add_error("detainer_lodged_at", before_booking)
        if booked and ended and ended < booked:
            self.add_error("custody_ended_at", before_booking)
        if outcome_at is None:
            return
        if ended and outcome_at < ended:
            self.add_error(
                "outcome_at", _("This is before criminal custody ended. Check both times.")
            )
        elif lodged and outcome_at < lodged:
            self.add_error("outcome_at", _("This is before the hold was lodged."))
        elif booked and outcome_at < booked:
            self.add_error("outcome_at", before_booking)

    @property
    def unsaved_labels(self) -> list[str]:
        """What the status line names as not saved: each field with an error, and the form's
        own errors."""
        labels = [str(self[name].label) for name in self.fields if name in self.errors]
        return labels + [str(error) for error in self.non_field_errors()]

    def savable_data(self) -> dict:
        """What can be saved of this post: every field that is right (an autosave saves them
        and reports the others). Call after is_valid()."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.endswith("_fold") and name not in self.errors
        }

    def clean_for_completion(self) -> None:
        """What a finished intake needs."""
        if not (self.cleaned_data.get("narrative") or "").strip():
            self.add_error("narrative", _("Write down the story before finishing."))


YES, NO, NOT_ASKED = "yes", "no", ""
DECISIONS = [(NOT_ASKED, _("Not asked")), (YES, _("Yes")), (NO, _("No"))]


@dataclass(frozen=True)
class ConsentChange:
    """One use whose decision the form changes: what it was, what it becomes."""

    purpose: str
    label: str
    before: str
    after: str
    granted: bool
    identifiability: str


def _decision_words(decision: str, identifiability: str, expires_on: date | None) -> str:
    if decision == NOT_ASKED:
        return str(_("Not asked"))
    if decision == NO:
        return str(_("No"))
    words = f"{_('Yes')} ({Identifiability(identifiability).label})"
    if expires_on:
        words += " " + str(_("until %(date)s") % {"date": expires_on.isoformat()})
    return words


class ConsentForm(forms.Form):
    """The consent in force, as the storyteller is asked about it again: each use is Yes, No
    or Not asked, and opens as it stands. Only the uses whose answer changes are recorded;
    the page shows those changes in words before they are saved (`confirmed`)."""

    method = forms.ChoiceField(label=_("How consent was given"), choices=Consent.Method.choices)
    language = forms.ChoiceField(
        label=_("Language of the consent text read or shown"), choices=Language.choices[:2]
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter helped"), required=False)
    expires_on = forms.DateField(
        label=_("Consent ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the storyteller set no end date."),
    )
    renewal_note = forms.CharField(
        label=_("How the storyteller gave consent again"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Consent._meta.get_field("renewal_note").help_text,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        in_force: dict[str, Consent | None],
        today: date,
        renewal: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.renewal = renewal
        self.current: dict[str, tuple[str, str, date | None]] = {}
        for purpose, record in in_force.items():
            if record is None:
                state = (NOT_ASKED, Identifiability.ANONYMIZED, None)
            elif record.in_force_on(today):
                state = (YES, record.identifiability, record.expires_on)
            else:
                state = (NO, record.identifiability, None)
            self.current[purpose] = state
        expiries = {e for d, _i, e in self.current.values() if d == YES}
        if len(expiries) == 1:
            self.initial.setdefault("expires_on", next(iter(expiries)))
        for purpose, label in Purpose.choices:
            decision, identifiability, _expires = self.current[purpose]
            self.fields[f"decision_{purpose}"] = forms.ChoiceField(
                label=label,
                choices=DECISIONS,
                required=False,
                initial=decision,
                widget=forms.RadioSelect,
            )
            if purpose not in ANONYMIZED_PURPOSES:
                self.fields[f"identify_{purpose}"] = forms.ChoiceField(
                    label=_("How they may be named"),
                    choices=Identifiability.choices,
                    initial=identifiability if decision == YES else Identifiability.ANONYMIZED,
                )
        if not renewal:
            del self.fields["renewal_note"]

    def purpose_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField | None]]:
        return [
            (
                label,
                self[f"decision_{p}"],
                self[f"identify_{p}"] if f"identify_{p}" in self.fields else None,
            )
            for p, label in Purpose.choices
        ]

    def clean_expires_on(self) -> date | None:
        ends = self.cleaned_data.get("expires_on")
        if ends is not None and ends < self.today:
            raise forms.ValidationError(_("This date has passed: consent cannot end before today."))
        return ends

    def clean(self) -> dict:
        data = super().clean()
        for purpose in Purpose.values:
            was = self.current[purpose][0]
            if was != NOT_ASKED and data.get(f"decision_{purpose}") == NOT_ASKED:
                self.add_error(
                    f"decision_{purpose}",
                    _(
                        "The storyteller has already answered for this use: record Yes or No "
                        "(or a withdrawal)."
                    ),
                )
        if self.errors:
            return data
        changes = self.changes()
        if not changes:
            raise forms.ValidationError(_("Nothing changed: every use is as it was."))
        if (
            self.renewal
            and any(c.granted for c in changes)
            and not (data.get("renewal_note") or "").strip()
        ):
            self.add_error(
                "renewal_note",
                _(
                    "The storyteller withdrew consent before: say how they gave it again "
                    "(when, to whom, in what way)."
                ),
            )
        return data

    def _wanted(self, purpose: str) -> tuple[str, str, date | None]:
        data = self.cleaned_data
        decision = data.get(f"decision_{purpose}") or NOT_ASKED
        identifiability = (
            Identifiability.ANONYMIZED
            if purpose in ANONYMIZED_PURPOSES
            else data.get(f"identify_{purpose}") or Identifiability.ANONYMIZED
        )
        if decision != YES:
            return decision, self.current[purpose][1], None
        return decision, identifiability, data.get("expires_on")

    def changes(self) -> list[ConsentChange]:
        """The uses whose answer differs from the one in force (a Yes also changes when how
        they may be named, or when it ends, changes)."""
        found = []
        for purpose, label in Purpose.choices:
            was = self.current[purpose]
            wanted = self._wanted(purpose)
            if wanted[0] == was[0] and (wanted[0] != YES or wanted == was):
                continue
            found.append(
                ConsentChange(
                    purpose=purpose,
                    label=str(label),
                    before=_decision_words(*was),
                    after=_decision_words(*wanted),
                    granted=wanted[0] == YES,
                    identifiability=wanted[1],
                )
            )
        return found

    def decisions(self) -> dict[str, tuple[bool, str]]:
        """purpose -> (granted, identifiability), for the changed uses only."""
        return {c.purpose: (c.granted, c.identifiability) for c in self.changes()}


class WithdrawForm(forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("Withdraw consent for"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    everything = forms.BooleanField(label=_("Withdraw all consent"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("purposes") and not data.get("everything"):
            raise forms.ValidationError(_("Choose what the storyteller withdraws."))
        return data


class PacketForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Who the packet is for"), choices=Purpose.choices)
    stories = forms.MultipleChoiceField(
        label=_("Stories"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    reason = forms.CharField(
        label=_("Why you need it"),
        max_length=500,
        help_text=_(
            "For example: meeting with Supervisor Diaz on 3 March. Recorded in the audit trail."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("html", _("Web page to print")), ("pdf", "PDF")],
        initial="html",
    )

    def __init__(self, *args, story_choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(str(pk), label) for pk, label in story_choices]


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the data is erased"),
        max_length=500,
        help_text=_("For example: the storyteller asked by phone on 2 May."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, contact and story cannot be recovered.")
    )


class DiscardForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that everything written in this draft will be deleted for good.")
    )
