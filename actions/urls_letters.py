"""URLs of the letters feature (see config/urls.py for where each list is mounted)."""

from django.urls import path

from actions.views import letters

# Under /c/<campaign_slug>/letters/ (namespace "letters"); campaign_view pages only.
campaign_urlpatterns: list = [
    path("", letters.letter_list, name="list"),
    path("new/", letters.letter_create, name="create"),
    path("<int:pk>/", letters.letter_detail, name="detail"),
    path("<int:pk>/edit/", letters.letter_edit, name="edit"),
    path("<int:pk>/status/", letters.letter_status, name="status"),
    path("<int:pk>/outbox/", letters.outbox, name="outbox"),
    path("<int:pk>/outbox/retry/", letters.outbox_retry_now, name="retry"),
    path("<int:pk>/print/<int:recipient_id>/", letters.packet, name="packet"),
    path("<int:pk>/print/<int:recipient_id>/handed/", letters.packet_handed, name="handed"),
]
# Public pages, under /en/act/ and /es/act/ (namespace "public").
public_urlpatterns: list = [
    path("letters/<slug:slug>/", letters.public_letter, name="letter"),
]
