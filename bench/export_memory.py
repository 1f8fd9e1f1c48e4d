"""Benchmark 4: exports at national scale, ours against django-import-export's default export.

    .venv/bin/python bench/export_memory.py --database-url postgres://…/bl_bench

On the national data set (`seed_scale`, made by bench/run.py): the million signatures of the
national petition to CSV, and the 100,000 contacts of every campaign to XLSX, each through the
code the export pages run (actions.services.petitions.signature_rows with exchange.formats
.iter_csv, streamed; the contacts export spec with exchange.formats.xlsx_bytes). The same rows
through django-import-export's default path (a plain ModelResource: `export()` builds a tablib
Dataset of every row in memory, then writes it). Each case runs in a fresh process, which
reports its peak resident memory above what the process held before exporting (VmHWM less
VmRSS), and the rows per second. Goal: ours under 200 MB and flat in the number of rows.
Prints one JSON object on the last line (bench/run.py reads the verdict).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 200


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _signature_queryset(rows: int):
    from actions.models import Petition, Signature
    from core import scale

    petition = Petition.objects.get(campaign__slug=scale.NATIONAL)
    return petition, Signature.objects.filter(petition=petition).order_by("created_at", "pk")


def _contact_campaigns():
    from coalition.models import Campaign

    return Campaign.objects.order_by("pk")


def case(name: str, rows: int) -> dict:
    """One export in this process: (rows written, bytes, seconds, peak memory growth)."""
    import django

    django.setup()
    from import_export import resources

    from actions.models import Signature
    from actions.services import petitions as service
    from coalition.models import Contact
    from exchange import formats
    from exchange.registry import campaign_specs

    # Everything imported and connected before the baseline is read.
    petition, signatures = _signature_queryset(rows)
    Contact.objects.exists()
    before = _memory_kb("VmRSS")
    started = time.perf_counter()
    written = 0
    if name == "ours-signatures-csv":
        source = islice(service.signature_rows(petition, with_email=False), rows)
        for chunk in formats.iter_csv(service.signature_headers(with_email=False), source):
            written += len(chunk)
    elif name == "ours-contacts-xlsx":
        spec = campaign_specs()["contacts"]
        source = islice(
            (row for c in _contact_campaigns().iterator() for row in spec.rows(c)), rows
        )
        written = len(formats.xlsx_bytes(spec.headers, source))
    elif name == "import-export-signatures-csv":

        class Signatures(resources.ModelResource):
            class Meta:
                model = Signature
                fields = ("name", "place", "comment", "created_at")

        written = len(Signatures().export(queryset=signatures[:rows]).csv.encode())
    elif name == "import-export-contacts-xlsx":

        class Contacts(resources.ModelResource):
            class Meta:
                model = Contact
                fields = ("id", "name", "email", "phone", "preferred_channel", "notes")

        queryset = Contact.objects.order_by("campaign_id", "pk")[:rows]
        written = len(Contacts().export(queryset=queryset).xlsx)
    else:
        raise SystemExit(f"unknown case {name}")
    seconds = time.perf_counter() - started
    peak = _memory_kb("VmHWM")
    return {
        "case": name,
        "rows": rows,
        "megabytes_written": round(written / 1e6, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "peak_growth_mb": round((peak - before) / 1024, 1),
    }


def run_case(name: str, rows: int, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--case", name, "--rows", str(rows)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return {"case": name, "rows": rows, "failed": done.stderr.strip()[-1500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--case")
    parser.add_argument("--rows", type=int)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(args.case, args.rows)))
        return {}
    sys.path.insert(0, str(ROOT))
    from bench.run import BENCH_ENV

    env = {
        **os.environ,
        **BENCH_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": args.database_url,
        "PYTHONPATH": str(ROOT),
    }
    plan = [
        ("ours-signatures-csv", 100_000),
        ("ours-signatures-csv", 1_000_000),
        ("import-export-signatures-csv", 100_000),
        ("import-export-signatures-csv", 1_000_000),
        ("ours-contacts-xlsx", 10_000),
        ("ours-contacts-xlsx", 100_000),
        ("import-export-contacts-xlsx", 10_000),
        ("import-export-contacts-xlsx", 100_000),
    ]
    results = [run_case(name, rows, env) for name, rows in plan]
    for r in results:
        if "failed" in r:
            print(f"{r['case']:32} {r['rows']:>9,} rows  FAILED: {r['failed']}")
        else:
            print(
                f"{r['case']:32} {r['rows']:>9,} rows  {r['megabytes_written']:7.1f} MB written"
                f"  {r['seconds']:7.1f} s  {r['rows_per_second']:>8,} rows/s"
                f"  peak +{r['peak_growth_mb']:7.1f} MB"
            )
    by = {(r["case"], r["rows"]): r for r in results}

    def growth(name: str, rows: int) -> float:
        return by[(name, rows)].get("peak_growth_mb", float("inf"))

    ours_peaks = [growth("ours-signatures-csv", 1_000_000), growth("ours-contacts-xlsx", 100_000)]
    flat = (
        growth("ours-signatures-csv", 1_000_000) <= 2 * growth("ours-signatures-csv", 100_000) + 5
        and growth("ours-contacts-xlsx", 100_000) <= 2 * growth("ours-contacts-xlsx", 10_000) + 5
    )
    verdict = {
        "benchmark": "exports",
        "goal": f"ours under {LIMIT_MB} MB and flat in the number of rows",
        "peak_mb_ours": max(ours_peaks),
        "flat": flat,
        "results": results,
    }
    verdict["goal_met"] = bool(max(ours_peaks) < LIMIT_MB and flat)
    print(json.dumps(verdict))
    return verdict


if __name__ == "__main__":
    result = main()
    sys.exit(0 if not result or result["goal_met"] else 1)
