"""Directory imports are bounded: file size, JSON nesting, task time; a failed import says why (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from facilities import tasks
from facilities.models import Facility, ImportJob
from facilities.services import facilities_import

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "findtreatment-sample-2019.json"
NESTED = b'{"rows": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"


def upload(client, name: str, content: bytes, format: str = "samhsa"):  # noqa: A002
    return client.post(reverse("facilities:import-list"), {"format": format, "file": SimpleUploadedFile(name, content)})


def test_the_default_limit_is_20_mb_and_the_form_says_so(client, dana, settings):
    assert settings.FACILITY_IMPORT_MAX_BYTES == 20 * 1024 * 1024
    client.force_login(dana)
    assert "Up to 20.0\xa0MB" in client.get(reverse("facilities:import-list")).content.decode()


def test_a_file_over_the_limit_is_refused_with_a_field_error(client, dana, settings):
    settings.FACILITY_IMPORT_MAX_BYTES = 50_000
    client.force_login(dana)
    response = upload(client, "big.json", SAMPLE.read_bytes())  # 98 KB
    assert response.status_code == 200
    assert "an import takes files up to 48.8\xa0KB" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_stored_file_over_the_limit_is_rejected_unread(dana, settings, celery_eager):
    job = ImportJob.objects.create(
        format="samhsa", file=ContentFile(SAMPLE.read_bytes(), name="big.json"), filename="big.json", created_by=dana
    )
    settings.FACILITY_IMPORT_MAX_BYTES = 50_000
    assert tasks.validate_import.delay(job.pk).get() == "invalid"
    job.refresh_from_db()
    assert "an import takes files up to" in job.report["errors"][0]["reason"]


def test_deeply_nested_json_is_rejected_not_left_checking(
    client, dana, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(dana)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "nested.json", NESTED)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(job.get_absolute_url()).content.decode()
    assert "nested more than 16 levels deep" in page and "Checking the file" not in page


def test_json_nested_as_a_locator_export_is_accepted():
    assert facilities_import(data=SAMPLE.read_bytes(), format="samhsa", dry_run=True).created == 30
    brackets_in_strings = b'{"rows": [{"frid": "x", "name1": "' + b"[{" * 50 + b'"}]}'
    assert facilities_import(data=brackets_in_strings, format="samhsa", dry_run=True).ok


def test_a_csv_cell_over_the_csv_limit_rejects_the_file():
    header = (DATA / "native-good.csv").read_text().splitlines()[0]
    report = facilities_import(data=f'{header}\n"{"x" * 200_000}"\n'.encode(), format="native")
    assert report.errors == [
        {"position": "file", "reason": "The CSV file cannot be read at line 2: field larger than field limit (131072)."}
    ]


@pytest.mark.parametrize("status", [ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING])
def test_an_import_past_its_time_limit_ends_and_says_why(client, dana, celery_eager, monkeypatch, status):
    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "import_job_run", too_slow)
    job = ImportJob.objects.create(
        format="samhsa", file=ContentFile(b"{}", name="a.json"), filename="a.json", created_by=dana, status=status
    )
    task = tasks.apply_import if status == ImportJob.Status.IMPORTING else tasks.validate_import
    task.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ("failed" if status == ImportJob.Status.IMPORTING else "invalid")
    client.force_login(dana)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "took longer than 5 minutes and was stopped: nothing was written" in page
    assert 'hx-trigger="every 1s"' not in page  # no longer polling


def test_an_unexpected_error_ends_the_import_with_a_reason(client, dana, celery_eager, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "import_job_run", broken)
    job = ImportJob.objects.create(
        format="samhsa", file=ContentFile(b"{}", name="a.json"), filename="a.json", created_by=dana
    )
    tasks.validate_import.delay(job.pk)
    job.refresh_from_db()
    assert job.status == "invalid"
    assert "failed because of an error on our side" in job.report["errors"][0]["reason"]
    assert not Facility.objects.exists()


def test_import_tasks_have_time_limits():
    for task in (tasks.validate_import, tasks.apply_import):
        assert task.soft_time_limit == 300 and task.time_limit == 360


def test_an_import_killed_at_its_hard_time_limit_ends_and_says_why(dana):
    job = ImportJob.objects.create(
        format="samhsa", file=ContentFile(b"{}", name="a.json"), filename="a.json", created_by=dana, status="importing"
    )
    # What the worker's main process calls once it has killed the task (celery.worker.request.Request.on_timeout).
    tasks.apply_import.on_failure(TimeLimitExceeded(360), "task-id", (job.pk,), {}, None)
    job.refresh_from_db()
    assert job.status == "failed" and not job.is_running
    assert (
        job.report["errors"][0]["reason"]
        == "The import was stopped at its time limit (6 minutes): nothing was written."
    )
