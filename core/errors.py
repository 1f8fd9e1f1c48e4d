"""Server errors: a database that cannot be reached (restarting, failing over) answers 503
"try again in a moment" with Retry-After, not 500; anything else is Django's own 500 page.

Django calls `server_error` for every uncaught exception (config/urls.py handler500), inside
the `except` that caught it, after logging it. The 503 page reads nothing from the database
(no context processors: the session and the campaign switcher live there).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
