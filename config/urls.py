from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from actions import urls_counties, urls_letters, urls_petitions

# Public pages carry their language in the address (/en/act/…, /es/act/…), so a link can be
# shared in either language and a page is the same for everyone who opens it. An address
# without the prefix (/act/…) redirects to the visitor's language. Other pages keep the
# language chosen with the switcher. They come first: the busiest addresses (a petition that
# goes viral) are resolved without trying every other pattern before them.
urlpatterns = i18n_patterns(path("act/", include("actions.urls_public")))
urlpatterns += [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("coalition.urls")),
    path("", include("targets.urls")),
    path("", include("stories.urls")),
    path("", include("actions.urls")),
    path(
        "c/<slug:campaign_slug>/petitions/",
        include((urls_petitions.campaign_urlpatterns, "petitions")),
    ),
    path(
        "c/<slug:campaign_slug>/letters/",
        include((urls_letters.campaign_urlpatterns, "letters")),
    ),
    path("staff/", include((urls_counties.staff_urlpatterns, "staff"))),
    path("api/", include("api.urls")),
    path("exchange/", include("exchange.urls")),
]

# A database that cannot be reached answers 503 with Retry-After, not 500 (core/errors.py).
handler500 = "core.errors.server_error"
