"""The filter, search and sort forms of the lists coordinators live in.

Each form reads the query string and narrows a queryset that is already scoped to the
campaign. A value that does not validate is ignored rather than failing the page.
"""

import datetime
from typing import Any

from django import forms
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms.common import MemberChoiceField, members_of, tags_of
from coalition.models import (
    Affiliation,
    Campaign,
    ContactLanguage,
    FollowUp,
    Meeting,
    Membership,
    Organization,
)


class ListFilterForm(forms.Form):
    SORTS: dict[str, tuple[Any, list[Any]]] = {}

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data: Any, *, campaign: Campaign, membership: Membership) -> None:
        super().__init__(data)
        self.campaign = campaign
        self.membership = membership
        self.fields["sort"].choices = [(key, label) for key, (label, _o) in self.SORTS.items()]

    def value(self, name: str) -> Any:
        """The field's cleaned value, or None if it was empty or did not validate."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    def ordering(self) -> list[Any]:
        key = self.value("sort")
        if key not in self.SORTS:
            key = next(iter(self.SORTS))
        return self.SORTS[key][1]

    def apply(self, queryset: models.QuerySet) -> models.QuerySet:
        return self.narrow(queryset).order_by(*self.ordering())

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        raise NotImplementedError

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in self.fields if name != "sort")


def _nulls_last(name: str, descending: bool = True) -> models.OrderBy:
    field = models.F(name)
    return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class OrganizationFilterForm(ListFilterForm):
    SORTS = {
        "name": (_("Name"), [Lower("name"), "pk"]),
        "allies": (_("Allies first"), [_nulls_last("stance"), Lower("name")]),
        "opposition": (_("Opposition first"), [_nulls_last("stance", False), Lower("name")]),
        "influence": (_("Most influence first"), [_nulls_last("influence"), Lower("name")]),
        "updated": (_("Recently updated"), ["-updated_at", "-pk"]),
        "added": (_("Recently added"), ["-created_at", "-pk"]),
    }
    UNASSESSED = "none"

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Organization.Kind.choices]
    )
    stance = forms.ChoiceField(label=_("Stance"), required=False)
    influence = forms.TypedChoiceField(
        label=_("Influence"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any influence")), *Organization.Influence.choices],
    )
    tag = forms.ModelChoiceField(label=_("Tag"), required=False, queryset=None)
    point_person = MemberChoiceField(label=_("Point person"), required=False, queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Part of the name or expertise, or a whole tag.")
        self.fields["stance"].choices = [
            ("", _("Any stance")),
            *((str(v), label) for v, label in Organization.Stance.choices),
            (self.UNASSESSED, _("Not assessed yet")),
        ]
        self.fields["tag"].queryset = tags_of(self.campaign)
        self.fields["tag"].empty_label = _("Any tag")
        self.fields["point_person"].queryset = members_of(self.campaign)
        self.fields["point_person"].empty_label = _("Anyone")

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        if q := self.value("q"):
            queryset = queryset.search(q)
        if kind := self.value("kind"):
            queryset = queryset.filter(kind=kind)
        stance = self.value("stance")
        if stance == self.UNASSESSED:
            queryset = queryset.filter(stance__isnull=True)
        elif stance:
            queryset = queryset.filter(stance=int(stance))
        if influence := self.value("influence"):
            queryset = queryset.filter(influence=influence)
        if tag := self.value("tag"):
            queryset = queryset.filter(tags=tag)
        if point_person := self.value("point_person"):
            queryset = queryset.filter(point_person=point_person)
        return queryset


class ContactFilterForm(ListFilterForm):
    # Names are encrypted, so they cannot be sorted by the database.
    SORTS = {
        "added": (_("Recently added"), ["-created_at", "-pk"]),
        "oldest": (_("Added longest ago"), ["created_at", "pk"]),
        "updated": (_("Recently updated"), ["-updated_at", "-pk"]),
        "organization": (_("Organization"), [_nulls_last("first_organization", False), "-pk"]),
    }
    REACHABLE = [
        ("", _("Anyone")),
        ("email", _("May be emailed")),
        ("call", _("May be called")),
        ("text", _("May get text messages")),
        ("none", _("Asked not to be contacted")),
    ]

    organization = forms.ModelChoiceField(label=_("Organization"), required=False, queryset=None)
    tag = forms.ModelChoiceField(label=_("Tag"), required=False, queryset=None)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *ContactLanguage.Language.choices],
    )
    point_person = MemberChoiceField(label=_("Point person"), required=False, queryset=None)
    reachable = forms.ChoiceField(label=_("Reachable"), required=False, choices=REACHABLE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _(
            "A full name, email address or phone number, written out exactly (capitals do not "
            "matter); or part of an organization's name; or a whole tag."
        )
        self.fields["organization"].queryset = Organization.objects.for_campaign(
            self.campaign
        ).only("pk", "name")
        self.fields["organization"].empty_label = _("Any organization")
        self.fields["tag"].queryset = tags_of(self.campaign)
        self.fields["tag"].empty_label = _("Any tag")
        self.fields["point_person"].queryset = members_of(self.campaign)
        self.fields["point_person"].empty_label = _("Anyone")

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        if q := self.value("q"):
            queryset = queryset.search(q)
        if organization := self.value("organization"):
            queryset = queryset.filter(
                models.Exists(
                    Affiliation.objects.filter(
                        contact=models.OuterRef("pk"), organization=organization
                    )
                )
            )
        if tag := self.value("tag"):
            queryset = queryset.filter(tags=tag)
        if language := self.value("language"):
            queryset = queryset.filter(languages__language=language)
        if point_person := self.value("point_person"):
            queryset = queryset.filter(point_person=point_person)
        reachable = self.value("reachable")
        if reachable == "none":
            queryset = queryset.filter(do_not_contact_at__isnull=False)
        elif reachable:
            queryset = queryset.reachable_by(reachable)
        if self.value("sort") == "organization":
            first = (
                Affiliation.objects.filter(contact=models.OuterRef("pk"))
                .annotate(sort_name=Lower("organization__name"))
                .order_by("sort_name")
                .values("sort_name")[:1]
            )
            queryset = queryset.annotate(first_organization=models.Subquery(first))
        return queryset


class MeetingFilterForm(ListFilterForm):
    SORTS = {
        "newest": (_("Latest first"), ["-starts_at", "-pk"]),
        "oldest": (_("Earliest first"), ["starts_at", "pk"]),
    }
    WHEN = [("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))]

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Meeting.Kind.choices]
    )
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN)
    organization = forms.ModelChoiceField(label=_("Organization"), required=False, queryset=None)
    mine = forms.BooleanField(label=_("Only meetings I attended"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Part of the title or the place.")
        self.fields["organization"].queryset = Organization.objects.for_campaign(
            self.campaign
        ).only("pk", "name")
        self.fields["organization"].empty_label = _("Any organization")

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        if q := self.value("q"):
            queryset = queryset.filter(
                models.Q(title__icontains=q) | models.Q(location__icontains=q)
            )
        if kind := self.value("kind"):
            queryset = queryset.filter(kind=kind)
        when = self.value("when")
        if when == "upcoming":
            queryset = queryset.filter(starts_at__gte=timezone.now())
        elif when == "past":
            queryset = queryset.filter(starts_at__lt=timezone.now())
        if organization := self.value("organization"):
            queryset = queryset.filter(
                models.Exists(
                    Meeting.organizations.through.objects.filter(
                        meeting=models.OuterRef("pk"), organization=organization
                    )
                )
            )
        if self.value("mine"):
            queryset = queryset.filter(
                models.Exists(
                    Meeting.attendees.through.objects.filter(
                        meeting=models.OuterRef("pk"), membership=self.membership
                    )
                )
            )
        return queryset


class FollowUpFilterForm(ListFilterForm):
    SORTS = {
        "due": (_("Due soonest"), ["due_on", "pk"]),
        "due_last": (_("Due latest"), ["-due_on", "-pk"]),
        "updated": (_("Recently updated"), ["-updated_at", "-pk"]),
    }
    STATES = [*FollowUp.State.choices, ("all", _("Any state"))]
    DUE = [
        ("", _("Any date")),
        ("overdue", _("Overdue")),
        ("week", _("Due in the next 7 days")),
    ]

    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE)

    def __init__(self, data: Any, **kwargs: Any) -> None:
        data = data.copy()
        data.setdefault("state", FollowUp.State.OPEN)
        super().__init__(data, **kwargs)
        self.fields["q"].help_text = _("Part of what is to be done.")
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *((str(m.pk), str(m.user)) for m in members_of(self.campaign)),
        ]

    @property
    def is_filtered(self) -> bool:
        return any(self.value(n) for n in ("q", "owner", "due")) or self.value("state") != "open"

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        if q := self.value("q"):
            queryset = queryset.filter(title__icontains=q)
        state = self.value("state") or FollowUp.State.OPEN
        if state != "all":
            queryset = queryset.filter(state=state)
        owner = self.value("owner")
        if owner == "me":
            queryset = queryset.filter(owner=self.membership)
        elif owner == "none":
            queryset = queryset.filter(owner__isnull=True)
        elif owner:
            queryset = queryset.filter(owner_id=int(owner))
        due = self.value("due")
        today = timezone.localdate()
        if due == "overdue":
            queryset = queryset.filter(state=FollowUp.State.OPEN, due_on__lt=today)
        elif due == "week":
            queryset = queryset.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(7))
        return queryset
