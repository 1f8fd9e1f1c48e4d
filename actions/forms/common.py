from collections.abc import Iterable

from django import forms
from django.db.models import Q, QuerySet

from actions.checklists import place_offices_filter
from actions.models import CampaignPlan
from targets.models import Office


def office_choices(plan: CampaignPlan | None, current: Iterable[int] = ()) -> QuerySet[Office]:
    """Offices a campaign can pick: those of its place (and its state), plus any already picked.
    Without a place, every office (the plan's settings narrow it)."""
    offices = Office.objects.select_related("jurisdiction__state")
    if plan is None or plan.jurisdiction is None:
        return offices.order_by("name", "pk")
    condition = place_offices_filter(plan.jurisdiction) | Q(pk__in=list(current))
    return offices.filter(condition).order_by("name", "pk")


class OfficeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return f"{obj.name} ({obj.jurisdiction})"


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return f"{obj.name} ({obj.jurisdiction})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")
