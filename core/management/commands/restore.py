from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import audit, backup


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup (from `manage.py backup`) into this installation. Its "
        "database must be empty: create it, point DATABASE_URL at it, do not migrate first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        key = backup.load_key(settings.BACKUP_KEY)
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        try:
            with source.open("rb") as stream:
                manifest = backup.read_backup(stream, key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(action="backup.restored", file=source.name, created=manifest["created"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']} "
                f"({manifest['restored_media']} uploaded files)."
            )
        )
        if not manifest["keys_fit"]:
            self.stdout.write(
                self.style.WARNING(
                    "The personal data in this backup cannot be read with the current "
                    "FIELD_ENCRYPTION_KEYS. Set the keys the backed-up installation used."
                )
            )
        else:
            self.stdout.write("Personal data is readable with the current FIELD_ENCRYPTION_KEYS.")
