"""Thin Celery tasks of the directory: validate and apply a browser import, reporting progress.

A job never stays "running" because its task failed: past the soft time limit, or on any error, the job is
ended with the reason on its page (nothing is written: an import is one transaction).
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import ImportJob
from .services import import_job_fail, import_job_run

logger = logging.getLogger(__name__)

# A file is at most settings.FACILITY_IMPORT_MAX_BYTES (20 MB): 20,000 rows import in seconds (DESIGN.md).
SOFT_TIME_LIMIT = 300
LIMITS = {"soft_time_limit": SOFT_TIME_LIMIT, "time_limit": SOFT_TIME_LIMIT + 60}


def _progress(task: Task, job: ImportJob) -> object:
    if task.request.id and not task.request.is_eager:
        ImportJob.objects.filter(pk=job.pk).update(task_id=task.request.id)

    def report(done: int, total: int) -> None:
        if task.request.id and not task.request.is_eager:
            task.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return report


def _run(task: Task, job_id: int, *, apply: bool) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    what = "import" if apply else "check of the file"
    try:
        return import_job_run(job=job, apply=apply, progress=_progress(task, job)).status
    except SoftTimeLimitExceeded:
        reason = f"The {what} took longer than {SOFT_TIME_LIMIT // 60} minutes and was stopped: nothing was written."
        return import_job_fail(job=job, reason=reason).status
    except Exception:
        logger.exception("directory import %s failed", job_id)
        reason = f"The {what} failed because of an error on our side: nothing was written. Tell your administrator."
        return import_job_fail(job=job, reason=reason).status


@shared_task(bind=True, **LIMITS)
def validate_import(self: Task, job_id: int) -> str:
    """Check the uploaded file and store the preview (nothing is written to the directory)."""
    return _run(self, job_id, apply=False)


@shared_task(bind=True, **LIMITS)
def apply_import(self: Task, job_id: int) -> str:
    """Import a checked file, all or nothing."""
    return _run(self, job_id, apply=True)
