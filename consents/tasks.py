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


# A packet renders in a second or two; a stuck one must not hold a worker.
PACKET_SOFT_TIME_LIMIT = 60
PACKET_TIME_LIMIT = 90


@shared_task(acks_late=True, soft_time_limit=PACKET_SOFT_TIME_LIMIT, time_limit=PACKET_TIME_LIMIT)
def packet_send(packet_id: int) -> str:
    """Build a queued referral packet and email it once (consents.services.packets.packet_send): a disclosure
    path of interventions.disclosure.DISCLOSURE_PATHS."""
    from .services import packets

    return packets.packet_send(packet_id=packet_id) or "skipped"


@shared_task
def sweep_referral_packets() -> int:
    """The outbox sweep (beat, every minute): hand over again packets the broker never got."""
    from .services.packets import packets_sweep

    return packets_sweep()
