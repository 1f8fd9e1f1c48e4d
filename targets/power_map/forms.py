"""Forms of the power map: putting actors on it, changes of stance with their evidence,
relationships, the map's filters, exports, and public statements."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Campaign, Meeting, Organization
from targets.forms import ReferenceForm
from targets.models import (
    ActorKind,
    Assessment,
    EvidenceKind,
    Office,
    Official,
    Priority,
    PublicStatement,
    Relationship,
    RelationshipKind,
    Stance,
)
from targets.models.power_map import DERIVED_ONLY, INFLUENCE_CHOICES
from targets.power_map.graph import MapFilters, PowerMap

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_ASSESSED = [("", _("Not assessed yet"))]


def parse_subject(value: str, campaign: Campaign) -> Office | Official | Organization | None:
    """ "office:12", "official:5" or "organization:3" → the actor, or None. Organizations are
    looked up within the campaign only."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == ActorKind.OFFICE:
        return Office.objects.select_related("jurisdiction__state").filter(pk=pk).first()
    if kind == ActorKind.OFFICIAL:
        return Official.objects.select_related("office").filter(pk=pk).first()
    if kind == ActorKind.ORGANIZATION:
        return Organization.objects.for_campaign(campaign).filter(pk=pk).first()
    return None


def subject_key(actor: Office | Official | Organization) -> str:
    if isinstance(actor, Office):
        return f"{ActorKind.OFFICE.value}:{actor.pk}"
    if isinstance(actor, Official):
        return f"{ActorKind.OFFICIAL.value}:{actor.pk}"
    return f"{ActorKind.ORGANIZATION.value}:{actor.pk}"


class AddToMapForm(forms.Form):
    subject = forms.CharField(widget=forms.HiddenInput)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.PRIMARY
    )
    stance = forms.TypedChoiceField(
        label=_("Stance on the demands"),
        choices=Stance.choices,
        coerce=int,
        initial=Stance.NEUTRAL,
        help_text=_("Where they stand today, as far as the campaign knows."),
    )
    influence = forms.TypedChoiceField(
        label=_("Influence over the decision"),
        choices=NOT_ASSESSED + INFLUENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("From 1 (minimal) to 5 (decides it)."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seen by leads and coordinators only, and stored encrypted."),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.actor = None
        subject = self.data.get("subject") if self.is_bound else self.initial.get("subject")
        self.actor = parse_subject(subject or "", campaign)
        if isinstance(self.actor, Organization):
            # An organization's stance and influence are kept on the organization.
            del self.fields["stance"]
            del self.fields["influence"]

    def clean_subject(self) -> Office | Official | Organization:
        if self.actor is None:
            raise forms.ValidationError(_("Choose an office, an official or an organization."))
        return self.actor


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["priority", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"notes": _("Seen by leads and coordinators only, and stored encrypted.")}


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return str(obj)


class StatementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PublicStatement) -> str:
        quote = obj.quote if len(obj.quote) <= 80 else obj.quote[:79] + "…"
        return f"{obj.speaker_name}, {obj.said_on:%Y-%m-%d}: “{quote}”"


# How many recent statements the evidence list offers besides the actor's own.
RECENT_STATEMENTS = 50


class StanceChangeForm(forms.Form):
    """A change of stance (and influence) with what showed it."""

    stance = forms.TypedChoiceField(
        label=_("New stance on the demands"), choices=Stance.choices, coerce=int
    )
    influence = forms.TypedChoiceField(
        label=_("Influence over the decision"),
        choices=NOT_ASSESSED + INFLUENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    happened_on = forms.DateField(label=_("When it happened"), widget=DATE)
    evidence_kind = forms.ChoiceField(
        label=_("What shows it"),
        choices=[c for c in EvidenceKind.choices if c[0]],
        widget=forms.RadioSelect,
    )
    meeting = MeetingChoiceField(
        label=_("The meeting"), queryset=Meeting.objects.none(), required=False
    )
    statement = StatementChoiceField(
        label=_("The public statement"),
        queryset=PublicStatement.objects.none(),
        required=False,
        help_text=_("Statements by this actor, and the latest ones."),
    )
    new_quote = forms.CharField(
        label=_("Or add the statement: what was said"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("It joins the shared list of public statements, with its source."),
    )
    new_source_url = forms.URLField(label=_("Where it was published (address)"), required=False)
    new_bearing = forms.ChoiceField(
        label=_("Does it help or hurt?"),
        choices=PublicStatement.Bearing.choices,
        required=False,
    )
    evidence_text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("E.g. “voted for the resolution”; “wrote that he will not renew 287(g)”."),
    )
    evidence_url = forms.URLField(label=_("Link"), required=False, max_length=500)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        campaign = assessment.campaign
        self.fields["meeting"].queryset = Meeting.objects.for_campaign(campaign).order_by(
            "-starts_at", "-pk"
        )
        own = Q(pk__in=[])
        if assessment.official_id:
            own = Q(official_id=assessment.official_id) | Q(office_id=assessment.official.office_id)
        elif assessment.office_id:
            own = Q(office_id=assessment.office_id) | Q(official__office_id=assessment.office_id)
        elif assessment.organization_id:
            own = Q(speaker_name__icontains=assessment.organization.name)
        recent = PublicStatement.objects.values_list("pk", flat=True)[:RECENT_STATEMENTS]
        self.fields["statement"].queryset = PublicStatement.objects.filter(
            own | Q(pk__in=list(recent))
        )
        if not self.is_bound:
            self.initial.setdefault("stance", assessment.current_stance)
            self.initial.setdefault("influence", assessment.current_influence)
            self.initial.setdefault("happened_on", timezone.localdate())

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("evidence_kind")
        if kind == EvidenceKind.MEETING and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the meeting."))
        if kind == EvidenceKind.STATEMENT and not cleaned.get("statement"):
            if not cleaned.get("new_quote", "").strip():
                self.add_error("new_quote", _("Choose the statement, or add it here."))
            if not cleaned.get("new_source_url"):
                self.add_error("new_source_url", _("Give the address where it was published."))
        if kind in (EvidenceKind.VOTE, EvidenceKind.LETTER, EvidenceKind.OTHER) and not (
            cleaned.get("evidence_text", "").strip() or cleaned.get("evidence_url")
        ):
            self.add_error("evidence_text", _("Describe the evidence or give a link to it."))
        stance = cleaned.get("stance")
        influence = cleaned.get("influence")
        if influence is None:  # left empty: unchanged
            influence = self.assessment.current_influence
        if "stance" in cleaned and (stance, influence) == (
            self.assessment.current_stance,
            self.assessment.current_influence,
        ):
            raise forms.ValidationError(
                _("Nothing changed: choose a new stance or a new influence.")
            )
        return cleaned

    def new_statement(self) -> PublicStatement | None:
        """The statement typed into the form, ready to save, when one was."""
        data = self.cleaned_data
        if data["evidence_kind"] != EvidenceKind.STATEMENT or data.get("statement"):
            return None
        assessment = self.assessment
        statement = PublicStatement(
            quote=data["new_quote"].strip(),
            said_on=data["happened_on"],
            bearing=data.get("new_bearing") or PublicStatement.Bearing.HELPS,
            source_url=data["new_source_url"],
        )
        if assessment.official_id:
            statement.official = assessment.official
            statement.office = assessment.official.office
            statement.speaker_name = assessment.official.name
            statement.speaker_title = assessment.official.title
        elif assessment.office_id:
            statement.office = assessment.office
            statement.speaker_name = assessment.office.name
        else:
            statement.speaker_name = assessment.organization.name
        return statement


class RelationshipForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Relationship"),
        choices=[c for c in RelationshipKind.choices if c[0] not in DERIVED_ONLY],
    )
    source = forms.ChoiceField(label=_("From"))
    target = forms.ChoiceField(label=_("To"))
    started_on = forms.DateField(label=_("Since"), widget=DATE, required=False)
    ended_on = forms.DateField(label=_("Until"), widget=DATE, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=500)
    source_note = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where you learned it, e.g. county charter art. 4; the March hearing."),
    )

    def __init__(
        self,
        *args: Any,
        power_map: PowerMap,
        instance: Relationship | None = None,
        **kwargs: Any,
    ) -> None:
        self.power_map = power_map
        self.instance = instance or Relationship(campaign=power_map.campaign)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": instance.kind,
                "source": instance.source_node,
                "target": instance.target_node,
                "started_on": instance.started_on,
                "ended_on": instance.ended_on,
                "source_url": instance.source_url,
                "source_note": instance.source_note,
            }
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for node in sorted(power_map.nodes, key=lambda n: n.name.casefold()):
            grouped.setdefault(node.kind, []).append((node.id, node.name))
        actors = [
            (str(ActorKind(kind).label), grouped[kind])
            for kind in (ActorKind.OFFICE, ActorKind.OFFICIAL, ActorKind.ORGANIZATION)
            if kind in grouped
        ]
        facilities = [(str(ActorKind.FACILITY.label), grouped.get(ActorKind.FACILITY, []))]
        self.fields["source"].choices = [("", "—"), *actors]
        self.fields["target"].choices = [("", "—"), *actors, *facilities]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, source, target = cleaned.get("kind"), cleaned.get("source"), cleaned.get("target")
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end comes after the start."))
        if not (kind and source and target):
            return cleaned
        if source == target:
            self.add_error("target", _("Choose two different actors."))
            return cleaned
        to_facility = target.startswith(f"{ActorKind.FACILITY.value}-")
        if kind == RelationshipKind.CONTROLS_FACILITY and not to_facility:
            self.add_error("target", _("Only a facility can be controlled: choose a facility."))
        if kind != RelationshipKind.CONTROLS_FACILITY and to_facility:
            self.add_error("kind", _("A facility can only be controlled."))
        for edge in self.power_map.edges:
            if (edge.kind, edge.source, edge.target) != (kind, source, target):
                continue
            if edge.derived:
                raise forms.ValidationError(
                    _(
                        "The reference data already records this (%(basis)s): it is on the "
                        "map without typing it again."
                    )
                    % {"basis": edge.basis}
                )
            if edge.relationship is not None and edge.relationship.pk != self.instance.pk:
                raise forms.ValidationError(_("This relationship is already on the map."))
        return cleaned

    def save(self) -> Relationship:
        """Fill the relationship from the form (not saved: relationship_save does that)."""
        data = self.cleaned_data
        relationship = self.instance
        for name in ("from_office", "from_official", "from_organization"):
            setattr(relationship, name, None)
        for name in ("to_office", "to_official", "to_organization", "to_facility"):
            setattr(relationship, name, None)
        source = self.power_map.node(data["source"])
        target = self.power_map.node(data["target"])
        setattr(relationship, f"from_{source.kind}", source.actor)
        setattr(relationship, f"to_{target.kind}", target.actor)
        relationship.kind = data["kind"]
        relationship.started_on = data["started_on"]
        relationship.ended_on = data["ended_on"]
        relationship.source_url = data["source_url"]
        relationship.source_note = data["source_note"]
        return relationship


class MapFilterForm(forms.Form):
    """What the map shows. Submitted with every box unticked, it shows nothing of that kind."""

    kinds = forms.MultipleChoiceField(
        label=_("Actors"),
        choices=ActorKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    priorities = forms.MultipleChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    relationships = forms.MultipleChoiceField(
        label=_("Relationships"),
        choices=RelationshipKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    derived = forms.BooleanField(
        label=_("Include ties from the reference data (powers, jails, officials)"),
        required=False,
    )
    filtered = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None and not data.get("filtered"):
            data = None  # a link without filters shows everything
        super().__init__(data, **kwargs)
        if not self.is_bound:
            self.initial.update(
                kinds=ActorKind.values,
                priorities=Priority.values,
                relationships=RelationshipKind.values,
                derived=True,
            )

    def filters(self) -> MapFilters:
        if not self.is_bound or not self.is_valid():
            return MapFilters()
        data = self.cleaned_data
        return MapFilters(
            kinds=set(data["kinds"]),
            relationship_kinds=set(data["relationships"]),
            priorities=set(data["priorities"]),
            derived=data["derived"],
        )


class ContactsExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Spreadsheet (XLSX)")), ("csv", _("CSV"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("Why do you need it?"),
        min_length=5,
        max_length=300,
        help_text=_("Kept in the audit trail, e.g. “call list for the budget hearing”."),
    )


class StatementForm(ReferenceForm):
    class Meta:
        model = PublicStatement
        fields = [
            "quote",
            "speaker_name",
            "speaker_title",
            "official",
            "office",
            "said_on",
            "bearing",
            "source_title",
            "source_url",
        ]
        widgets = {"said_on": DATE, "quote": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = Official.objects.select_related("office")
        self.fields["office"].queryset = Office.objects.all()

    def clean_said_on(self):
        day = self.cleaned_data["said_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        official, office = cleaned.get("official"), cleaned.get("office")
        if official and office and official.office_id != office.pk:
            self.add_error(
                "office",
                _("%(official)s holds %(office)s; leave this empty or choose that office.")
                % {"official": official.name, "office": official.office.name},
            )
        return cleaned


__all__ = [
    "AddToMapForm",
    "AssessmentForm",
    "ContactsExportForm",
    "MapFilterForm",
    "RelationshipForm",
    "StanceChangeForm",
    "StatementForm",
    "parse_subject",
    "subject_key",
]
