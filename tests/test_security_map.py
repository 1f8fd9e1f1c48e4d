"""docs/security.md lists every URL with who may reach it and what personal data it shows, and
matches the code."""

from pathlib import Path

import pytest

from core.security_map import render, rows
from tests.urlwalk import OWN_NAMES

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"
ROWS = rows()


def test_every_url_is_in_the_map():
    named = {row["name"] for row in ROWS}
    missing = [n for n in OWN_NAMES if "<unnamed" not in n and n not in named]
    assert not missing, missing


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["name"])
def test_every_url_says_who_may_reach_it_and_what_it_shows(row):
    assert row["access"], f"Say who may reach {row['name']} in core/security_map.py OTHER_ACCESS"
    assert row["personal_data"], (
        f"Declare what personal data {row['name']} shows in core/security_map.py PERSONAL_DATA"
    )


def test_personal_data_exports_are_for_leads_with_a_second_factor():
    exports = [r for r in ROWS if "export" in r["name"] and "audited" in r["personal_data"]]
    assert exports
    for row in exports:
        assert row["access"].startswith("members with role lead;"), row


def test_docs_security_md_matches_the_code():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/security.md is out of date: run `manage.py security_map`"
    )
