from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from targets.importers import IMPORTERS, ImportFileError, date_from_filename
from targets.services import import_from_command


class Command(BaseCommand):
    help = (
        "Import a public reference file: census_counties (national_county.txt), "
        "ice_287g_participating, ice_287g_pending (ICE's 287(g) lists) or ice_facilities "
        "(ICE detention statistics). Use --dry-run to see what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument(
            "--as-of",
            help="The day the list was published (YYYY-MM-DD); default: from ICE's file name.",
        )
        parser.add_argument("--verbose-rows", action="store_true", help="List every row's outcome.")

    def handle(self, *args, kind: str, path: Path, dry_run: bool, as_of: str | None, **options):
        import datetime

        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError(f"--as-of {as_of} is not a date (YYYY-MM-DD)") from error
        else:
            day = date_from_filename(path.name) or datetime.date.today()
        try:
            report = import_from_command(
                kind=kind, data=path.read_bytes(), filename=path.name, as_of=day, dry_run=dry_run
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for item in report.refused:
            self.stdout.write(f"refused  row {item['row']}: {item['label']}: {item['reason']}")
        for item in report.warnings:
            self.stdout.write(f"warning  row {item['row']}: {item['label']}: {item['message']}")
        for item in report.ended:
            self.stdout.write(f"ended    {item['label']}: {item['reason']}")
        if options["verbose_rows"]:
            for item in report.created:
                self.stdout.write(f"created  row {item['row']}: {item['label']}")
            for item in report.updated:
                changes = ", ".join(item["changes"])
                self.stdout.write(f"updated  row {item['row']}: {item['label']} ({changes})")
        prefix = "DRY RUN, nothing saved. " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.summary()} ({report.seconds:.1f} s, list of {day})"
            )
        )
