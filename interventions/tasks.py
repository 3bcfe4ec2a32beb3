"""Celery tasks of the interventions app: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .calendar import plan_ics
from .models import InterventionPlan
from .services.summary import summary_build


@shared_task(acks_late=True)
def send_calendar_invitations(plan_id: int) -> int:
    """Email each participant with an address the .ics of the intervention and its sessions. Returns how many."""
    plan = InterventionPlan.objects.select_related("case").filter(pk=plan_id).first()
    if plan is None:
        return 0
    attachment = plan_ics(plan)
    sent = 0
    for participant in plan.participants.exclude(email=""):
        body = render_to_string(
            "interventions/emails/calendar_invitation.txt", {"plan": plan, "participant": participant}
        )
        message = EmailMessage(subject="Your calendar invitation from Casework", body=body, to=[participant.email])
        message.attach("invitation.ics", attachment, "text/calendar; method=REQUEST; charset=utf-8")
        message.send()
        sent += 1
    return sent


# A summary of a long case renders in a few seconds; a stuck one must not hold a worker.
SUMMARY_SOFT_TIME_LIMIT = 60
SUMMARY_TIME_LIMIT = 90


@shared_task(acks_late=True, soft_time_limit=SUMMARY_SOFT_TIME_LIMIT, time_limit=SUMMARY_TIME_LIMIT)
def build_case_summary(summary_id: int) -> str:
    """Build the PDF of summary `summary_id` if it is pending; safe to run twice (the second run does nothing)."""
    summary = summary_build(summary_id=summary_id)
    return summary.status if summary is not None else "skipped"
