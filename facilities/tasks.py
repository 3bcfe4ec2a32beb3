"""Thin Celery tasks of the directory: validate and apply a browser import, reporting progress.

A job never stays "running" because its task failed: past the soft time limit, or on any error, the job is
ended with the reason on its page (nothing is written: an import is one transaction). Past the hard limit the
worker kills the task and calls `on_failure` in its main process, which ends the job the same way.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

from .models import ImportJob
from .services import IMPORT_TIME_LIMIT, Progress, import_job_fail, import_job_run, import_jobs_sweep

logger = logging.getLogger(__name__)

# A file is at most settings.FACILITY_IMPORT_MAX_BYTES (20 MB): 20,000 rows import in seconds (DESIGN.md).
SOFT_TIME_LIMIT = 300
TIME_LIMIT = IMPORT_TIME_LIMIT  # SOFT_TIME_LIMIT + 60
LIMITS: dict[str, Any] = {"soft_time_limit": SOFT_TIME_LIMIT, "time_limit": TIME_LIMIT}


class ImportTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: tuple, kwargs: dict, einfo: object) -> None:
        """A task that failed anyway (the hard time limit killed it): its job ends with the reason."""
        job_id = args[0] if args else kwargs.get("job_id")
        job = ImportJob.objects.filter(pk=job_id).first() if job_id is not None else None
        if job is None:
            return
        if isinstance(exc, TimeLimitExceeded):
            reason = (
                f"The {_what(job)} was stopped at its time limit ({TIME_LIMIT // 60} minutes): nothing was written."
            )
        else:
            reason = f"The {_what(job)} failed because of an error on our side: nothing was written."
        import_job_fail(job=job, reason=reason)


def _what(job: ImportJob) -> str:
    return "import" if job.status == ImportJob.Status.IMPORTING else "check of the file"


def _progress(task: Task, job: ImportJob) -> Progress:
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
    what = _what(job)
    try:
        return import_job_run(job=job, apply=apply, progress=_progress(task, job)).status
    except SoftTimeLimitExceeded:
        reason = f"The {what} took longer than {SOFT_TIME_LIMIT // 60} minutes and was stopped: nothing was written."
        return import_job_fail(job=job, reason=reason).status
    except Exception:
        logger.exception("directory import %s failed", job_id)
        reason = f"The {what} failed because of an error on our side: nothing was written. Tell your administrator."
        return import_job_fail(job=job, reason=reason).status


@shared_task(bind=True, base=ImportTask, **LIMITS)
def validate_import(self: Task, job_id: int) -> str:
    """Check the uploaded file and store the preview (nothing is written to the directory)."""
    return _run(self, job_id, apply=False)


@shared_task(bind=True, base=ImportTask, **LIMITS)
def apply_import(self: Task, job_id: int) -> str:
    """Import a checked file, all or nothing."""
    return _run(self, job_id, apply=True)


@shared_task
def sweep_imports() -> int:
    """Record as failed the imports cut off past their time limit (beat, every minute)."""
    return import_jobs_sweep()


@shared_task
def send_bed_link_email(link_id: int) -> bool:
    """Email a queued bed-confirmation link once (facilities.bed_links.bed_link_email_send)."""
    from .bed_links import bed_link_email_send

    return bed_link_email_send(link_id=link_id)


@shared_task
def sweep_bed_links() -> int:
    """The outbox sweep (beat, every minute): hand over again bed-confirmation emails the broker never got."""
    from .bed_links import bed_links_sweep

    return bed_links_sweep()


@shared_task
def send_weekly_bed_links() -> int:
    """Ask every facility not confirmed by itself for a week, and without a live link, to confirm its beds
    (beat, weekly)."""
    from .bed_links import bed_links_weekly

    return bed_links_weekly()
