"""Thin Celery tasks of the directory: validate and apply a browser import, reporting progress."""

from __future__ import annotations

from celery import Task, shared_task

from .models import ImportJob
from .services import IMPORT_TIME_LIMIT, import_job_run, import_jobs_sweep

# A 20,000-row file is one transaction; give it more than the global limits.
LIMITS = {"soft_time_limit": 1800, "time_limit": IMPORT_TIME_LIMIT}


def _progress(task: Task, job: ImportJob) -> object:
    if task.request.id and not task.request.is_eager:
        ImportJob.objects.filter(pk=job.pk).update(task_id=task.request.id)

    def report(done: int, total: int) -> None:
        if task.request.id and not task.request.is_eager:
            task.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return report


@shared_task(bind=True, **LIMITS)
def validate_import(self: Task, job_id: int) -> str:
    """Check the uploaded file and store the preview (nothing is written to the directory)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_run(job=job, apply=False, progress=_progress(self, job)).status


@shared_task(bind=True, **LIMITS)
def apply_import(self: Task, job_id: int) -> str:
    """Import a checked file, all or nothing."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return import_job_run(job=job, apply=True, progress=_progress(self, job)).status


@shared_task
def sweep_imports() -> int:
    """Record as failed the imports cut off past their time limit (beat, every minute)."""
    return import_jobs_sweep()
