"""Background jobs of the coalition area (django.tasks; run by `manage.py db_worker`)."""

from django.tasks import task

from coalition.services.meetings import send_followup_reminders


@task()
def send_followup_reminders_task(base_url: str = "", days_ahead: int = 1) -> int:
    """Email owners about follow-ups due soon or overdue; safe to run more than once a day."""
    return send_followup_reminders(base_url=base_url, days_ahead=days_ahead)
