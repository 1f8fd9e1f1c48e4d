"""A fixed-window rate limit kept in the shared cache, for public forms.

Counts per client address and scope; the cache is shared by every web process (settings.CACHES),
so the limit holds across processes and servers.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request: HttpRequest, scope: str, limit: int | None = None, window: int | None = None):
    """Count one submission; True when the address is over its limit in this window."""
    limit = settings.PUBLIC_FORM_RATE if limit is None else limit
    window = settings.PUBLIC_FORM_WINDOW if window is None else window
    if limit <= 0:
        return False
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count > limit
