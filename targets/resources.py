"""Import resources of the shared reference data (django-import-export, run by exchange/).
Each row is saved with its model's save(), so simple-history keeps every change."""

from exchange.resources import ScopedResource
from targets.models import Arrangement, Facility, Office, Official

SOURCE = ("source_url", "source_date", "source_excerpt")


class OfficeResource(ScopedResource):
    class Meta:
        model = Office
        fields = (
            "id", "name", "kind", "jurisdiction", "selection", "term_ends_on", "website",
            "email", "phone", "address", "notes", *SOURCE,
        )  # fmt: skip
        clean_model_instances = True


class OfficialResource(ScopedResource):
    class Meta:
        model = Official
        fields = (
            "id", "office", "name", "title", "started_on", "ended_on", "email", "phone",
            "address", "website", *SOURCE,
        )  # fmt: skip
        clean_model_instances = True


class FacilityResource(ScopedResource):
    class Meta:
        model = Facility
        fields = (
            "id", "name", "kind", "jurisdiction", "controlling_office", "operator", "address",
            "city", "postal_code", "capacity", "daily_bed_cost", "notes", *SOURCE,
        )  # fmt: skip
        clean_model_instances = True


class ArrangementResource(ScopedResource):
    class Meta:
        model = Arrangement
        fields = (
            "id", "office", "kind", "model_287g", "facility", "status", "signed_on",
            "expires_on", "ended_on", "document_url", "notes", *SOURCE,
        )  # fmt: skip
        clean_model_instances = True
