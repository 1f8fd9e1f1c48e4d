from typing import Any

from django.core.management.base import BaseCommand

from actions.services.letters import send_due


class Command(BaseCommand):
    help = (
        "Send every letter in the outbox that is due: new letters, and failed ones whose retry "
        "time has come. Safe to run from cron beside the task worker: each letter is claimed "
        "before it is sent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many (default: all)."
        )

    def handle(self, *args: Any, limit: int | None, **options: Any) -> None:
        counts = send_due(limit=limit)
        self.stdout.write(
            f"Sent {counts['sent']}, will retry {counts['failed']}, gave up on {counts['gave_up']}."
        )
