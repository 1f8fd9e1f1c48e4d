import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targets.models import (
    Arrangement,
    DetainerPolicy,
    Facility,
    FacilityContract,
    Jurisdiction,
    Office,
    Official,
    Power,
)


def _states(request=None):
    return Jurisdiction.objects.states()


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over `search_fields`."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        query = Q()
        for term in value.split()[:5]:
            term_query = Q()
            for field in self.search_fields:
                term_query |= Q(**{f"{field}__icontains": term})
            query &= term_query
        return queryset.filter(query)


class JurisdictionFilter(SearchFilterSet):
    search_fields = ("name", "fips")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Jurisdiction.Kind.choices)
    state = django_filters.ModelChoiceFilter(label=_("State"), queryset=_states)

    class Meta:
        model = Jurisdiction
        fields = ["q", "kind", "state"]


class OfficeFilter(SearchFilterSet):
    search_fields = ("name", "jurisdiction__name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Office.Kind.choices)
    state = django_filters.ModelChoiceFilter(label=_("State"), queryset=_states, method="in_state")
    power = django_filters.ChoiceFilter(
        label=_("Power"),
        choices=Power.Kind.choices,
        field_name="powers__kind",
        distinct=True,
    )

    class Meta:
        model = Office
        fields = ["q", "kind", "state", "power"]

    def in_state(self, queryset, name, value):
        return queryset.filter(Q(jurisdiction=value) | Q(jurisdiction__state=value))


class OfficialFilter(SearchFilterSet):
    search_fields = ("name", "title", "office__name")
    current = django_filters.BooleanFilter(label=_("In office today"), method="in_office")

    class Meta:
        model = Official
        fields = ["q", "current"]

    def in_office(self, queryset, name, value):
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class FacilityFilter(SearchFilterSet):
    search_fields = ("name", "city", "address", "operator")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Facility.Kind.choices)
    contract = django_filters.ChoiceFilter(
        label=_("Contract"),
        choices=FacilityContract.Kind.choices,
        field_name="contracts__kind",
        distinct=True,
    )
    state = django_filters.ModelChoiceFilter(label=_("State"), queryset=_states, method="in_state")

    class Meta:
        model = Facility
        fields = ["q", "kind", "contract", "state"]

    def in_state(self, queryset, name, value):
        return queryset.filter(Q(jurisdiction=value) | Q(jurisdiction__state=value))


class ArrangementFilter(SearchFilterSet):
    search_fields = ("office__name", "office__jurisdiction__name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Arrangement.Kind.choices)
    model_287g = django_filters.ChoiceFilter(
        label=_("287(g) model"), choices=Arrangement.Model287g.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Arrangement.Status.choices)
    state = django_filters.ModelChoiceFilter(label=_("State"), queryset=_states, method="in_state")

    class Meta:
        model = Arrangement
        fields = ["q", "kind", "model_287g", "status", "state"]

    def in_state(self, queryset, name, value):
        return queryset.filter(Q(office__jurisdiction=value) | Q(office__jurisdiction__state=value))


class DetainerPolicyFilter(SearchFilterSet):
    search_fields = ("title", "jurisdiction__name", "summary")
    form = django_filters.ChoiceFilter(label=_("Form"), choices=DetainerPolicy.Form.choices)

    class Meta:
        model = DetainerPolicy
        fields = ["q", "form"]
