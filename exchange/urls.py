from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("c/<slug:campaign_slug>/", views.campaign_home, name="campaign_home"),
    path("c/<slug:campaign_slug>/export/contacts/", views.contact_export, name="contact_export"),
    path(
        "c/<slug:campaign_slug>/export/<slug:resource>/",
        views.campaign_export,
        name="campaign_export",
    ),
    path(
        "c/<slug:campaign_slug>/import/<slug:resource>/",
        views.campaign_import,
        name="campaign_import",
    ),
    path("reference/", views.reference_home, name="reference_home"),
    path("reference/export/<slug:resource>/", views.reference_export, name="reference_export"),
    path("reference/import/ice-287g/", views.import_287g, name="import_287g"),
    path("reference/import/<slug:resource>/", views.reference_import, name="reference_import"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("api-token/", views.api_token, name="api_token"),
]
