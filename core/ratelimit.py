"""A fixed-window rate limit kept in the shared cache, for public forms.

Counts per client address and scope; the cache is shared by every web process (settings.CACHES),
so the limit holds across processes and servers. With Redis (CACHE_URL) a hit is one round trip:
SET NX EX and INCR in one pipeline, on a client kept for the process. With the database cache it
goes through Django's cache API.
"""

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
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


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _redis(location: str):
    """One Redis client per process for the cache's server, made once under a lock: a second
    client made by a racing thread and then dropped would close the sockets of the first."""
    client = _clients.get(location)
    if client is None:
        import redis  # only needed where the cache is Redis

        with _clients_lock:
            client = _clients.setdefault(location, redis.Redis.from_url(location))
    return client


def _count_in_redis(key: str, timeout: int) -> int:
    pipe = _redis(settings.CACHES["default"]["LOCATION"]).pipeline(transaction=False)
    pipe.set(key, 0, ex=timeout, nx=True)  # the window's first hit starts the clock
    pipe.incr(key)
    return int(pipe.execute()[1])


def _count_in_cache(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def hit(request: HttpRequest, scope: str, limit: int | None = None, window: int | None = None):
    """Count one submission; True when the address is over its limit in this window."""
    limit = settings.PUBLIC_FORM_RATE if limit is None else limit
    window = settings.PUBLIC_FORM_WINDOW if window is None else window
    if limit <= 0:
        return False
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    if isinstance(caches["default"], RedisCache):
        count = _count_in_redis(cache.make_key(key), window + 5)
    else:
        count = _count_in_cache(key, window + 5)
    return count > limit
