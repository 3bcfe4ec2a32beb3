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


@shared_task(ignore_result=True)
def send_reminder_emails(reminder_ids: list[int]) -> int:
    """Send the reminders' emails, each in its own transaction; a second delivery sends nothing twice."""
    return sum(services.reminder_email_send(reminder_id=reminder_id) for reminder_id in reminder_ids)
