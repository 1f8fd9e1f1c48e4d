"""The project's URLs plus the benchmark's baseline: a view that does one bare INSERT.

Signing a petition is measured against this view in the same server, through the same
middleware, so the ratio says what our signing path costs beyond the database's own write."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import handler500  # noqa: F401 - the project's error pages here too
from config.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_insert (payload) VALUES (%s)", [request.POST.get("email", "")]
        )
    return HttpResponse(status=303, headers={"Location": "/bench/insert/"})


urlpatterns = [path("bench/insert/", bare_insert), *project_urlpatterns]
