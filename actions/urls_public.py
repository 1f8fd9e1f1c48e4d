"""The public pages: no account needed, English at /en/act/…, Spanish at /es/act/…"""

from django.urls import path

from actions import urls_counties, urls_letters, urls_petitions
from actions.views import public, timeline

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    # The timeline a lead published: the key in the address is the only way in.
    path("timeline/<str:public_key>/", timeline.public_timeline, name="timeline"),
    *urls_petitions.public_urlpatterns,
    *urls_letters.public_urlpatterns,
    *urls_counties.public_urlpatterns,
]
