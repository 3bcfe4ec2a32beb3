"""A browser import runs in a real Celery worker over Redis, against the shared database."""

from __future__ import annotations

from pathlib import Path

import pytest
from celery import Celery
from django.core.files.base import ContentFile

from facilities.models import Facility, ImportJob
from tests import services

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.services("redis", "worker")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_then_imports_the_sample(dana, settings, monkeypatch):
    monkeypatch.setenv("PRIVATE_STORAGE_ROOT", str(settings.PRIVATE_STORAGE_ROOT))
    content = ContentFile((DATA / "findtreatment-sample-2019.json").read_bytes(), name="sample.json")
    job = ImportJob.objects.create(format="samhsa", file=content, filename="sample.json", created_by=dana)
    client = Celery("probe", broker=services.redis_url(), backend=services.redis_url(), set_as_current=False)
    with services.worker_process() as (_, queue):
        checked = client.send_task("facilities.tasks.validate_import", args=[job.pk], queue=queue).get(timeout=60)
        assert checked == "ready" and not Facility.objects.exists()
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
        imported = client.send_task("facilities.tasks.apply_import", args=[job.pk], queue=queue).get(timeout=60)
    job.refresh_from_db()
    assert imported == "done" and job.report["created"] == 30 and job.task_id
    assert Facility.objects.count() == 30
