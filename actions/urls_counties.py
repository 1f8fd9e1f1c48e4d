"""URLs of "lead the campaign in your county" and the 287(g) lookup.

See config/urls.py for where each list is mounted."""

from django.urls import path

from actions.views import counties, staff

# Public pages, under /en/act/ and /es/act/ (namespace "public").
public_urlpatterns: list = [
    path("287g/", counties.lookup, name="lookup"),
    path("lead/", counties.county_search, name="county_search"),
    path("lead/<str:fips>/", counties.county, name="county"),
]
# Site staff's pages, under /staff/ (namespace "staff").
staff_urlpatterns: list = [
    path("lead-requests/", staff.lead_requests, name="lead_requests"),
    path("lead-requests/<int:pk>/", staff.lead_request, name="lead_request"),
    path("lead-requests/<int:pk>/decide/", staff.lead_request_decide, name="lead_request_decide"),
]
