from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from coalition.services.meetings import send_followup_reminders


def default_base_url() -> str:
    """The site's address for links in emails: the first trusted origin, if one is set."""
    origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    return origins[0] if origins else "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Email each owner of open follow-ups that are overdue or due soon. Run it daily (cron "
        "or a scheduler); running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days-ahead",
            type=int,
            default=1,
            help="Also remind about follow-ups due within this many days (default 1).",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address for links, e.g. https://brightline.example.org "
            "(default: the first CSRF_TRUSTED_ORIGINS entry).",
        )

    def handle(self, *args: Any, days_ahead: int, base_url: str | None, **options: Any) -> None:
        sent = send_followup_reminders(
            days_ahead=max(days_ahead, 0), base_url=base_url or default_base_url()
        )
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} reminder emails."))
