from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("coalition.urls")),
    path("", include("targets.urls")),
    path("", include("stories.urls")),
    path("", include("actions.urls")),
    path("api/", include("api.urls")),
    path("exchange/", include("exchange.urls")),
]
