"""Benchmark 1: signing a petition under load, against a bare INSERT in the same server.

    .venv/bin/python bench/signing.py [--seconds 20] [--concurrency 16] [--workers 4]
        [--database-url postgres://postgres@127.0.0.1:5432/bl_bench_signing]

Starts gunicorn on a free loopback port with the project (bench/settings.py adds the baseline
view), PostgreSQL as DATABASE_URL and Redis (CACHE_URL) for the public forms' rate limit. A load
generator sends POSTs for the given seconds from many connections, each request with its own
email and its own X-Forwarded-For address (the rate limit counts per address, as behind a
proxy); first to the baseline, then to the petition. It reports requests per second, the 99th
percentile latency, errors, and checks that every accepted signature is stored.
Prints one JSON object on the last line (bench/run.py collects it).
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SLUG = "bench-signing-petition"


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.pop("PYTEST_VERSION", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": env.get("FIELD_ENCRYPTION_KEYS")
            or Fernet.generate_key().decode(),
            "FIELD_HASH_KEY": env.get("FIELD_HASH_KEY") or secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "CACHE_URL": env.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
            "TRUSTED_PROXY_COUNT": "1",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _prepare(env: dict) -> None:
    script = f"""
import django; django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
with connection.cursor() as c:
    c.execute("DROP TABLE IF EXISTS bench_insert")
    c.execute("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text)")
from coalition.models import Campaign
from actions.models import Petition, PetitionCounter, Signature
campaign, _ = Campaign.objects.get_or_create(slug="bench-signing", defaults={{"name": "Bench"}})
petition, _ = Petition.objects.get_or_create(
    slug="{SLUG}", defaults={{"campaign": campaign, "title": "End 287(g) here", "text": "Sign.",
                              "status": "open", "goal": 1000000}})
Signature.objects.filter(petition=petition).delete()
PetitionCounter.create_for(petition)
PetitionCounter.recount(petition)
from django.core.cache import cache
cache.clear()
"""
    subprocess.run([PY, "-c", script], cwd=ROOT, env=env, check=True)


def _count(env: dict) -> tuple[int, int, int]:
    script = f"""
import django; django.setup()
from django.db import connection
from actions.models import Petition, Signature
p = Petition.objects.get(slug="{SLUG}")
with connection.cursor() as c:
    c.execute("SELECT count(*) FROM bench_insert")
    inserted = c.fetchone()[0]
print(Signature.objects.filter(petition=p).count(), p.signature_count(), inserted)
"""
    out = subprocess.run(
        [PY, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    stored, counted, inserted = (int(x) for x in out.stdout.split())
    return stored, counted, inserted


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(server_pgid: int) -> dict[str, float]:
    """CPU seconds used so far by the server's processes (gunicorn, its session) and by
    PostgreSQL's, read from /proc: where the time of a request goes."""
    used = {"gunicorn": 0.0, "postgres": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        if int(fields[3]) == server_pgid:  # the session gunicorn leads
            used["gunicorn"] += seconds
        elif name.startswith("postgres"):
            used["postgres"] += seconds
    return used


def _measured(server_pgid: int, load: Any) -> dict:
    """Run `load` and add the CPU each side spent per accepted request (ms), this process's
    (the load generator) included."""
    before, mine = _cpu_seconds(server_pgid), time.process_time()
    result = load()
    after, mine = _cpu_seconds(server_pgid), time.process_time() - mine
    done = max(result["accepted"], 1)
    result["cpu_ms_per_request"] = {
        **{k: round((after[k] - before[k]) / done * 1000, 2) for k in before},
        "load_generator": round(mine / done * 1000, 2),
    }
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load(port: int, path: str, seconds: float, concurrency: int, tag: str) -> dict:
    latencies: list[float] = []
    failures: dict[int, int] = {}  # status (0: no answer) -> how many
    accepted = errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(n: int) -> None:
        nonlocal accepted, errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = 0
        mine: list[float] = []
        ok = bad = 0
        while time.monotonic() < deadline:
            i += 1
            body = urlencode(
                {
                    "name": f"Signer {tag} {n} {i}",
                    "email": f"{tag}-{n}-{i}@example.org",
                    "place": "77002",
                    "comment": "",
                    "website": "",
                }
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": f"10.{n % 250}.{(i // 250) % 250}.{i % 250}",
                "Origin": f"http://127.0.0.1:{port}",
            }
            start = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
            if status in (302, 303):
                ok += 1
            else:
                bad += 1
                failures[status] = failures.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            accepted += ok
            errors += bad

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    begin = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begin
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    return {
        "requests": len(latencies),
        "accepted": accepted,
        "errors": errors,
        "error_statuses": {str(k): v for k, v in sorted(failures.items())},
        "per_second": round(accepted / elapsed, 1),
        "p99_ms": round(p99 * 1000, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
    }


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bl_bench_signing"
        ),
    )
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        name = args.database_url.rsplit("/", 1)[1]
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
            capture_output=True,
            check=False,
        )
    env = _env(args.database_url)
    _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [GUNICORN, "bench.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", "4",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        petition_path = f"/en/act/petitions/{SLUG}/"
        _load(port, petition_path, 2, 4, "warm")  # warm up both paths' processes
        _load(port, "/bench/insert/", 2, 4, "warm")
        _prepare(env)
        baseline = _measured(
            server.pid,
            lambda: _load(port, "/bench/insert/", args.seconds, args.concurrency, "base"),
        )
        signing = _measured(
            server.pid,
            lambda: _load(port, petition_path, args.seconds, args.concurrency, "sign"),
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored, counted, inserted = _count(env)
    result = {
        "benchmark": "signing",
        "seconds": args.seconds,
        "concurrency": args.concurrency,
        "gunicorn_workers": args.workers,
        "baseline": baseline,
        "signing": signing,
        "ratio": round(signing["per_second"] / baseline["per_second"], 2)
        if baseline["per_second"]
        else None,
        "stored_signatures": stored,
        "counter": counted,
        "baseline_rows": inserted,
        "every_accepted_signature_stored": stored == signing["accepted"] == counted,
        "goal": "ratio >= 0.7, no errors, every accepted signature stored",
    }
    cpu_base, cpu_sign = baseline["cpu_ms_per_request"], signing["cpu_ms_per_request"]
    result["limit"] = (
        "CPU per request on "
        f"{os.cpu_count()} cores: gunicorn {cpu_sign['gunicorn']} ms against "
        f"{cpu_base['gunicorn']} for the bare INSERT, PostgreSQL {cpu_sign['postgres']} "
        f"against {cpu_base['postgres']}, the load generator {cpu_sign['load_generator']} "
        f"against {cpu_base['load_generator']}"
    )
    result["goal_met"] = bool(
        result["ratio"] is not None
        and result["ratio"] >= 0.7
        and signing["errors"] == 0
        and result["every_accepted_signature_stored"]
    )
    print(json.dumps(result, indent=2))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["goal_met"] else 1)
