"""Peak memory of a streamed CSV export at 10,000 and 100,000 rows (issue 9/10).

Run: `.venv/bin/python bench/export_memory.py` (uses a throwaway SQLite database). A streamed
export reads rows in chunks (`.iterator()`) and writes each line as it goes, so its peak memory
must not grow with the number of rows: the printed ratio should stay near 1, far from 10.
"""

import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "1"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from coalition.models import Campaign, Organization  # noqa: E402
from exchange.formats import iter_csv  # noqa: E402
from exchange.registry import campaign_specs  # noqa: E402


def peak_for(rows: int) -> tuple[int, int]:
    campaign = Campaign.objects.create(name=f"Bench {rows}", slug=f"bench-{rows}")
    Organization.objects.bulk_create(
        [
            Organization(campaign=campaign, name=f"Ally {n}", kind="faith", notes="=1+2 " * 10)
            for n in range(rows)
        ],
        batch_size=5000,
    )
    spec = campaign_specs()["organizations"]
    tracemalloc.start()
    written = 0
    for chunk in iter_csv(spec.headers, spec.rows(campaign)):
        written += len(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, written


def main() -> None:
    call_command("migrate", verbosity=0)
    small, small_bytes = peak_for(10_000)
    large, large_bytes = peak_for(100_000)
    print(f"10,000 rows:  {small_bytes / 1e6:7.1f} MB written, peak {small / 1e6:6.2f} MB")
    print(f"100,000 rows: {large_bytes / 1e6:7.1f} MB written, peak {large / 1e6:6.2f} MB")
    print(f"peak ratio 100k/10k: {large / small:.2f} (rows ratio 10)")


if __name__ == "__main__":
    main()
