"""The short version of `make soak` (bench/soak.py): signing under load with an import and an
export beside it, a gunicorn worker and an importing process killed, and — when the suite itself
is not running on that PostgreSQL server — PostgreSQL restarted in the middle. Afterwards no
accepted signature is missing, no import is half-applied, and the server answers again."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _postgres_reachable() -> bool:
    return (
        shutil.which("pg_isready") is not None
        and subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
        ).returncode
        == 0
    )


@pytest.mark.skipif(not _postgres_reachable(), reason="needs PostgreSQL on 127.0.0.1:5432")
def test_short_soak_loses_nothing_and_recovers():
    args = [sys.executable, "bench/soak.py", "--seconds", "20", "--rows", "2000"]
    args += ["--database-url", "postgres://postgres@127.0.0.1:5432/bl_soak_short"]
    if connection.vendor == "postgresql":
        args.append("--no-restart")  # the suite's own tests use this server right now
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_VERSION")}
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr[-2000:]
    report = json.loads(lines[-1])
    assert report["every_accepted_signature_stored"], report
    assert report["signing"]["accepted"] > 0, report
    assert (report["import_whole"], report["import_whole_job"]) in ((2000, "done"), (0, "failed"))
    # All or nothing: killed while applying, it left nothing; on a machine so loaded that the
    # import finished before the kill landed (the events say "its job was done"), it is whole.
    killed = (report["import_killed_rows"], report["import_killed_job"])
    assert killed in ((0, "failed"), (None, None), (0, None), (2000, "done")), report
    if killed == (2000, "done"):
        assert any("its job was done" in event for event in report["events"]), report
    assert report["serves_again"], report
    assert report["no_server_errors"], report["signing"]["error_statuses"]
    assert result.returncode == 0, report
