from django.urls import path

from stories import redaction_views, views

app_name = "stories"

urlpatterns = [
    path("c/<slug:campaign_slug>/stories/", views.index, name="index"),
    path("c/<slug:campaign_slug>/stories/new/", views.new, name="new"),
    path("c/<slug:campaign_slug>/stories/statistics/", views.statistics, name="statistics"),
    path("c/<slug:campaign_slug>/stories/packet/", views.packet, name="packet"),
    path("c/<slug:campaign_slug>/stories/requests/", views.requests, name="requests"),
    path(
        "c/<slug:campaign_slug>/stories/consent-text/<int:version>/<str:language>/",
        views.consent_text,
        name="consent_text",
    ),
    path("c/<slug:campaign_slug>/stories/<int:pk>/", views.detail, name="detail"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/consent/", views.consent, name="consent"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/erase/", views.erase, name="erase"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/discard/", views.discard, name="discard"),
    path("c/<slug:campaign_slug>/stories/<int:pk>/audit/", views.story_audit, name="audit"),
    path(
        "c/<slug:campaign_slug>/stories/<int:pk>/redaction/",
        redaction_views.redaction,
        name="redaction",
    ),
    path(
        "c/<slug:campaign_slug>/stories/<int:pk>/redaction/undo/",
        redaction_views.redaction_undo,
        name="redaction_undo",
    ),
]
