"""What every importer shares: the report of a run, reading cells, and the dry run."""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# A list of dates that could not be real on a list published on `as_of`.
EARLIEST_PLAUSIBLE = datetime.date(1996, 9, 30)  # 287(g) was enacted on this day


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row where it matters."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    ended: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    rows_read: int = 0
    seconds: float = 0.0

    def create(self, row: int | None, label: str) -> None:
        self.created.append({"row": row, "label": label})

    def update(self, row: int | None, label: str, changes: list[str]) -> None:
        self.updated.append({"row": row, "label": label, "changes": changes})

    def refuse(self, row: int, reason: str, label: str = "") -> None:
        self.refused.append({"row": row, "label": label, "reason": reason})

    def warn(self, row: int, message: str, label: str = "") -> None:
        self.warnings.append({"row": row, "label": label, "message": message})

    def end(self, label: str, reason: str) -> None:
        self.ended.append({"row": None, "label": label, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "refused": self.refused,
            "warnings": self.warnings,
            "ended": self.ended,
            "unchanged": self.unchanged,
            "rows_read": self.rows_read,
            "seconds": round(self.seconds, 2),
            "counts": self.counts(),
        }

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "warnings": len(self.warnings),
            "ended": len(self.ended),
        }

    def summary(self) -> str:
        c = self.counts()
        return _(
            "%(rows)d rows read: %(created)d created, %(updated)d updated, %(unchanged)d "
            "unchanged, %(refused)d refused, %(ended)d ended, %(warnings)d warnings."
        ) % {"rows": self.rows_read, **c}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong file, missing sheet or columns)."""


class DryRunRollback(Exception):
    """Raised inside the import transaction to undo a dry run."""


def text(value: Any) -> str:
    """A cell as clean text: spaces trimmed and collapsed, placeholders such as #N/A dropped."""
    if value is None:
        return ""
    cleaned = " ".join(str(value).split())
    return "" if cleaned.upper() in {"#N/A", "#NA", "N/A", "NA", "NONE"} else cleaned


_TEXT_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y")
_DATE_PATTERN = re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{2,4}$")


def read_date(value: Any, *, as_of: datetime.date) -> tuple[datetime.date | None, str]:
    """A cell read as a date: (date, "") or (None, why it cannot be read). Empty is (None, "")."""
    if value in (None, ""):
        return None, ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        parsed = value
    else:
        raw = text(value)
        if not raw:
            return None, ""
        parsed = None
        if _DATE_PATTERN.match(raw):
            for fmt in _TEXT_DATE_FORMATS:
                try:
                    parsed = datetime.datetime.strptime(raw, fmt).date()
                    break
                except ValueError:
                    continue
        if parsed is None:
            return None, _("“%(value)s” is not a date") % {"value": raw}
    latest = as_of + datetime.timedelta(days=366)
    if not EARLIEST_PLAUSIBLE <= parsed <= latest:
        return None, _("the date %(date)s is impossible for a list published on %(as_of)s") % {
            "date": parsed.isoformat(),
            "as_of": as_of.isoformat(),
        }
    return parsed, ""


_FILENAME_DATE = re.compile(r"(\d{2})(\d{2})(\d{4})")


def date_from_filename(filename: str) -> datetime.date | None:
    """ICE names its lists after their day, e.g. participatingAgencies07182025pm.xlsx."""
    match = _FILENAME_DATE.search(filename)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def changed_fields(instance: Any, values: dict[str, Any]) -> list[str]:
    """Set `values` on `instance`; return the names of the fields whose value changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
