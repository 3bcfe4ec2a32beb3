"""Celery tasks of the interventions app: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task

from .services.calendar import calendar_invitations_send
from .services.summary import summaries_sweep, summary_build


@shared_task(acks_late=True)
def send_calendar_invitations(plan_id: int) -> int:
    """Email the plan's calendar file to its participants (interventions.services.calendar). Returns how many."""
    return calendar_invitations_send(plan_id=plan_id)


# A summary of a long case renders in a few seconds; a stuck one must not hold a worker.
SUMMARY_SOFT_TIME_LIMIT = 60
SUMMARY_TIME_LIMIT = 90


@shared_task(acks_late=True, soft_time_limit=SUMMARY_SOFT_TIME_LIMIT, time_limit=SUMMARY_TIME_LIMIT)
def build_case_summary(summary_id: int) -> str:
    """Build the PDF of summary `summary_id` if it is pending; safe to run twice (the second run does nothing)."""
    summary = summary_build(summary_id=summary_id)
    return summary.status if summary is not None else "skipped"


@shared_task
def sweep_summaries() -> int:
    """The outbox sweep (beat, every minute): hand over again lost and cut-off builds. Returns how many."""
    return summaries_sweep()
