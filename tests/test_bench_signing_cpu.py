"""bench/signing.py names what limits signing from measured CPU per request: the CPU of the
server's session and of PostgreSQL's processes, read from /proc."""

import os
import sys
import time

import pytest

from bench import signing

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_the_cpu_of_a_session_is_counted():
    session = os.getsid(0)
    before = signing._cpu_seconds(session)["gunicorn"]
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass  # burn a third of a second in this process, which is in that session
    after = signing._cpu_seconds(session)["gunicorn"]
    assert after - before >= 0.25


def test_cpu_per_request_is_reported_per_side():
    result = signing._measured(os.getsid(0), lambda: {"accepted": 10})
    assert set(result["cpu_ms_per_request"]) == {"gunicorn", "postgres", "load_generator"}
    assert all(value >= 0 for value in result["cpu_ms_per_request"].values())
