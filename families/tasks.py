"""Celery tasks of the families app: thin and idempotent, each calling a service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_invitation_email(invitation_id: int) -> bool:
    """Email a queued invitation once (families.services.members.invitation_email_send)."""
    from .services.members import invitation_email_send

    return invitation_email_send(invitation_id=invitation_id)


@shared_task
def sweep_invitations() -> int:
    """The outbox sweep (beat, every minute): hand over again invitation emails the broker never got."""
    from .services.members import invitations_sweep

    return invitations_sweep()
