from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from coalition.models import Campaign, Invitation, Membership
from core import audit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "jurisdiction_text", "created_at"]
    search_fields = ["name", "slug", "jurisdiction_text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        changed = [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]
        if changed or formset.deleted_objects:
            audit.record(
                action="membership.changed_in_admin",
                request=request,
                campaign=form.instance,
                objects=changed,
                removed=[obj.pk for obj in formset.deleted_objects],
            )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the campaign's members page; here they can only be read."""

    list_display = ["campaign", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    exclude = ["email"]
    readonly_fields = [
        "campaign",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
