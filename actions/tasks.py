"""Background tasks of the actions app. They receive no personal data, only what to do."""

from django.tasks import task


@task
def send_due_letters() -> dict[str, int]:
    """Send every letter in the outbox that is due (see actions.services.letters)."""
    from actions.services.letters import send_due

    return send_due()
