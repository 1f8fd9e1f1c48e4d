from django.core.management.base import BaseCommand
from django.db import transaction

from exchange.jobs import recover_stalled
from exchange.models import Job, StagedRows


class Command(BaseCommand):
    help = (
        "Delete the files (uploads, kept dry runs and results) of jobs past their expiry; keep "
        "the jobs. "
        "Also mark as failed the running jobs whose worker stopped (as recover_jobs does)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            # Encrypted columns cannot be compared in SQL: empty every expired job's files.
            emptied = Job.objects.expired().update(result="", upload="")
            StagedRows.objects.filter(job__in=Job.objects.expired()).delete()
        self.stdout.write(f"Expired files removed from {emptied} job(s).")
        recovered = recover_stalled()
        self.stdout.write(f"Jobs whose worker stopped, marked as failed: {recovered}.")
