"""End to end with a real broker stopped and then back: the request answers at once, and once the broker is back
the sweep hands the build to a real worker, which builds it once."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from interventions.models import CaseSummary
from interventions.services.summary import summaries_sweep
from tests import services
from tests.broker import broker_stopped

pytestmark = [pytest.mark.services("redis", "worker"), pytest.mark.django_db(transaction=True)]


def test_a_summary_requested_while_the_broker_is_down_is_built_once_by_a_worker_when_it_is_back(
    client, alice, case, summary_queue
):
    client.force_login(alice)
    with broker_stopped():
        started = time.monotonic()
        response = client.post(reverse("interventions:summary-list", kwargs={"case": case.pk}), {"version": "clinical"})
        assert time.monotonic() - started < 3 and response.status_code == 302
    summary = case.summaries.get()
    assert summary.status == CaseSummary.Status.PENDING and summary.queued_at is None

    with services.worker_process(queue=summary_queue):
        assert summaries_sweep() == 1
        deadline = time.monotonic() + 60
        while summary.status != CaseSummary.Status.READY and time.monotonic() < deadline:
            time.sleep(0.3)
            summary.refresh_from_db()
        assert summary.status == CaseSummary.Status.READY, summary.error
        assert summaries_sweep() == 0
    summary.refresh_from_db()
    assert summary.attempts == 1
