"""Celery tasks of the consents app: thin and idempotent, each calling a service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_signing_email(request_id: int) -> bool:
    """Email a queued signing link once (consents.services.signing.signing_email_send)."""
    from .services.signing import signing_email_send

    return signing_email_send(request_id=request_id)


@shared_task
def sweep_signing_requests() -> int:
    """The outbox sweep (beat, every minute): hand over again signing emails the broker never got."""
    from .services.signing import signing_requests_sweep

    return signing_requests_sweep()
