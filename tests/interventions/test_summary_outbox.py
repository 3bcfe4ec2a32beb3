"""The summary row is the outbox of its build: with the broker down, requesting answers at once and says
"queued"; the sweep hands it over once the broker is back (built once), and rebuilds what a killed worker left."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from interventions.models import CaseSummary
from interventions.services.summary import summaries_sweep
from tests.broker import broker_down  # noqa: F401 (a fixture)
from tests.factories import CaseSummaryFactory

pytestmark = pytest.mark.django_db


def broker_back() -> None:
    from config.celery import app

    app.conf.task_always_eager = True  # tasks run here, as a worker would


@pytest.mark.usefixtures("broker_down")
def test_requesting_a_summary_with_the_broker_down_answers_at_once_and_the_sweep_builds_it_once(
    client, alice, case, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("interventions:summary-list", kwargs={"case": case.pk}), {"version": "clinical"})
    assert time.monotonic() - started < 3
    summary = case.summaries.get()
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    assert summary.status == CaseSummary.Status.PENDING and summary.queued_at is None
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "Queued: the background service is not reachable" in page

    broker_back()
    assert summaries_sweep() == 1
    summary.refresh_from_db()
    assert summary.status == CaseSummary.Status.READY and summary.attempts == 1 and summary.queued_at
    assert summaries_sweep() == 0  # nothing handed over twice
    summary.refresh_from_db()
    assert summary.attempts == 1
    download = reverse("interventions:summary-download", kwargs={"case": case.pk, "summary": summary.pk})
    assert client.get(download).status_code == 200


def test_a_build_cut_off_by_a_killed_worker_is_rebuilt_by_the_sweep(case, alice, celery_eager):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    summary = CaseSummaryFactory(
        case=case,
        requested_by=alice,
        status="building",
        attempts=1,
        started_at=long_ago,
        queued_at=long_ago - dt.timedelta(seconds=1),
    )
    assert summaries_sweep() == 1
    summary.refresh_from_db()
    assert summary.status == CaseSummary.Status.READY and summary.attempts == 2


def test_a_build_under_way_or_handed_over_recently_is_left_alone(case, alice, celery_eager):
    now = timezone.now()
    CaseSummaryFactory(case=case, requested_by=alice, status="building", attempts=1, started_at=now, queued_at=now)
    CaseSummaryFactory(case=case, requested_by=alice, status="pending", queued_at=now)
    assert summaries_sweep() == 0


def test_a_build_cut_off_again_and_again_is_recorded_failed_with_its_reason(client, case, alice, celery_eager):
    summary = CaseSummaryFactory(
        case=case, requested_by=alice, status="building", attempts=3, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert summaries_sweep() == 0
    summary.refresh_from_db()
    assert summary.status == CaseSummary.Status.FAILED and "cut off 3 times" in summary.error
    client.force_login(alice)
    assert "cut off 3 times" in client.get(summary.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broker_down")
def test_with_the_broker_down_the_request_says_queued_not_being_built(client, alice, case):
    """In a real request the commit (and the hand-over attempt) happens before the answer: the message follows it."""
    client.force_login(alice)
    url = reverse("interventions:summary-list", kwargs={"case": case.pk})
    page = client.post(url, {"version": "clinical"}, follow=True).content.decode()
    assert "background service is not reachable right now" in page
    assert "being built" not in page


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_up_the_request_says_being_built(client, alice, case, celery_eager):
    client.force_login(alice)
    url = reverse("interventions:summary-list", kwargs={"case": case.pk})
    page = client.post(url, {"version": "clinical"}, follow=True).content.decode()
    assert "The summary is being built" in page
