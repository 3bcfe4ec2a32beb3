"""Celery tasks of the families app: thin and idempotent, each calling a service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_invitation_email(invitation_id: int, token: str) -> bool:
    """Email the invitation link once (families.services.members.invitation_email_send)."""
    from .services.members import invitation_email_send

    return invitation_email_send(invitation_id=invitation_id, token=token)
