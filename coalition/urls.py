from django.urls import include, path

from coalition import views
from coalition.views import (
    calendar,
    contacts,
    followups,
    meetings,
    organizations,
    overview,
    principles,
)

app_name = "coalition"

# The coalition area of a campaign: /c/<campaign>/coalition/...
area = [
    path("", overview.index, name="index"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/bulk/", organizations.organization_bulk, name="organization_bulk"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path(
        "organizations/<int:pk>/",
        organizations.organization_detail,
        name="organization_detail",
    ),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path(
        "organizations/<int:pk>/delete/",
        organizations.organization_delete_view,
        name="organization_delete",
    ),
    path(
        "organizations/<int:pk>/interactions/",
        organizations.organization_interaction_add,
        name="organization_interaction_add",
    ),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/bulk/", contacts.contact_bulk, name="contact_bulk"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/duplicates/", contacts.contact_duplicates, name="contact_duplicates"),
    path("contacts/export/", contacts.contact_export, name="contact_export"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete_view, name="contact_delete"),
    path("contacts/<int:pk>/merge/", contacts.contact_merge_view, name="contact_merge"),
    path(
        "contacts/<int:pk>/interactions/",
        contacts.contact_interaction_add,
        name="contact_interaction_add",
    ),
    path("principles/", principles.principle_list, name="principle_list"),
    path("principles/new/", principles.principle_create, name="principle_create"),
    path("principles/<int:pk>/edit/", principles.principle_edit, name="principle_edit"),
    path("principles/<int:pk>/delete/", principles.principle_delete_view, name="principle_delete"),
    path("principles/<int:pk>/endorsements/", principles.endorsement_add, name="endorsement_add"),
    path(
        "endorsements/<int:pk>/withdraw/",
        principles.endorsement_withdraw_view,
        name="endorsement_withdraw",
    ),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", meetings.meeting_delete_view, name="meeting_delete"),
    path(
        "meetings/<int:pk>/followups/",
        followups.meeting_followup_create,
        name="meeting_followup_create",
    ),
    path("followups/", followups.followup_list, name="followup_list"),
    path("followups/bulk/", followups.followup_bulk, name="followup_bulk"),
    path("followups/new/", followups.followup_create, name="followup_create"),
    path("followups/<int:pk>/", followups.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/edit/", followups.followup_edit, name="followup_edit"),
    path("followups/<int:pk>/state/", followups.followup_state, name="followup_state"),
    path("calendar/", calendar.calendar_month, name="calendar_month"),
    path("calendar/week/", calendar.calendar_week, name="calendar_week"),
    path("calendar/feed/", calendar.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/feed/new/", calendar.calendar_feed_issue, name="calendar_feed_issue"),
    path("calendar/feed/revoke/", calendar.calendar_feed_revoke, name="calendar_feed_revoke"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    # The secret address is the credential: no campaign in it, nothing to probe.
    path("calendar/<str:feed_token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("c/<slug:campaign_slug>/", views.campaign_home, name="campaign_home"),
    path("c/<slug:campaign_slug>/coalition/", include(area)),
    path("c/<slug:campaign_slug>/members/", views.members, name="members"),
    path("c/<slug:campaign_slug>/members/invite/", views.invite, name="invite"),
    path("c/<slug:campaign_slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "c/<slug:campaign_slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "c/<slug:campaign_slug>/invitations/<int:pk>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<slug:campaign_slug>/audit/", views.audit_log, name="audit_log"),
]
