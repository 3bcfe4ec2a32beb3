"""A broker that is down, for the outbox tests: the Celery app publishes to a closed port with the production
Redis transport options, then goes back to the test broker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings

CLOSED_PORT = "redis://127.0.0.1:1/0"


def _point_at(app, url: str | None, options: dict) -> None:
    # broker_write_url: publishing uses it, and an environment CELERY_BROKER_URL would win over broker_url.
    app.conf.broker_write_url = url
    app.conf.broker_transport_options = options
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_stopped() -> Iterator[None]:
    from config.celery import app

    saved = app.conf.get("broker_write_url"), dict(app.conf.broker_transport_options or {}), app.conf.task_always_eager
    app.conf.task_always_eager = False
    _point_at(app, CLOSED_PORT, settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    try:
        yield
    finally:
        _point_at(app, saved[0], saved[1])
        app.conf.task_always_eager = saved[2]


@pytest.fixture
def broker_down() -> Iterator[None]:
    with broker_stopped():
        yield
