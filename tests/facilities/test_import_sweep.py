"""An import cut off (a killed worker, the time limit) is recorded failed with its reason by the sweep, instead of
showing "Importing" for ever; a step still within its limit, or finished, is left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from facilities.models import ImportJob
from facilities.services import import_jobs_sweep

pytestmark = pytest.mark.django_db


def job(dana, status: str, started_ago: dt.timedelta) -> ImportJob:
    return ImportJob.objects.create(
        format="native",
        file=ContentFile(b"", name="x.csv"),
        filename="x.csv",
        created_by=dana,
        status=status,
        step_started_at=timezone.now() - started_ago,
        queued_at=timezone.now() - started_ago,
    )


def test_an_import_cut_off_past_its_time_limit_is_failed_with_its_reason(client, dana):
    cut_off = job(dana, ImportJob.Status.IMPORTING, dt.timedelta(hours=2))
    checking = job(dana, ImportJob.Status.VALIDATING, dt.timedelta(hours=2))
    running = job(dana, ImportJob.Status.IMPORTING, dt.timedelta(minutes=5))
    done = job(dana, ImportJob.Status.DONE, dt.timedelta(hours=2))
    assert import_jobs_sweep() == 2
    for row in (cut_off, checking, running, done):
        row.refresh_from_db()
    assert (cut_off.status, checking.status) == (ImportJob.Status.FAILED, ImportJob.Status.FAILED)
    assert (running.status, done.status) == (ImportJob.Status.IMPORTING, ImportJob.Status.DONE)
    assert "did not finish" in cut_off.report["errors"][0]["reason"] and cut_off.report["written"] is False
    client.force_login(dana)
    page = client.get(cut_off.get_absolute_url()).content.decode()
    assert "The import did not finish within" in page and "Nothing was written" in page
    assert import_jobs_sweep() == 0


SAMPLE = (Path(__file__).parent.parent / "data" / "native-good.csv").read_bytes()


@pytest.mark.django_db(transaction=True)
def test_an_upload_with_the_broker_down_waits_queued_and_the_sweep_hands_it_over_once(client, dana):
    """The job row is the outbox of each step: a broker outage at upload or at confirmation loses nothing,
    says so on the page, and the sweep publishes the step once the broker is back."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from config.celery import app
    from tests.broker import broker_stopped

    client.force_login(dana)
    with broker_stopped():
        response = client.post(
            reverse("facilities:import-list"), {"format": "native", "file": SimpleUploadedFile("x.csv", SAMPLE)}
        )
        job = ImportJob.objects.get()
        assert response.status_code == 302 and job.is_queued
        assert "background service is not reachable" in client.get(job.get_absolute_url()).content.decode()
        assert import_jobs_sweep() == 0  # still down: nothing failed, nothing lost
        job.refresh_from_db()
        assert job.is_queued and job.status == ImportJob.Status.VALIDATING

    saved, app.conf.task_always_eager = app.conf.task_always_eager, True  # a worker takes what is handed over
    try:
        import_jobs_sweep()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.READY and job.queued_at is not None
        with broker_stopped():
            client.post(reverse("facilities:import-confirm", kwargs={"job": job.pk}))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.IMPORTING and job.is_queued
        import_jobs_sweep()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE and job.report["created"] >= 1
        import_jobs_sweep()  # handed over once: nothing runs again
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
    finally:
        app.conf.task_always_eager = saved
