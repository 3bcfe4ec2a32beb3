from __future__ import annotations

import socket

from celery import shared_task


@shared_task
def health_ping() -> dict[str, str]:
    """Prove a worker is alive and answering: returns who answered."""
    return {"status": "ok", "worker_host": socket.gethostname()}
