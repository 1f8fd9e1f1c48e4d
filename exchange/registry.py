"""What can be exported: each app declares its lists in its own `exports.py`.

A spec says who may export the list (an Action of the role table, or None for the shared
reference data), which rows (always through the app's scoped entry point) and which columns.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coalition.permissions import Action


@dataclass(frozen=True)
class ExportSpec:
    name: str
    label: Any
    headers: Sequence[str]
    rows: Callable[..., Iterable[Sequence[Any]]]  # (campaign, user) -> rows
    count: Callable[..., int]  # (campaign, user) -> number of rows
    action: Action | None = Action.VIEW  # None: reference data, any signed-in person
    personal: bool = False
    objects: Callable[..., Iterable[Any]] | None = None  # personal: the records, for the audit


def campaign_specs() -> dict[str, ExportSpec]:
    from coalition.exports import SPECS as coalition_specs
    from exchange.petition_exports import SPECS as petition_specs
    from stories.exports import SPECS as story_specs

    return {**coalition_specs, **story_specs, **petition_specs}


def reference_specs() -> dict[str, ExportSpec]:
    from targets.exports import SPECS

    return SPECS


def get_spec(name: str, *, reference: bool) -> ExportSpec | None:
    return (reference_specs() if reference else campaign_specs()).get(name)
