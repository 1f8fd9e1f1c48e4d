"""URLs of "lead the campaign in your county" and the 287(g) lookup.

See config/urls.py for where each list is mounted."""

# Public pages, under /en/act/ and /es/act/ (namespace "public").
public_urlpatterns: list = []
# Site staff's pages, under /staff/ (namespace "staff").
staff_urlpatterns: list = []
