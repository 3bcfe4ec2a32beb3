"""Database timeouts: a database that hangs must not hold a request (or a worker) for ever.

Web requests get a short statement timeout (DB_STATEMENT_TIMEOUT_MS, 10 s by default): a query cut off raises,
and the request answers the clean error page at once instead of waiting for gunicorn to kill the worker. Celery
workers (summaries, imports, scans) switch to DB_WORKER_STATEMENT_TIMEOUT_MS (300 s) when they start
(config.celery). A connection that cannot be made gives up after DB_CONNECT_TIMEOUT seconds. 0 turns a timeout
off (e.g. `DB_STATEMENT_TIMEOUT_MS=0 manage.py migrate` for a long migration).
"""

from __future__ import annotations

import re
from typing import Any

STATEMENT_TIMEOUT = re.compile(r"\s*-c\s*statement_timeout=\S+")


def postgres_timeouts(options: dict[str, Any], *, connect_timeout: int, statement_timeout_ms: int) -> dict[str, Any]:
    """`options` (a DATABASES OPTIONS dict for psycopg) with the connect and statement timeouts set."""
    libpq_options = STATEMENT_TIMEOUT.sub("", options.get("options", "")).strip()
    libpq_options = f"{libpq_options} -c statement_timeout={int(statement_timeout_ms)}".strip()
    return {**options, "connect_timeout": connect_timeout, "options": libpq_options}


def use_statement_timeout(statement_timeout_ms: int) -> None:
    """Give every PostgreSQL connection of this process `statement_timeout_ms` from its next connection on
    (open connections are closed so that they reconnect with it)."""
    from django.conf import settings
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        options = postgres_timeouts(
            connection.settings_dict.get("OPTIONS", {}),
            connect_timeout=settings.DB_CONNECT_TIMEOUT,
            statement_timeout_ms=statement_timeout_ms,
        )
        connection.settings_dict["OPTIONS"] = options
        settings.DATABASES[alias]["OPTIONS"] = options
        connection.close()


def use_worker_statement_timeout() -> None:
    """The longer statement timeout of Celery workers (DB_WORKER_STATEMENT_TIMEOUT_MS)."""
    from django.conf import settings

    use_statement_timeout(settings.DB_WORKER_STATEMENT_TIMEOUT_MS)
