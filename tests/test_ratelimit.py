"""The public forms' rate limit, on both caches it runs on: the database table and Redis.

Redis is the one at 127.0.0.1:6379 (database 14 here); with it a hit is one pipelined round
trip on a client kept per process, and concurrent hits must not lose counts."""

import threading

import pytest
import redis
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from core import ratelimit

REDIS_URL = "redis://127.0.0.1:6379/14"
REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(db):
    if not _redis_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    with override_settings(CACHES=REDIS):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture(params=["database", "redis"])
def backend(request, db):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


def _request(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_limit_holds_per_address_and_scope(backend):
    ours, theirs = _request("203.0.113.7"), _request("203.0.113.8")
    assert [ratelimit.hit(ours, "petition", limit=3, window=60) for _ in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert ratelimit.hit(theirs, "petition", limit=3, window=60) is False
    assert ratelimit.hit(ours, "letter", limit=3, window=60) is False


def test_no_limit_counts_nothing(backend):
    assert not any(ratelimit.hit(_request("203.0.113.9"), "p", limit=0) for _ in range(50))


def test_the_window_expires_in_redis(redis_cache):
    ratelimit.hit(_request("203.0.113.10"), "petition", limit=3, window=60)
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys("*ratelimit:petition:203.0.113.10:*")
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 65


def test_hits_at_once_from_many_threads_are_all_counted_in_redis(redis_cache):
    """(The database cache's incr is a read and a write: a deployment that takes bursts sets
    CACHE_URL to Redis, docs/scaling.md.)"""
    ratelimit._clients.clear()  # a process that starts under load: clients made by racing threads
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def hit() -> None:
        barrier.wait()
        for _ in range(10):
            refused = ratelimit.hit(_request("203.0.113.11"), "petition", limit=100, window=60)
            with lock:
                results.append(refused)

    threads = [threading.Thread(target=hit) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 160
    assert results.count(False) == 100  # exactly the limit passed: no count lost, none doubled
