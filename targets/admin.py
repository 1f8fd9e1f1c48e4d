# History is shown on the reference pages themselves; SimpleHistoryAdmin is not used because
# its history URLs take positional arguments, which the authorization walk cannot fill.
from django.contrib import admin

from targets.models import (
    Arrangement,
    CustodyStep,
    DetainerPolicy,
    Facility,
    FacilityContract,
    ImportRun,
    Jurisdiction,
    Office,
    Official,
    Power,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "state", "fips"]
    list_filter = ["kind"]
    search_fields = ["name", "fips"]
    raw_id_fields = ["parent"]


class PowerInline(admin.TabularInline):
    model = Power
    fk_name = "office"
    raw_id_fields = ["appointed_office"]
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["jurisdiction"]
    inlines = [PowerInline]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "started_on", "ended_on"]
    search_fields = ["name", "office__name"]
    raw_id_fields = ["office"]


class ContractInline(admin.TabularInline):
    model = FacilityContract
    extra = 0


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "ice_type_code", "controlling_office"]
    list_filter = ["kind", "ice_type_code"]
    search_fields = ["name", "city"]
    raw_id_fields = ["jurisdiction", "controlling_office"]
    inlines = [ContractInline]


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ["office", "kind", "model_287g", "status", "signed_on", "last_seen_on"]
    list_filter = ["kind", "model_287g", "status"]
    search_fields = ["office__name"]
    raw_id_fields = ["office", "facility"]


@admin.register(DetainerPolicy)
class DetainerPolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "form", "enacted_on"]
    raw_id_fields = ["jurisdiction", "adopted_by"]


@admin.register(CustodyStep)
class CustodyStepAdmin(admin.ModelAdmin):
    list_display = ["arresting_office", "facility", "stage", "is_usual_final"]
    raw_id_fields = ["arresting_office", "facility"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "status", "uploaded_by", "created_at"]
    exclude = ["content"]
    readonly_fields = ["kind", "filename", "as_of", "status", "preview", "result", "uploaded_by"]
