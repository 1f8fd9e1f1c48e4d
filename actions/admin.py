# History is shown on the element's own edit page; SimpleHistoryAdmin is not used because its
# history URLs take positional arguments, which the authorization walk cannot fill.
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from actions.models import LeadRequest, PolicyElement, PolicyScore


@admin.register(PolicyElement)
class PolicyElementAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "weight", "touches_information_sharing", "position"]
    list_filter = ["group", "touches_information_sharing"]
    search_fields = ["name", "code", "description"]


@admin.register(PolicyScore)
class PolicyScoreAdmin(admin.ModelAdmin):
    list_display = ["policy", "element", "coverage"]
    list_filter = ["coverage", "element__group"]
    search_fields = ["policy__title", "element__name"]
    raw_id_fields = ["policy"]


# Letters to officials. Senders' details are personal data: the admin lists counts and states,
# never names or merged letters.
from actions.models import LetterCampaign, OutboxMessage  # noqa: E402


@admin.register(LetterCampaign)
class LetterCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["campaign", "action", "created_by"]
    filter_horizontal = ["recipients"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["recipient_label", "campaign", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    fields = [
        "campaign",
        "recipient_label",
        "recipient_email",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    readonly_fields = ["campaign", "recipient_label", "recipient_email"]

    def has_add_permission(self, request) -> bool:
        return False  # messages come from letters, never typed in


@admin.register(LeadRequest)
class LeadRequestAdmin(admin.ModelAdmin):
    """Read-only. The person's details are shown, and their viewing audited, on the staff
    review page (/staff/lead-requests/), where requests are approved or declined."""

    list_display = ["jurisdiction", "status", "created_at", "reviewed_at", "campaign"]
    list_filter = ["status"]
    list_select_related = ["jurisdiction__state", "campaign"]
    exclude = ["name", "email", "phone", "organization", "message"]
    readonly_fields = [
        "jurisdiction",
        "status",
        "language",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "campaign",
    ]

    def view_on_site(self, obj: LeadRequest) -> str:
        return reverse("staff:lead_request", kwargs={"pk": obj.pk})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Petitions. Signatures are personal data: the admin shows when and how each came, never who.
from actions.models import Petition, Signature  # noqa: E402


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "status", "goal", "delivered_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["campaign", "delivery_action", "created_by"]
    filter_horizontal = ["targets", "sponsors"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["pk", "petition", "source", "language", "created_at"]
    list_filter = ["source", "language"]
    list_select_related = ["petition"]
    fields = ["petition", "source", "language", "wants_updates", "show_publicly", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erased by the campaign's lead, which keeps the count and the audit trail
