import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from actions.services.research import send_records_reminders


class Command(BaseCommand):
    help = (
        "Email the people following public-records requests that are due soon or overdue. "
        "Run it daily (cron); a second run the same day sends nothing again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days-ahead", type=int, default=2, help="Remind this many days before a due date."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, for links in the emails (e.g. https://brightline.example.org).",
        )
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(
        self, *args: Any, days_ahead: int, base_url: str, today: str | None, **options: Any
    ) -> None:
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today: {error}") from error
        if days_ahead < 0:
            raise CommandError("--days-ahead must not be negative.")
        sent = send_records_reminders(today=day, days_ahead=days_ahead, base_url=base_url)
        self.stdout.write(self.style.SUCCESS(f"Reminder emails sent: {sent}"))
