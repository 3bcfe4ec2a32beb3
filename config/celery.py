"""The Celery app. Tasks live in each app's tasks.py and are found by autodiscovery.

`hand_over` is how a request publishes background work: the work itself is recorded on its row in the same
transaction (an invitation "queued", a summary "pending"), the row is handed to the broker after commit, and a
beat sweep hands over again whatever the broker never got or a worker never finished. Publishing therefore
tries once with short timeouts and never raises: a broker that is down costs the request about a second, not
a 500.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery, Task
from celery.signals import worker_init, worker_process_init
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def hand_over(task: Task, *args: Any) -> bool:
    """Publish `task(*args)` once, without waiting for a broker that is down. Returns False (and logs) when the
    broker could not be reached: the caller's row stays queued and the sweep hands it over later.

    No result is stored (the row carries the state), so the result backend is not touched either: with Redis
    down, subscribing to a result would retry for about 20 s."""
    try:
        task.apply_async(args, retry=False, ignore_result=True)
    except (OperationalError, OSError) as error:
        logger.warning("broker unreachable, %s%r stays queued for the sweep: %s", task.name, args, error)
        return False
    return True


@worker_init.connect
@worker_process_init.connect
def _worker_statement_timeout(**_: object) -> None:
    """Workers (summaries, imports, scans) get the longer DB_WORKER_STATEMENT_TIMEOUT_MS (config/db.py): in the
    main process for the solo pool, and again in each prefork child, before its first query."""
    from config.db import use_worker_statement_timeout

    use_worker_statement_timeout()


def _ensure_filesystem_broker_folders() -> None:
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
    backend = app.conf.result_backend or ""
    if backend.startswith("file://"):
        os.makedirs(backend.removeprefix("file://"), exist_ok=True)


if str(app.conf.broker_url).startswith("filesystem://"):
    _ensure_filesystem_broker_folders()
