"""The public pages: no account needed, English at /en/act/…, Spanish at /es/act/…"""

from django.urls import path

from actions import urls_counties, urls_letters, urls_petitions
from actions.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    *urls_petitions.public_urlpatterns,
    *urls_letters.public_urlpatterns,
    *urls_counties.public_urlpatterns,
]
