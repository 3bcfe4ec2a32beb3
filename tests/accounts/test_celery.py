from __future__ import annotations

import pytest
from celery import Celery

from accounts.tasks import health_ping
from tests import services


def test_health_task_answers_when_run_in_process():
    assert health_ping.apply().get()["status"] == "ok"


@pytest.mark.services("redis", "worker")
@pytest.mark.django_db(transaction=True)
def test_a_task_travels_through_redis_to_a_real_worker_and_back():
    # Not the current app: the project's app must stay the one shared tasks resolve to for the other tests.
    client = Celery("probe", broker=services.redis_url(), backend=services.redis_url(), set_as_current=False)
    with services.worker_process() as (process, queue):
        result = client.send_task("accounts.tasks.health_ping", queue=queue)
        answer = result.get(timeout=30)
    assert answer["status"] == "ok"
    assert process.returncode is not None  # the worker was a separate process, now stopped
