"""`make bench`: seed the national-scale data set once, run the benchmarks, write RESULTS.md.

    .venv/bin/python bench/run.py [--scale 1] [--seed 1] [--runs 7] [--only lists,power_map]

PostgreSQL only: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bl_bench; the database
is created if it is missing). The data set (core/scale.py, `manage.py seed_scale`) is generated
on the first run and kept: later runs skip it while it matches --scale and --seed.

The server runs as in production (DEBUG off, cached templates), in this process, driven by
Django's test Client with a signed-in lead who has a second factor. Each benchmark compares a
large case with a small one measured in the same run, alternating them, so that a busy machine
slows both alike; figures are medians of --runs requests after a warm-up.

Benchmarks are modules beside this file, each with `run(context) -> Section`:
    1 signing.py        petition signing under load (gunicorn)        [hook]
    2 import_speed.py   imports                                       [hook]
    3 lists.py          every list page and API list, big vs small campaign
    4 export_memory.py  exports                                       [hook]
    5 power_map.py      power map and timeline, 200 targets vs 20
    6 soak.py           load and faults for SOAK_SECONDS (600)        [hook, only with --only]
A hook whose module is missing is reported "not run"; a module without `run()` is run as a
script and its output quoted. The soak (`make soak` = `bench/run.py --only soak`) takes ten
minutes, so `make bench` leaves it out and keeps its last result; a run of scripts only does
not need the national data set and does not generate it.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "RESULTS.md"
# The same results, machine-readable: a run with --only keeps the other benchmarks' last results.
RESULTS_JSON = BENCH / "RESULTS.json"
# PostgreSQL settings of the benchmark database, as docs/scaling.md recommends for production
# (the server's defaults assume spinning disks: with them the planner prefers walking a whole
# table's primary key to a campaign's own index when it pages the oldest campaigns' lists).
DATABASE_SETTINGS = {"random_page_cost": "1.1", "effective_io_concurrency": "200"}
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bl_bench"

# Bench-only secrets: the bench database holds generated people only. A database seeded with
# other keys cannot be read with these: set FIELD_ENCRYPTION_KEYS/FIELD_HASH_KEY as it was.
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-real-site-0123456789abcdef",
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1lbmNyeXB0aW9uLWtleS0wMTIzNDU=",
    "FIELD_HASH_KEY": "bench-only-hash-key",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "REQUIRE_LEAD_MFA": "1",
    "LOG_LEVEL": "ERROR",
    "CONN_MAX_AGE": "60",
}

# The environment as it was given: scripts run as benchmarks set up their own.
ORIGINAL_ENV = dict(os.environ)
# Arguments of the benchmarks run as scripts (a function of the database URL).
HOOK_ARGS = {
    "import_speed": lambda url: ["--database-url", _sibling_database(url, "bl_bench_import")],
    "export_memory": lambda url: ["--database-url", url],
    "soak": lambda url: [
        "--seconds",
        ORIGINAL_ENV.get("SOAK_SECONDS", "600"),
        "--database-url",
        _sibling_database(url, "bl_soak"),
    ],
}

BENCHMARKS = [
    ("1", "Petition signing under load", "signing"),
    ("2", "Imports", "import_speed"),
    ("3", "Lists at scale", "lists"),
    ("4", "Exports", "export_memory"),
    ("5", "Power map and timeline", "power_map"),
    ("6", "Load and faults (soak)", "soak"),
]
# What a script's verdict puts in the summary line.
SUMMARY_FIGURES = (
    "ratio",
    "limit",
    "seconds",
    "concurrency",
    "accepted",
    "stored_signatures",
    "peak_mb_ours",
    "flat",
)
# Run only when named with --only (they take long): make bench keeps their last result.
ONLY_WHEN_ASKED = {"soak"}


# What a benchmark hands back ----------------------------------------------------------------


@dataclass
class Section:
    number: str
    title: str
    status: str  # "ok", "goal missed", "ran" (a script with no verdict), "not run", "failed"
    summary: str
    body: str = ""
    ran: str = ""  # when and on which commit, for a result kept from an earlier run


@dataclass
class Measure:
    """One page, measured: median server time, query count, status."""

    url: str
    median_ms: float
    queries: int
    status: int
    runs: list[float] = field(default_factory=list)
    query_counts: set[int] = field(default_factory=set)

    @property
    def stable_queries(self) -> bool:
        return len(self.query_counts) == 1


@dataclass
class Context:
    args: argparse.Namespace
    sizes: Any
    campaigns: dict[str, Any]
    user: Any
    seed_report: str
    started: datetime.datetime

    def client(self):
        from django.test import Client

        client = Client()
        client.force_login(self.user)
        return client

    def measure_pair(self, client, big_url: str, small_url: str | None) -> tuple:
        """The two pages measured alternately: (big, small); small is None without a URL."""
        return measure(client, big_url, small_url, runs=self.args.runs)


def _one(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(captured.captured_queries), response.status_code


def measure(client, big_url: str, small_url: str | None, *, runs: int) -> tuple:
    urls = [u for u in (big_url, small_url) if u]
    results: dict[str, Measure] = {u: Measure(u, 0.0, 0, 0) for u in urls}
    for url in urls:  # warm-up: caches, connections, first compilation of templates
        _one(client, url)
    for _run in range(runs):
        for url in urls:
            ms, queries, status = _one(client, url)
            found = results[url]
            found.runs.append(ms)
            found.query_counts.add(queries)
            found.queries, found.status = queries, status
    for found in results.values():
        found.median_ms = statistics.median(found.runs)
    return results[big_url], results.get(small_url) if small_url else None


# Environment, database, data set ----------------------------------------------------------


def prepare_environment(args: argparse.Namespace) -> str:
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/run.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    sys.path.insert(0, str(ROOT))
    return url


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist (connecting to `postgres`)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            print(f"Creating database {config['NAME']}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def tune_database(url: str) -> None:
    """DATABASE_SETTINGS for the benchmark database (new connections get them)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        for name, value in DATABASE_SETTINGS.items():
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(config["NAME"]), sql.Identifier(name), sql.Literal(value)
                )
            )


def _sibling_database(url: str, name: str) -> str:
    """The same server as `url`, another database (created if missing)."""
    sibling = url.rsplit("/", 1)[0] + f"/{name}"
    ensure_database(sibling)
    return sibling


def setup_django() -> None:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.test.utils import override_settings

    # Production settings but for static files: the manifest needs collectstatic, and no
    # benchmarked page depends on how static files are named.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def ensure_data_set(args: argparse.Namespace) -> str:
    """Seed the scale set unless the one in the database matches --scale (and --seed)."""
    import io

    from django.core.management import call_command

    from actions.models import Petition
    from coalition.models import Campaign
    from core import scale

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    sizes = scale.Sizes.at(args.scale)
    marker = f"seed {args.seed}, scale {args.scale:g}"
    national = Campaign.objects.filter(slug=scale.NATIONAL).first()
    petition = Petition.objects.filter(campaign=national).first() if national else None
    if (
        petition is not None
        and not args.reseed
        and f"({marker})" in national.description
        and petition.signatures.count() == sizes.signatures
    ):
        return f"Data set present ({marker}); not generated again."
    print(f"Generating the data set ({marker}); this takes minutes at scale 1 …")
    out = io.StringIO()
    started = time.monotonic()
    call_command(
        "seed_scale",
        scale=args.scale,
        seed=args.seed,
        force=national is not None,
        stdout=out,
    )
    seconds = time.monotonic() - started
    Campaign.objects.filter(slug=scale.NATIONAL).update(
        description=f"Generated by seed_scale for benchmarks ({marker})."
    )
    print(out.getvalue())
    minutes = seconds / 60
    return f"Generated in this run ({marker}) in {minutes:.1f} min:\n\n```\n{out.getvalue()}```"


def bench_user(campaigns: dict[str, Any]):
    """A lead of the four benchmark campaigns, with a second factor (TOTP)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from coalition.models import Membership
    from coalition.permissions import Role
    from core import scale
    from core.models import User

    user, _ = User.objects.get_or_create(
        email=f"bench.lead@{scale.USER_DOMAIN}",
        defaults={"name": "Bench Lead", "password": "!bench"},
    )
    for campaign in campaigns.values():
        Membership.objects.get_or_create(campaign=campaign, user=user, defaults={"role": Role.LEAD})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


# Running the benchmarks ---------------------------------------------------------------------


def _has_run(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(isinstance(n, ast.FunctionDef) and n.name == "run" for n in tree.body)


def run_benchmark(number: str, title: str, module: str, context: Context) -> Section:
    path = BENCH / f"{module}.py"
    if not path.exists():
        return Section(number, title, "not run", f"not run: bench/{module}.py does not exist yet")
    started = time.monotonic()
    try:
        if _has_run(path):
            import importlib

            section = importlib.import_module(f"bench.{module}").run(context)
            section.number, section.title = number, title
        else:
            section = run_script(number, title, module, path)
    except Exception as error:  # one benchmark failing must not hide the others
        import traceback

        section = Section(
            number,
            title,
            "failed",
            f"failed: {error!r}",
            f"```\n{traceback.format_exc()}```\n",
        )
    section.summary += f" ({time.monotonic() - started:.0f} s)"
    return section


def run_script(number: str, title: str, module: str, path: Path) -> Section:
    """A benchmark written as a script: its output is quoted; a JSON object on its last line
    (with "goal_met" and "goal") gives the verdict."""
    import json

    extra = HOOK_ARGS.get(module, lambda url: [])(os.environ["DATABASE_URL"])
    done = subprocess.run(
        [sys.executable, str(path), *extra],
        capture_output=True,
        text=True,
        timeout=3 * 3600,
        cwd=ROOT,
        env=ORIGINAL_ENV,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    verdict = None
    if lines:
        try:
            verdict = json.loads(lines[-1])
            lines = lines[:-1]  # the machine-readable copy of what it printed
        except ValueError:
            verdict = None
    if done.returncode:
        errors = [
            line
            for line in done.stderr.splitlines()
            if "No directory at" not in line and "mw_instance = middleware" not in line
        ]
        lines += ["", f"Last lines of its error output (of {len(errors)}):", *errors[-40:]]
    output = "\n".join(lines).strip()
    command = " ".join(["bench/" + path.name, *extra])
    if isinstance(verdict, dict) and "goal_met" in verdict:
        status = "ok" if verdict["goal_met"] else "goal missed"
        figures = ", ".join(f"{k} {v}" for k, v in verdict.items() if k in SUMMARY_FIGURES)
        summary = f"goal: {verdict.get('goal', '?')}; {figures}"
    else:
        status = "ran" if done.returncode == 0 else "failed"
        summary = f"ran as a script (exit {done.returncode}); it gives no verdict: see its figures"
    body = f"`{command}`:\n\n```\n{output[-20000:]}\n```\n"
    return Section(number, title, status, summary, body)


# The report -------------------------------------------------------------------------------


def _cpu() -> tuple[int, str]:
    models = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                models.append(line.split(":", 1)[1].strip())
    return (len(models) or os.cpu_count() or 0), (models[0] if models else platform.processor())


def _memory() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def _git() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    dirty = " (with uncommitted changes)" if changed else ""
    return commit + dirty


def _server() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _earlier() -> dict:
    import json

    try:
        return json.loads(RESULTS_JSON.read_text())
    except (OSError, ValueError):
        return {}


def keep_earlier(sections: list[Section], seed_report: str) -> tuple[list[Section], str]:
    """Benchmarks left out with --only keep their last result, marked with when it ran."""
    earlier = _earlier()
    kept = {s["number"]: s for s in earlier.get("sections", [])}
    merged = []
    for section in sections:
        old = kept.get(section.number)
        if section.summary == "not chosen with --only" and old and old["status"] != "not run":
            ran = old.get("ran") or f"{earlier.get('date', '?')}, commit {earlier.get('commit')}"
            section = Section(**{**old, "ran": ran})
        merged.append(section)
    if (not seed_report or seed_report.startswith("Data set present")) and earlier.get(
        "seed_report"
    ):
        seed_report = earlier["seed_report"].replace(
            "Generated in this run", f"Generated by the run of {earlier.get('date', '?')}"
        )
    return merged, seed_report


def write_results(context: Context, sections: list[Section]) -> None:
    """RESULTS.json (what was measured, and on what) and RESULTS.md (the same, to read)."""
    import dataclasses
    import json

    import django

    sections, seed_report = keep_earlier(sections, context.seed_report)
    count, model = _cpu()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    args = context.args
    settings = ", ".join(f"`{k} = {v}`" for k, v in DATABASE_SETTINGS.items())
    data = {
        "date": f"{context.started:%Y-%m-%d %H:%M} UTC",
        "commit": _git(),
        "machine": {
            "machine": f"{count} x {model}, {_memory()} memory",
            "load average at the end (1/5/15 min)": load,
            "database": f"{_server()}, with {settings} (docs/scaling.md)",
            "software": f"Python {platform.python_version()}, Django {django.get_version()}",
        },
        "args": {"scale": args.scale, "seed": args.seed, "runs": args.runs},
        "seed_report": seed_report,
        "sections": [dataclasses.asdict(s) for s in sections],
    }
    RESULTS_JSON.write_text(json.dumps(data, indent=1) + "\n")
    RESULTS.write_text(render(data))
    print(f"Wrote {RESULTS.relative_to(ROOT)} and {RESULTS_JSON.name}")


def render(data: dict) -> str:
    """RESULTS.md from the results (`--rewrite` renders it again from RESULTS.json)."""
    args = data["args"]
    sections = [Section(**s) for s in data["sections"]]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` on {data['date']}.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in data["machine"].items()),
        f"| commit | {data['commit']} |",
        f"| data set | `seed_scale --seed {args['seed']} --scale {args['scale']:g}` |",
        f"| runs per page | median of {args['runs']} after one warm-up |",
        "",
        "## Summary",
        "",
        "| # | benchmark | result |",
        "|---|---|---|",
    ]
    lines += [
        f"| {s.number} | {s.title} | {s.status}: {s.summary}"
        + (f" (kept from the run of {s.ran})" if s.ran else "")
        + " |"
        for s in sections
    ]
    lines += ["", "## The data set", "", data["seed_report"], ""]
    for s in sections:
        lines += [f"## {s.number}. {s.title}", "", f"**{s.status}**: {s.summary}", ""]
        if s.ran:
            lines += [f"*Kept from the run of {s.ran}: not run again this time.*", ""]
        if s.body:
            lines += [s.body.rstrip(), ""]
    lines += [
        "## How to reproduce",
        "",
        "```",
        "createdb -h 127.0.0.1 -U postgres bl_bench   # or let bench/run.py create it",
        "make bench                                   # = .venv/bin/python bench/run.py",
        f".venv/bin/python bench/run.py --scale {args['scale']:g} --seed {args['seed']} "
        f"--runs {args['runs']}",
        "```",
        "",
        "`DATABASE_URL` picks another PostgreSQL database. The first run generates the data set "
        "(minutes at scale 1; `--reseed` generates it again); later runs reuse it. "
        "`--only lists,power_map` runs some benchmarks and keeps the others' last results. "
        "Figures depend on the machine and on what else runs on it: compare the ratios, which "
        "are measured in one run, side by side.",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="data set seed (default 1)")
    parser.add_argument("--runs", type=int, default=7, help="requests per page (default 7)")
    parser.add_argument("--only", default="", help="comma-separated module names to run")
    parser.add_argument("--reseed", action="store_true", help="generate the data set again")
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS.md")
    parser.add_argument(
        "--rewrite", action="store_true", help="render RESULTS.md again from RESULTS.json, only"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.rewrite:
        RESULTS.write_text(render(_earlier()))
        return 0
    url = prepare_environment(args)
    ensure_database(url)
    tune_database(url)
    setup_django()

    from coalition.models import Campaign
    from core import scale

    started = datetime.datetime.now(datetime.UTC)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    chosen = [
        (number, title, module)
        for number, title, module in BENCHMARKS
        if module in only or (not only and module not in ONLY_WHEN_ASKED)
    ]
    # Scripts bring their own data; the national data set is for the in-process benchmarks.
    needs_data = any(
        (BENCH / f"{module}.py").exists() and _has_run(BENCH / f"{module}.py")
        for _n, _t, module in chosen
    )
    seed_report = ensure_data_set(args) if needs_data else ""
    campaigns = (
        {c.slug: c for c in Campaign.objects.filter(slug__in=scale.SPECIAL)} if needs_data else {}
    )
    context = Context(
        args=args,
        sizes=scale.Sizes.at(args.scale),
        campaigns=campaigns,
        user=bench_user(campaigns) if needs_data else None,
        seed_report=seed_report,
        started=started,
    )
    sections = []
    for number, title, module in BENCHMARKS:
        if (number, title, module) not in chosen:
            sections.append(Section(number, title, "not run", "not chosen with --only"))
            continue
        print(f"Benchmark {number}: {title} …")
        section = run_benchmark(number, title, module, context)
        print(f"  {section.status}: {section.summary}")
        sections.append(section)
    if args.no_write:
        for s in sections:
            print(f"\n## {s.number}. {s.title}\n{s.status}: {s.summary}\n{s.body}")
    else:
        write_results(context, sections)
    return 0 if all(s.status in ("ok", "ran", "not run") for s in sections) else 1


if __name__ == "__main__":
    sys.exit(main())
