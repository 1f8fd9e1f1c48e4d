"""Shared base of the import resources (django-import-export), declared per app in
`<app>/resources.py`."""

from typing import Any

from django.utils.translation import gettext as _
from import_export import resources


class ScopedResource(resources.ModelResource):
    """A resource whose rows are matched only among the records it may touch.

    An `id` column that names no such record refuses the row (it never creates a record with
    that id: the id could belong to another campaign). Model validation (`full_clean`, with
    the model's constraints) runs on every row, so each refused field has its reason.
    """

    def __init__(self, *, campaign: Any = None, user: Any = None, request: Any = None) -> None:
        super().__init__()
        self.campaign = campaign
        self.user = user
        self.request = request

    def scoped(self) -> Any:
        model = self._meta.model
        if self.campaign is not None:
            return model.objects.for_campaign(self.campaign)
        return model.objects.all()

    def get_queryset(self) -> Any:
        return self.scoped()

    def match(self, row: Any) -> Any:
        """Find the record a row without an id means (e.g. the same email address)."""
        return None

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        raw = str(row.get("id") or "").strip().lstrip("'")
        if not raw:
            return self.match(row)
        try:
            return self.scoped().get(pk=int(raw))
        except (ValueError, self._meta.model.DoesNotExist):
            raise ValueError(
                _("No record with id %(id)s here: leave the id empty to add a new one.")
                % {"id": raw}
            ) from None

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        # Empty spreadsheet cells arrive as None; text fields store "" for "nothing".
        text_fields = {
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField") and f.blank
        }
        for key in list(row.keys()):
            if row[key] is None and key in text_fields:
                row[key] = ""

    def init_instance(self, row: Any = None) -> Any:
        if self.campaign is not None:
            return self._meta.model(campaign=self.campaign)
        return self._meta.model()

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        pk = instance.pk
        super().import_instance(instance, row, **kwargs)
        instance.pk = pk  # never taken from the file
        if self.campaign is not None:
            instance.campaign = self.campaign
        if hasattr(instance, "history"):
            instance._history_user = self.user
