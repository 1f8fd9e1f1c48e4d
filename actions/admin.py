# History is shown on the element's own edit page; SimpleHistoryAdmin is not used because its
# history URLs take positional arguments, which the authorization walk cannot fill.
from django.contrib import admin

from actions.models import PolicyElement, PolicyScore


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
