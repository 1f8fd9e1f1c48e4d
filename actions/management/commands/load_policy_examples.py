from typing import Any

from django.core.management.base import BaseCommand

from actions.services.reference import load_policy_examples


class Command(BaseCommand):
    help = (
        "Load the campaign toolkit's example detainer policies (Taos, New York City, San "
        "Francisco, Washington DC, Cook County, Santa Clara County) with their element-by-element "
        "scores, creating their places if missing. Idempotent: what exists is kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_policy_examples()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Policy examples ready."))
