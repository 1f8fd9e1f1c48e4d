from django.urls import path

from coalition import views

app_name = "coalition"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("c/<slug:campaign_slug>/", views.campaign_home, name="campaign_home"),
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
