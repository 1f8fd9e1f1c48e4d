import datetime
import os
from pathlib import Path

import pytest

from targets.importers import run_import

# The public files are vendored in data/ (see data/SOURCES.md); BRIGHTLINE_DATA points elsewhere,
# e.g. at a newer ICE list.
DATA = Path(os.environ.get("BRIGHTLINE_DATA", Path(__file__).resolve().parents[2] / "data"))
COUNTIES = DATA / "national_county.txt"
PARTICIPATING = DATA / "participatingAgencies07182025pm.xlsx"
PENDING = DATA / "pendingAgencies07182025pm.xlsx"
FACILITIES = DATA / "FY26_detentionStats_04092026.xlsx"
LIST_DAY = datetime.date(2025, 7, 18)

needs_data = pytest.mark.skipif(not COUNTIES.exists(), reason=f"no public data at {DATA}")


def load(kind: str, path: Path, as_of: datetime.date = LIST_DAY, dry_run: bool = False):
    return run_import(
        kind, path.read_bytes(), filename=path.name, as_of=as_of, user=None, dry_run=dry_run
    )


@pytest.fixture
def counties(db):
    return load("census_counties", COUNTIES)


@pytest.fixture
def agreements(counties):
    return load("ice_287g_participating", PARTICIPATING)
