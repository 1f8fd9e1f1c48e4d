"""DATABASE_POOL_MAX: a pool of PostgreSQL connections per process (docs/scaling.md).

Run in a fresh process with the setting on: many threads share at most that many server
connections, and every query gets its answer."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, threading, django
django.setup()
from django.db import connection, connections
pids, errors = [], []
def work():
    try:
        for _ in range(5):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            connections.close_all()  # the end of a request: the connection goes back
    except Exception as error:
        errors.append(repr(error))
threads = [threading.Thread(target=work) for _ in range(12)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"pool": connection.pool is not None, "max": connection.pool.max_size,
                  "pids": len(set(pids)), "answers": len(pids), "errors": errors}))
"""


@pytest.mark.django_db
def test_many_threads_share_the_pool_and_all_get_answers():
    if connection.vendor != "postgresql":
        pytest.skip("a pool of PostgreSQL connections; the PostgreSQL pass runs it")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_POOL_MAX": "3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
    }
    env.pop("PYTEST_VERSION", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pool"] is True and result["max"] == 3
    assert result["errors"] == []
    assert result["answers"] == 60
    assert 1 <= result["pids"] <= 3  # twelve threads, never more than three server connections
