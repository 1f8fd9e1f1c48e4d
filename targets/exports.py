"""Reference lists for export (exchange/): public facts, every concrete field."""

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.registry import ExportSpec
from targets.models import Arrangement, DetainerPolicy, Facility, Jurisdiction, Office, Official


def _fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _spec(name: str, label: Any, model: type[models.Model]) -> ExportSpec:
    fields = _fields(model)

    def rows(campaign: Any = None, user: Any = None) -> Iterator[list[Any]]:
        for values in model.objects.order_by("pk").values_list(*fields).iterator(chunk_size=5000):
            yield [v.isoformat() if hasattr(v, "isoformat") else v for v in values]

    return ExportSpec(
        name=name,
        label=label,
        headers=fields,
        rows=rows,
        count=lambda campaign=None, user=None: model.objects.count(),
        action=None,
    )


SPECS = {
    spec.name: spec
    for spec in (
        _spec("jurisdictions", _("Jurisdictions"), Jurisdiction),
        _spec("offices", _("Offices"), Office),
        _spec("officials", _("Officials"), Official),
        _spec("facilities", _("Facilities"), Facility),
        _spec("arrangements", _("ICE arrangements"), Arrangement),
        _spec("detainer-policies", _("Detainer policies"), DetainerPolicy),
    )
}
