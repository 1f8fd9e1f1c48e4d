"""API endpoints of the shared reference data: read by anyone signed in, written by leads and
coordinators of any campaign (as the web's reference_view). Changes are kept in history."""

from typing import Any

from rest_framework.serializers import BaseSerializer

from api.viewsets import ReferenceViewSet
from targets import serializers as s
from targets.models import Arrangement, DetainerPolicy, Facility, Jurisdiction, Office, Official
from targets.services import save_jurisdiction


class _History(ReferenceViewSet):
    def _with_author(self, instance: Any) -> Any:
        # Token requests are authenticated after simple-history's middleware ran.
        instance._history_user = self.request.user
        return instance

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = self._save(self._with_author(self.model(**serializer.validated_data)))

    def perform_update(self, serializer: BaseSerializer) -> None:
        instance = self._with_author(serializer.instance)
        for field, value in serializer.validated_data.items():
            setattr(instance, field, value)
        self._save(instance)

    def _save(self, instance: Any) -> Any:
        instance.save()
        return instance


class JurisdictionAPI(_History):
    model = Jurisdiction
    queryset = Jurisdiction.objects.select_related("parent", "state")
    serializer_class = s.JurisdictionSerializer
    filterset_fields = ["kind", "state", "parent", "fips", "postal_code"]
    ordering_fields = ["name", "fips", "updated_at"]

    def _save(self, instance: Jurisdiction) -> Jurisdiction:
        return save_jurisdiction(jurisdiction=instance)


class OfficeAPI(_History):
    model = Office
    queryset = Office.objects.all()
    serializer_class = s.OfficeSerializer
    filterset_fields = ["kind", "jurisdiction", "selection"]
    ordering_fields = ["name", "updated_at"]


class OfficialAPI(_History):
    model = Official
    queryset = Official.objects.all()
    serializer_class = s.OfficialSerializer
    filterset_fields = ["office"]
    ordering_fields = ["name", "started_on", "updated_at"]


class FacilityAPI(_History):
    model = Facility
    queryset = Facility.objects.all()
    serializer_class = s.FacilitySerializer
    filterset_fields = ["kind", "jurisdiction", "controlling_office"]
    ordering_fields = ["name", "capacity", "updated_at"]


class ArrangementAPI(_History):
    model = Arrangement
    queryset = Arrangement.objects.all()
    serializer_class = s.ArrangementSerializer
    filterset_fields = ["kind", "status", "office", "facility", "ice_list"]
    ordering_fields = ["signed_on", "updated_at"]


class DetainerPolicyAPI(_History):
    model = DetainerPolicy
    queryset = DetainerPolicy.objects.all()
    serializer_class = s.DetainerPolicySerializer
    filterset_fields = ["jurisdiction", "form"]
    ordering_fields = ["enacted_on", "title", "updated_at"]
