"""openpyxl's write-only mode spools the sheet (plain text) to TMPDIR: it is gone as soon as
the file is written, and as soon as an export fails halfway."""

import io
import tempfile

import openpyxl
import pytest

from exchange import formats


@pytest.fixture
def tmpdir_for_openpyxl(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_spool_exists_while_writing_and_is_gone_after(tmpdir_for_openpyxl):
    seen = []

    def rows():
        for n in range(3):
            yield [f"Person {n}", "=1+2"]
            seen.append(sorted(p.name for p in tmpdir_for_openpyxl.iterdir()))

    data = formats.xlsx_bytes(["name", "note"], rows())
    assert seen and all(names and names[0].startswith("openpyxl.") for names in seen)
    assert list(tmpdir_for_openpyxl.iterdir()) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=2, column=2).value == "'=1+2"


def test_a_failed_export_leaves_no_spool(tmpdir_for_openpyxl):
    def rows():
        yield ["Ana Secretname", "x"]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        formats.xlsx_bytes(["name", "note"], rows())
    assert list(tmpdir_for_openpyxl.iterdir()) == []
    from openpyxl.worksheet import _writer

    assert not [p for p in _writer.ALL_TEMP_FILES if p.startswith(str(tmpdir_for_openpyxl))]
