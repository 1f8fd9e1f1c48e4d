from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stories.models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """Site staff publish new versions of the consent text; a published version is never
    edited, since consent records point at the exact words shown. Stories themselves are not
    in the admin: they are read only through the campaign's pages, which apply consent."""

    list_display = ["version", "language", "published_on"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
