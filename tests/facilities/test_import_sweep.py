"""An import cut off (a killed worker, the time limit) is recorded failed with its reason by the sweep, instead of
showing "Importing" for ever; a step still within its limit, or finished, is left alone."""

from __future__ import annotations

import datetime as dt

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
