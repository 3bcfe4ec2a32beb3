"""Celery tasks of the interventions app: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .calendar import plan_ics
from .models import InterventionPlan


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
