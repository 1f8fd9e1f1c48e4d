"""What every public page and public form shares.

Public pages need no account and read only what they publish. Their forms carry no CSRF token
(there is no session to protect, and a page without one can be cached); instead a POST must come
from this site when the browser says where it comes from, is rate-limited per address, and has
a honeypot field that people never see. A bot that fills the honeypot is told "thank you" and
nothing is stored.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from core import ratelimit

HONEYPOT_FIELD = "website"


class HoneypotForm(forms.Form):
    """A form with a field hidden from people; anything typed in it marks a bot."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return True  # no claim either way (privacy settings, old browsers, scripts)
    return urlsplit(origin).netloc == request.get_host()


def public_form(scope: str) -> Callable:
    """For a public view that takes a POST: cross-site posts refused, per-address rate limit.

    Both refusals render a page that says what happened, in the page's language, and store
    nothing. GET requests pass through untouched."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                if not _same_origin(request):
                    return render(
                        request,
                        "public/refused.html",
                        {"reason": "origin"},
                        status=403,
                    )
                if ratelimit.hit(request, scope):
                    response = render(
                        request, "public/refused.html", {"reason": "rate"}, status=429
                    )
                    response["Retry-After"] = str(settings.PUBLIC_FORM_WINDOW)
                    return response
            response = view(request, *args, **kwargs)
            if request.method == "POST":
                patch_cache_control(response, private=True, no_store=True)
            return response

        return csrf_exempt(wrapped)

    return decorator


def cacheable(view: Callable) -> Callable:
    """A GET of this page shows only public data: shared caches may keep it a short while."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return wrapped
