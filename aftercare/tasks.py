"""Celery tasks of aftercare: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task

from . import services
from .services.reminders import BATCH_SIZE


@shared_task
def scan_reminders(batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """The beat's 5-minute scan: remind due follow-ups, escalate overdue ones (each exactly once)."""
    result = services.reminders_scan(batch_size=batch_size)
    return {"reminded": result.reminded, "escalated": result.escalated, "emails_requeued": result.emails_requeued}


@shared_task
def send_reminder_email(reminder_id: int) -> bool:
    """Send one reminder's email; a second delivery of the same task sends nothing."""
    return services.reminder_email_send(reminder_id=reminder_id)
