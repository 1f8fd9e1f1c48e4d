"""Load and faults (issue 11): sustained petition signing with a concurrent import and export,
PostgreSQL restarted in the middle, a gunicorn worker and an importing process killed.

    .venv/bin/python bench/soak.py [--seconds 600] [--rows 20000] [--no-restart]
        [--database-url postgres://postgres@127.0.0.1:5432/bl_soak]

Loopback only, bounded in time. While signatures are sent for the whole run (bench/signing.py's
load generator against gunicorn): a contacts import runs to the end, an export streams the
contacts over and over, PostgreSQL is restarted at one third (unless --no-restart), one
gunicorn worker is killed, and at two thirds a second import is killed in the middle of
applying. Afterwards: every accepted signature is stored and counted, the first import is whole,
the killed one left nothing and its job is marked failed, and the server answers again without
anyone touching it. Prints one JSON object on the last line; exit status 0 when all holds.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.signing import GUNICORN, PY, SLUG, _count, _env, _free_port, _load, _prepare  # noqa: E402

IMPORT = """
import sys, django; django.setup()
from pathlib import Path
from django.contrib.auth import get_user_model
from coalition.models import Campaign, Contact
from exchange import jobs
from exchange.imports import confirm_import
from exchange.models import Job
from bench.import_speed import write_file
label, rows, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
campaign, _ = Campaign.objects.get_or_create(slug=f"soak-{label}", defaults={"name": label})
user, _ = get_user_model().objects.get_or_create(email=f"soak-{label}@example.org")
path = write_file("contacts", rows, folder)
job = Job(kind=Job.Kind.IMPORT_PREVIEW, campaign=campaign, user=user, resource="contacts",
          upload_name=path.name)
job.set_upload(path.read_bytes())
job.save()
print("QUEUED", job.pk, flush=True)
jobs.run(job.pk)
job.refresh_from_db()
assert job.status == Job.Status.PREVIEWED, (job.status, job.error)
real = jobs.enqueue
jobs.enqueue = lambda job: job
confirm_import(job=job)
jobs.enqueue = real
print("APPLYING", job.pk, flush=True)
jobs.run(job.pk)
job.refresh_from_db()
print("DONE", job.status, Contact.objects.filter(campaign=campaign).count(), flush=True)
"""

EXPORT = """
import sys, time, django; django.setup()
from django.db import connection
from django.db.utils import Error
from coalition.models import Campaign, Contact
from exchange.formats import iter_csv
deadline = time.monotonic() + float(sys.argv[1])
rounds = errors = 0
while time.monotonic() < deadline:
    try:
        campaign = Campaign.objects.filter(slug="soak-whole").first()
        if campaign is None:
            time.sleep(0.5)
            continue
        rows = Contact.objects.for_campaign(campaign).values_list("pk", "name", "email").iterator()
        for _chunk in iter_csv(["id", "name", "email"], rows):
            pass
        rounds += 1
    except Error:
        errors += 1
        connection.close()
        time.sleep(0.5)
print("EXPORTS", rounds, errors, flush=True)
"""

CHECK = """
import sys, django; django.setup()
from coalition.models import Campaign, Contact
from exchange.models import Job
from exchange.jobs import recover_stalled
recover_stalled()
out = {}
for label in ("whole", "killed"):
    campaign = Campaign.objects.filter(slug=f"soak-{label}").first()
    out[label] = Contact.objects.filter(campaign=campaign).count() if campaign else None
    job = Job.objects.filter(campaign=campaign).order_by("-pk").first() if campaign else None
    out[label + "_job"] = job.status if job else None
print(out)
"""


def _manage_py(env: dict, script: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _restart_postgres() -> str:
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        return "no local cluster to restart"
    result = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "restarted" if result.returncode == 0 else f"restart failed: {result.stderr.strip()}"


def _wait_for_job(database_url: str, pk: int, status: str, seconds: float = 60) -> str:
    """Poll a job's status (with psql, beside the processes under test) until it is `status`."""
    name = database_url.rsplit("/", 1)[1]
    deadline = time.monotonic() + seconds
    seen = ""
    while time.monotonic() < deadline:
        seen = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-Atc",
             f"SELECT status FROM exchange_job WHERE id = {int(pk)}"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
        if seen == status:
            break
        time.sleep(0.05)
    return seen or "unknown"


def _get(port: int, path: str) -> int:
    import http.client

    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return 0


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--no-restart", action="store_true")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bl_soak"),
    )
    args = parser.parse_args()
    name = args.database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],
                   capture_output=True, check=False)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
                   capture_output=True, check=True)  # fmt: skip
    env = _env(args.database_url)
    env["EXCHANGE_JOB_TIMEOUT_MINUTES"] = "0"  # a killed job is recognized at once
    env["TASKS_IMMEDIATE"] = "1"
    _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [GUNICORN, "bench.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3",
         "--worker-class", "gthread", "--threads", "4", "--log-level", "error"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="bl-soak-"))
    (folder / "k").mkdir()
    events: list[str] = []
    result: dict = {"benchmark": "soak", "seconds": args.seconds, "rows": args.rows}
    try:
        for _ in range(100):
            if _get(port, f"/en/act/petitions/{SLUG}/") == 200:
                break
            time.sleep(0.2)
        load: dict = {}
        signer = threading.Thread(
            target=lambda: load.update(
                _load(port, f"/en/act/petitions/{SLUG}/", args.seconds, args.concurrency, "soak")
            )
        )
        started = time.monotonic()
        signer.start()
        whole = _manage_py(env, IMPORT, "whole", str(args.rows), str(folder))
        exporter = _manage_py(env, EXPORT, str(args.seconds * 0.9))
        # The faults come once the import has made its job: on a loaded machine, starting
        # Python and writing the file can take longer than a third of the run, and an import
        # cut off before it exists tests nothing.
        queued = whole.stdout.readline()
        events.append(
            f"{time.monotonic() - started:.0f}s import {queued.strip() or 'did not start'}"
        )
        time.sleep(max(0.0, args.seconds / 3 - (time.monotonic() - started)))
        if not args.no_restart:
            events.append(f"{time.monotonic() - started:.0f}s PostgreSQL {_restart_postgres()}")
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        if workers:
            os.kill(int(workers[0]), signal.SIGKILL)
            events.append(f"{time.monotonic() - started:.0f}s killed gunicorn worker {workers[0]}")
        time.sleep(max(0.0, args.seconds * 2 / 3 - (time.monotonic() - started)))
        doomed = _manage_py(env, IMPORT, "killed", str(args.rows), str(folder / "k"))
        line = doomed.stdout.readline()
        while line.startswith("QUEUED"):  # made its job; the kill waits for it to apply
            line = doomed.stdout.readline()
        if line.startswith("APPLYING"):
            # Killed once the job is seen running (claimed, rows being written), not before.
            status = _wait_for_job(args.database_url, int(line.split()[1]), "running")
            doomed.kill()
            events.append(
                f"{time.monotonic() - started:.0f}s killed an import while applying"
                f" (its job was {status})"
            )
        doomed.wait()
        signer.join()
        whole_out = whole.communicate(timeout=600)[0]
        export_out = exporter.communicate(timeout=600)[0]
        # Without anyone touching it: a few tries over ten seconds, each one logged.
        statuses = []
        for _ in range(20):
            statuses.append(_get(port, f"/en/act/petitions/{SLUG}/?after-faults"))
            if statuses[-1] == 200:
                break
            time.sleep(0.5)
        result["serves_again"] = statuses[-1] == 200
        result["statuses_after_faults"] = statuses
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    stored, counted, _inserted = _count(env)
    check = subprocess.run(
        [PY, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    imports = eval(check.splitlines()[-1])  # noqa: S307 - our own script's dict literal
    result.update(
        {
            "events": events,
            "signing": load,
            "accepted": load.get("accepted", 0),
            "stored_signatures": stored,
            "counter": counted,
            # A request cut off by the restart may have committed without its answer arriving:
            # stored may exceed accepted, never fall short; the counter matches what is stored.
            "every_accepted_signature_stored": stored >= load.get("accepted", 0)
            and counted == stored,
            "import_whole": imports["whole"],
            "import_whole_job": imports["whole_job"],
            "import_killed_rows": imports["killed"],
            "import_killed_job": imports["killed_job"],
            "import_output": whole_out.strip().splitlines()[-1:] if whole_out else [],
            "export_output": export_out.strip().splitlines()[-1:] if export_out else [],
        }
    )
    result["goal"] = (
        "no accepted signature missing, no half-applied import, no 500 (503 while the database"
        " is away), serves again unaided"
    )
    # While the database restarts the answer is 503 "back in a moment" (core/errors.py).
    result["no_server_errors"] = "500" not in load.get("error_statuses", {})
    result["ok"] = bool(
        result["every_accepted_signature_stored"]
        and result["no_server_errors"]
        # The first import is whole, or — when the restart broke it — left nothing and failed.
        and (
            (imports["whole"] == args.rows and imports["whole_job"] == "done")
            or (imports["whole"] == 0 and imports["whole_job"] == "failed")
        )
        # The second import, killed while applying, left nothing -- unless the machine was so
        # loaded that it had finished before the kill landed: then it is whole. Never partial.
        and (
            (imports["killed"] in (0, None) and imports["killed_job"] in ("failed", None))
            or (
                imports["killed"] == args.rows
                and imports["killed_job"] == "done"
                and any("its job was done" in event for event in events)
            )
        )
        and result.get("serves_again")
        and load.get("accepted", 0) > 0
    )
    result["goal_met"] = result["ok"]  # the verdict bench/run.py reads
    print(json.dumps(result, indent=2))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
