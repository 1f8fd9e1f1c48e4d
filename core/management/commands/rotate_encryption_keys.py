from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from core import audit
from core.fields import EncryptedTextField


def encrypted_models() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the newest key in FIELD_ENCRYPTION_KEYS. "
        "Run it after putting a new key first; then the old keys can be removed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total = 0
        for model, fields in encrypted_models():
            manager = model._base_manager
            count = 0
            # One transaction per model: a failure (an unreadable value) leaves it as it was.
            with transaction.atomic():
                pks = list(manager.order_by("pk").values_list("pk", flat=True))
                for start in range(0, len(pks), batch_size):
                    # Loading decrypts with whichever key fits; saving encrypts with the newest.
                    rows = list(
                        manager.filter(pk__in=pks[start : start + batch_size]).only(*fields)
                    )
                    manager.bulk_update(rows, fields)
                    count += len(rows)
            self.stdout.write(
                f"{model._meta.label}: {count} rows re-encrypted ({', '.join(fields)})"
            )
            total += count
        audit.record(action="crypto.keys_rotated", rows=total)
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total} rows re-encrypted with the newest key.")
        )
