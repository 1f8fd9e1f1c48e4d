"""English and Spanish: the catalogue covers every string the code marks, and pages switch."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every entry but the header."""
    entries = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        field, parts = None, {"msgid": [], "msgstr": []}
        for line in lines:
            if line.startswith("msgid "):
                field = "msgid"
                parts[field].append(json.loads(line[6:]))
            elif line.startswith("msgstr"):
                field = "msgstr"
                parts[field].append(json.loads(line.split(" ", 1)[1]))
            elif line.startswith("msgid_plural"):
                field = None
            elif line.startswith('"') and field:
                parts[field].append(json.loads(line))
        msgid = "".join(parts["msgid"])
        if msgid:
            entries.append((msgid, "".join(parts["msgstr"]), fuzzy))
    return entries


def test_every_spanish_entry_is_translated():
    untranslated = [m for m, s, fuzzy in _entries(PO.read_text()) if not s or fuzzy]
    assert not untranslated, f"Translate these in {PO}: {untranslated}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_catalogue_covers_every_marked_string(tmp_path):
    """Extract the strings again from a copy of the code: nothing may be missing."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "tests", "test-artifacts", "*.sqlite3*", "__pycache__", "media"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--ignore=staticfiles",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    fresh = _entries((copy / "locale/es/LC_MESSAGES/django.po").read_text())
    missing = [m for m, s, fuzzy in fresh if not s or fuzzy]
    assert not missing, f"Run `make messages` and translate: {missing}"


def test_language_switch_sets_spanish_and_returns_to_the_page(as_lead, campaign):
    home = reverse("coalition:campaign_home", args=[campaign.slug])
    response = as_lead.post(reverse("set_language"), {"language": "es", "next": home})
    assert response.status_code == 302
    assert response["Location"] == home
    page = as_lead.get(home).content.decode()
    assert 'lang="es"' in page
    assert "Miembros" in page
    assert "Resumen" in page


def test_browser_language_is_honoured(as_coordinator, campaign):
    home = reverse("coalition:campaign_home", args=[campaign.slug])
    page = as_coordinator.get(home, headers={"accept-language": "es-MX,es;q=0.9"})
    assert "Su rol: Coordinador/a." in page.content.decode()
