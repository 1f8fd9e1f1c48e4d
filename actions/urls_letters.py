"""URLs of the letters feature (see config/urls.py for where each list is mounted)."""

# Under /c/<campaign_slug>/letters/ (namespace "letters"); campaign_view pages only.
campaign_urlpatterns: list = []
# Public pages, under /en/act/ and /es/act/ (namespace "public").
public_urlpatterns: list = []
