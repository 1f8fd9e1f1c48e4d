"""Speed of large imports (issue 9/10): contacts and petition signatures, 100,000 rows each.

For each kind, the same generated CSV file goes through:
- our import path: the job's dry run, then the confirmed import (exchange.imports, bulk mode;
  the confirmed import writes the rows the dry run checked and kept: exchange/staging.py);
- django-import-export's default row-by-row path (a plain ModelResource, one save() and one
  transaction savepoint per row) on the same file: its dry run (`dry_run=True`, every row
  saved and rolled back, as its admin previews an import), then the import;
- a bare bulk_create of the same rows (keyed hashes and encryption included, nothing checked).

Goals: the confirmed import at least 10x faster than row-by-row, and within 2x of the bare
bulk_create. The whole of each path (dry run and import) is compared too.

Run: `.venv/bin/python bench/import_speed.py` (a throwaway SQLite database), or
`.venv/bin/python bench/import_speed.py --database-url postgres://postgres@127.0.0.1:5432/NAME`
(the campaigns it makes are deleted at the end). `--rows 1000` for a quick run; `--keep` keeps
the generated files (their folder is printed).
"""

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("contacts", "signatures")


def configure(database_url: str | None) -> Path | None:
    """Settings for a run outside the tests: throwaway keys, the database asked for (or a
    throwaway SQLite database, whose folder is returned)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"
    throwaway = None if database_url else Path(tempfile.mkdtemp(prefix="bl-bench-db-"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{throwaway}/bench.sqlite3"
    from cryptography.fernet import Fernet

    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("FIELD_HASH_KEY", "bench-hash-key")
    os.environ.setdefault("TASKS_IMMEDIATE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return throwaway


# -- the files -----------------------------------------------------------------------------


def write_file(kind: str, rows: int, folder: Path) -> Path:
    path = folder / f"{kind}-{rows}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        if kind == "contacts":
            writer.writerow(["name", "email", "phone", "preferred_channel", "notes", "languages"])
            for n in range(rows):
                writer.writerow(
                    [
                        f"Person {n} Example",
                        f"person{n}@example.org",
                        f"555 {n // 10000:03} {n % 10000:04}",
                        ("email", "call", "text", "")[n % 4],
                        "Met at the vigil" if n % 3 == 0 else "",
                        ("en", "es", "en es", "")[n % 4],
                    ]
                )
        else:
            writer.writerow(
                ["name", "email", "place", "comment", "wants_updates", "show_publicly", "language"]
            )
            for n in range(rows):
                writer.writerow(
                    [
                        f"Signer {n} Example",
                        f"signer{n}@example.org",
                        f"{10000 + n % 90000}",
                        "End the agreement now" if n % 5 == 0 else "",
                        ("yes", "no")[n % 2],
                        ("no", "yes")[n % 3 == 0],
                        ("en", "es")[n % 2],
                    ]
                )
    return path


# -- the three paths -------------------------------------------------------------------------


def _target(kind: str, label: str) -> dict[str, Any]:
    """A fresh campaign (and petition), so that every path creates every row."""
    from actions.models import Petition, PetitionCounter
    from coalition.models import Campaign
    from core.models import User

    stamp = f"{label}-{time.monotonic_ns()}"
    campaign = Campaign.objects.create(name=f"Bench {stamp}", slug=f"bench-{stamp}"[:50])
    user, _ = User.objects.get_or_create(email="bench@example.org")
    target = {"campaign": campaign, "user": user, "petition": None}
    if kind == "signatures":
        petition = Petition.objects.create(
            campaign=campaign, slug=f"bench-{stamp}"[:80], title="Bench", text="Bench"
        )
        PetitionCounter.create_for(petition)
        target["petition"] = petition
    return target


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def ours(kind: str, path: Path) -> dict[str, float]:
    """The job: dry run, then the confirmed import (as the worker runs them)."""
    from exchange import jobs
    from exchange.imports import confirm_import
    from exchange.models import Job

    target = _target(kind, "ours")
    job = Job(
        kind=Job.Kind.IMPORT_PREVIEW,
        campaign=target["campaign"],
        user=target["user"],
        resource=kind,
        upload_name=path.name,
        options={"petition": target["petition"].pk} if target["petition"] else {},
    )
    job.set_upload(path.read_bytes())
    job.save()
    dry_run, _ = _timed(lambda: jobs.run(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.PREVIEWED, job.error or job.report.get("counts")
    _confirm_without_worker(job, confirm_import)
    apply, _ = _timed(lambda: jobs.run(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.report["applied_from_dry_run"], "the confirmed import checked the file again"
    return {"dry_run": dry_run, "apply": apply, "rows": _count(kind, target)}


def _confirm_without_worker(job: Any, confirm_import: Callable[..., Any]) -> None:
    from exchange import jobs

    real = jobs.enqueue
    jobs.enqueue = lambda job: job  # the bench runs the job itself, timed
    try:
        confirm_import(job=job)
    finally:
        jobs.enqueue = real


def row_by_row(kind: str, path: Path, *, with_dry_run: bool = True) -> dict[str, float]:
    """django-import-export's default path: a plain ModelResource, one save() per row inside
    its own savepoint, with only what the model needs to be saved at all (its campaign, the
    signature's email hash)."""
    from import_export import resources

    from actions.models import Signature
    from coalition.models import Contact
    from core.crypto import keyed_hash
    from exchange.imports import read_dataset

    target = _target(kind, "rows")
    if kind == "contacts":

        class Plain(resources.ModelResource):
            class Meta:
                model = Contact
                fields = ("id", "name", "email", "phone", "preferred_channel", "notes")

            def init_instance(self, row=None):
                return Contact(campaign=target["campaign"])

    else:

        class Plain(resources.ModelResource):
            class Meta:
                model = Signature
                fields = (
                    "id",
                    "name",
                    "email",
                    "place",
                    "comment",
                    "wants_updates",
                    "show_publicly",
                    "language",
                )

            def init_instance(self, row=None):
                return Signature(campaign=target["campaign"], petition=target["petition"])

            def before_save_instance(self, instance, row, **kwargs):
                instance.email_hash = keyed_hash(instance.email)

    dataset = read_dataset(path.read_bytes(), path.name)
    figures = {}
    if with_dry_run:
        figures["dry_run"], result = _timed(
            lambda: Plain().import_data(dataset, dry_run=True, use_transactions=True)
        )
        assert not result.has_errors() and not result.has_validation_errors()
        assert _count(kind, target) == 0  # rolled back
    seconds, result = _timed(
        lambda: Plain().import_data(dataset, dry_run=False, use_transactions=True)
    )
    assert not result.has_errors() and not result.has_validation_errors()
    return {**figures, "apply": seconds, "rows": _count(kind, target)}


def bare(kind: str, path: Path) -> dict[str, float]:
    """bulk_create of the same rows, read with the csv module: keyed hashes and encryption,
    nothing checked, nothing reported."""
    from django.db import transaction

    from actions.models import Signature
    from coalition.models import Contact
    from coalition.models.contacts import email_hash, phone_hash
    from core.crypto import keyed_hash, name_hash

    target = _target(kind, "bare")

    def work() -> None:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        if kind == "contacts":
            objects = [
                Contact(
                    campaign=target["campaign"],
                    name=r["name"],
                    name_hash=name_hash(r["name"]),
                    email=r["email"],
                    email_hash=email_hash(r["email"]),
                    phone=r["phone"],
                    phone_hash=phone_hash(r["phone"]),
                    preferred_channel=r["preferred_channel"],
                    notes=r["notes"],
                    created_by=target["user"],
                )
                for r in rows
            ]
            model = Contact
        else:
            objects = [
                Signature(
                    campaign=target["campaign"],
                    petition=target["petition"],
                    name=r["name"],
                    email=r["email"],
                    email_hash=keyed_hash(r["email"]),
                    place=r["place"],
                    comment=r["comment"],
                    wants_updates=r["wants_updates"] == "yes",
                    show_publicly=r["show_publicly"] == "yes",
                    language=r["language"],
                    source=Signature.Source.IMPORT,
                )
                for r in rows
            ]
            model = Signature
        with transaction.atomic():
            model.objects.bulk_create(objects, batch_size=1000)

    seconds, _ = _timed(work)
    return {"apply": seconds, "rows": _count(kind, target)}


def _count(kind: str, target: dict[str, Any]) -> int:
    from actions.models import Signature
    from coalition.models import Contact

    if kind == "contacts":
        return Contact.objects.for_campaign(target["campaign"]).count()
    return Signature.objects.for_campaign(target["campaign"]).count()


def cleanup() -> None:
    """Delete the bench's campaigns (and with them everything imported), one at a time."""
    from coalition.models import Campaign

    for campaign in Campaign.objects.filter(slug__startswith="bench-"):
        campaign.delete()


# -- the report ------------------------------------------------------------------------------


def measure(rows: int, folder: Path, *, with_row_by_row: bool = True) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for kind in KINDS:
        path = write_file(kind, rows, folder)
        figures[kind] = {"ours": ours(kind, path), "bare": bare(kind, path)}
        if with_row_by_row:
            figures[kind]["row_by_row"] = row_by_row(kind, path)
        for path_name, result in figures[kind].items():
            assert result["rows"] == rows, (kind, path_name, result)
    return figures


def report(rows: int, figures: dict[str, Any]) -> str:
    from django.db import connection

    lines = [f"{rows:,} rows per kind on {connection.vendor}"]
    for kind, paths in figures.items():
        ours_ = paths["ours"]
        bare_ = paths["bare"]["apply"]
        lines.append(f"\n{kind}:")
        lines.append(
            f"  ours: dry run {ours_['dry_run']:7.2f} s, confirmed import {ours_['apply']:7.2f} s"
            f"  ({rows / ours_['apply']:,.0f} rows/s)"
        )
        if "row_by_row" in paths:
            slow = paths["row_by_row"]["apply"]
            slow_dry = paths["row_by_row"].get("dry_run")
            lines.append(
                "  django-import-export row by row:"
                + (f" dry run {slow_dry:7.2f} s," if slow_dry else "")
                + f" import {slow:7.2f} s  ({rows / slow:,.0f} rows/s)"
            )
        lines.append(
            f"  bare bulk_create:                {bare_:7.2f} s  ({rows / bare_:,.0f} rows/s)"
        )
        if "row_by_row" in paths:
            lines.append(
                f"  row by row / ours (confirmed import): {slow / ours_['apply']:5.1f}x"
                "  (goal: at least 10x)"
            )
            if slow_dry:
                whole = (slow + slow_dry) / (ours_["apply"] + ours_["dry_run"])
                lines.append(f"  row by row / ours (dry run and import): {whole:5.1f}x")
        lines.append(
            f"  ours (confirmed import) / bare: {ours_['apply'] / bare_:5.2f}x  (goal: at most 2x);"
            f" with the dry run: {(ours_['apply'] + ours_['dry_run']) / bare_:5.2f}x"
        )
    return "\n".join(lines)


def verdict(figures: dict[str, Any]) -> dict[str, Any]:
    """The goals, for bench/run.py's summary (the last line printed)."""
    faster = {
        kind: paths["row_by_row"]["apply"] / paths["ours"]["apply"]
        for kind, paths in figures.items()
        if "row_by_row" in paths
    }
    whole = {
        kind: (paths["row_by_row"]["apply"] + paths["row_by_row"]["dry_run"])
        / (paths["ours"]["apply"] + paths["ours"]["dry_run"])
        for kind, paths in figures.items()
        if "dry_run" in paths.get("row_by_row", {})
    }
    bare = {kind: p["ours"]["apply"] / p["bare"]["apply"] for kind, p in figures.items()}
    return {
        "benchmark": "imports",
        "goal": "at least 10x faster than row by row, within 2x of a bare bulk_create",
        "ratio": ", ".join(
            f"{kind} {faster.get(kind, float('nan')):.1f}x faster than row by row"
            + (f" ({whole[kind]:.1f}x with both dry runs)" if kind in whole else "")
            + f" and {bare[kind]:.2f}x a bare bulk_create"
            for kind in figures
        ),
        "goal_met": bool(faster)
        and all(r >= 10 for r in faster.values())
        and all(r >= 10 for r in whole.values())
        and all(r <= 2 for r in bare.values()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows per kind")
    parser.add_argument("--database-url", help="default: a throwaway SQLite database")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--no-row-by-row", action="store_true", help="skip the slow row-by-row path"
    )
    args = parser.parse_args(argv)
    throwaway = configure(args.database_url)
    folder = Path(tempfile.mkdtemp(prefix="bl-import-bench-"))
    try:
        figures = measure(args.rows, folder, with_row_by_row=not args.no_row_by_row)
        print(report(args.rows, figures))
        print(json.dumps(verdict(figures)))
    finally:
        if throwaway is None:
            cleanup()  # a database of yours: the bench's campaigns go
        else:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(throwaway, ignore_errors=True)
        if args.keep:
            print(f"\nfiles kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
