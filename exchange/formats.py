"""Writing rows as CSV, JSON, XLSX or ODS, every cell made safe for spreadsheets.

Spreadsheets run a cell that starts with =, +, -, @ (and, in some, tab or carriage return) as
a formula: `=HYPERLINK(...)` leaks data when clicked, `==HYPERLINK(...)` survives escaping that
strips one `=`. Every such cell gets a leading apostrophe, and XLSX cells are written as text.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import tablib
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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

    sheet.append(cells(headers))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
