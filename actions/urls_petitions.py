"""URLs of the petitions feature (see config/urls.py for where each list is mounted)."""

from django.urls import path

from actions.views import petitions

# Under /c/<campaign_slug>/petitions/ (namespace "petitions"); campaign_view pages only.
campaign_urlpatterns: list = [
    path("", petitions.petition_list, name="list"),
    path("new/", petitions.petition_create, name="create"),
    path("<int:pk>/", petitions.petition_detail, name="detail"),
    path("<int:pk>/edit/", petitions.petition_edit, name="edit"),
    path("<int:pk>/publish/", petitions.petition_publish, name="publish"),
    path("<int:pk>/delivery/", petitions.petition_deliver, name="deliver"),
    path("<int:pk>/signatures/", petitions.signature_list, name="signatures"),
    path("<int:pk>/signatures/export/", petitions.signature_export, name="export"),
    path("<int:pk>/signatures/counts/", petitions.signature_counts, name="counts"),
    path("signatures/<int:pk>/erase/", petitions.signature_remove, name="signature_remove"),
]
# Public pages, under /en/act/ and /es/act/ (namespace "public").
public_urlpatterns: list = [
    path("petitions/<slug:slug>/", petitions.public_petition, name="petition"),
]
