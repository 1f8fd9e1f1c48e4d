from django.core.management.base import BaseCommand

from exchange.jobs import recover_stalled


class Command(BaseCommand):
    help = (
        "Mark as failed the running jobs whose worker stopped reporting (no progress for "
        "EXCHANGE_JOB_TIMEOUT_MINUTES), so their pages say to run them again."
    )

    def handle(self, *args, **options) -> None:
        recovered = recover_stalled()
        self.stdout.write(f"Jobs whose worker stopped, marked as failed: {recovered}.")
