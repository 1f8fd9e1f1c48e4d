"""The background task of every job. It receives the job's id only, never personal data."""

from django.tasks import task


@task
def run_job(job_id: int) -> None:
    from exchange.jobs import run

    run(job_id)
