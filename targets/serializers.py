"""API representations of the shared reference data (public facts). No side effects."""

import copy
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings

from targets.models import Arrangement, DetainerPolicy, Facility, Jurisdiction, Office, Official


class _Reference(serializers.ModelSerializer):
    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        # The model's own rules across fields (clean()) and its constraints, as the web forms
        # apply them (ModelForm.full_clean): a row the database would refuse is a 400, not an
        # IntegrityError. An update is checked as it will be saved (a copy of the record with
        # the changes), so its own row does not count against a unique constraint.
        if self.instance is None:
            instance = self.Meta.model(**data)
        else:
            instance = copy.copy(self.instance)
            for field, value in data.items():
                setattr(instance, field, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            general = messages.pop(NON_FIELD_ERRORS, None) or ([] if messages else error.messages)
            if general:
                messages[api_settings.NON_FIELD_ERRORS_KEY] = general
            raise serializers.ValidationError(messages) from None
        return data


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
