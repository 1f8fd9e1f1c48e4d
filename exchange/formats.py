"""Writing rows as CSV, JSON, XLSX or ODS, every cell made safe for spreadsheets.

Spreadsheets run a cell that starts with =, +, -, @ (and, in some, tab or carriage return) as
a formula: `=HYPERLINK(...)` leaks data when clicked, `==HYPERLINK(...)` survives escaping that
strips one `=`. Every such cell gets a leading apostrophe, and XLSX cells are written as text.
"""

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from typing import Any

import tablib
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet import _writer as openpyxl_writer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMATS = tuple(CONTENT_TYPES)
STREAMED = ("csv", "json")


def neutralize(value: Any) -> str:
    """The cell as text, with an apostrophe in front if a spreadsheet could run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()  # spreadsheets then read the file as UTF-8
    yield writer.writerow([neutralize(h) for h in headers]).encode()
    for row in rows:
        yield writer.writerow([neutralize(v) for v in row]).encode()


def iter_json(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A JSON array of objects, one per row, written as it goes. JSON is not a spreadsheet,
    but its files get opened in one: the cells are neutralized too."""
    yield b"["
    first = True
    for row in rows:
        item = json.dumps(dict(zip(headers, (neutralize(v) for v in row), strict=True)))
        yield (item if first else "," + item).encode()
        first = False
    yield b"]"


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The rows as an XLSX file, written row by row (openpyxl's write-only mode).

    That mode spools the sheet's XML, every cell in plain text, to a temporary file in
    TMPDIR while the rows are written; openpyxl removes it when the workbook is saved, but an
    export that fails halfway would leave it until the worker process exits. It is removed
    here as soon as the file is done or has failed. (A worker killed outright leaves it: give
    the worker a private TMPDIR, ideally in memory, see README.)"""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()

    def cells(values: Iterable[Any]) -> list[WriteOnlyCell]:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=neutralize(value))
            cell.data_type = "s"  # text, never a formula
            cell.number_format = "@"
            out.append(cell)
        return out

    try:
        sheet.append(cells(headers))
        for row in rows:
            sheet.append(cells(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    finally:
        _remove_spool(sheet)


def _remove_spool(sheet: Any) -> None:
    writer = getattr(sheet, "_writer", None)
    path = getattr(writer, "out", None)
    if not isinstance(path, str):
        return
    with suppress(Exception):  # the sheet's row generator, then the XML stream it feeds
        if sheet._rows is not None:
            sheet._rows.close()
    with suppress(Exception):
        writer.close()
    with suppress(FileNotFoundError):
        os.remove(path)
    with suppress(ValueError):
        openpyxl_writer.ALL_TEMP_FILES.remove(path)


def ods_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    data = tablib.Dataset(headers=[neutralize(h) for h in headers])
    for row in rows:
        data.append([neutralize(v) for v in row])
    return data.export("ods")


def render(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    if fmt == "csv":
        return b"".join(iter_csv(headers, rows))
    if fmt == "json":
        return b"".join(iter_json(headers, rows))
    if fmt == "xlsx":
        return xlsx_bytes(headers, rows)
    if fmt == "ods":
        return ods_bytes(headers, rows)
    raise ValueError(fmt)
