"""API representations of the shared reference data (public facts). No side effects."""

from typing import Any

from rest_framework import serializers

from targets.models import Arrangement, DetainerPolicy, Facility, Jurisdiction, Office, Official


class _Reference(serializers.ModelSerializer):
    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        # The model's own rules across fields (clean()), as the web forms apply them.
        instance = self.Meta.model(**{**self._current(), **data})
        try:
            instance.clean()
        except Exception as error:  # ValidationError from clean(), as a 400
            messages = getattr(error, "message_dict", None) or {"non_field_errors": [str(error)]}
            raise serializers.ValidationError(messages) from None
        return data

    def _current(self) -> dict[str, Any]:
        if self.instance is None:
            return {}
        return {
            f.name: getattr(self.instance, f.name)
            for f in self.Meta.model._meta.concrete_fields
            if f.name in self.fields and not self.fields[f.name].read_only
        }


class JurisdictionSerializer(_Reference):
    class Meta:
        model = Jurisdiction
        exclude = []
        read_only_fields = ["state", "created_at", "updated_at"]


class OfficeSerializer(_Reference):
    class Meta:
        model = Office
        exclude = []
        read_only_fields = ["external_id", "created_at", "updated_at"]


class OfficialSerializer(_Reference):
    class Meta:
        model = Official
        exclude = []
        read_only_fields = ["created_at", "updated_at"]


class FacilitySerializer(_Reference):
    class Meta:
        model = Facility
        exclude = []
        read_only_fields = ["external_id", "created_at", "updated_at"]


class ArrangementSerializer(_Reference):
    class Meta:
        model = Arrangement
        exclude = []
        read_only_fields = ["external_id", "created_at", "updated_at"]


class DetainerPolicySerializer(_Reference):
    class Meta:
        model = DetainerPolicy
        exclude = []
        read_only_fields = ["created_at", "updated_at"]
