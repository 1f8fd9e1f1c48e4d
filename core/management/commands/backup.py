from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import audit, backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database and the uploaded files to FILE "
        "(BACKUP_KEY opens it; personal data inside stays encrypted under the field keys)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="Where to write the backup ('-' is refused).")
        parser.add_argument(
            "--generate-key", action="store_true", help="Print a new BACKUP_KEY and stop."
        )

    def handle(self, *args: Any, file: str | None, generate_key: bool, **options: Any) -> None:
        if generate_key:
            self.stdout.write(backup.generate_key())
            return
        if not file or file == "-":
            raise CommandError("Name the file to write, e.g. backups/brightline-2026-11-22.blb")
        key = backup.load_key(settings.BACKUP_KEY)
        target = Path(file)
        if target.exists():
            raise CommandError(f"{target} exists; a backup never overwrites a file.")
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("xb") as output:
                partial.chmod(0o600)
                manifest = backup.write_backup(output, key)
            partial.rename(target)
        except backup.BackupError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        audit.record(action="backup.written", file=target.name, media=manifest["media_files"])
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target} ({size:,} bytes; {manifest['engine']} database, "
                f"{manifest['media_files']} uploaded files)."
            )
        )
