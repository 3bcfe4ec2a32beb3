"""Every write of the directory: facilities and their codes, beds, relationships, imports."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import Organization, User

from . import codes as facility_codes
from . import import_sql
from .distance import coordinates_for_zip
from .formats import FacilityRecord, FileRejected, ParseResult, Problem, parse
from .models import BedAvailability, BedUpdate, Facility, FacilityService, ImportJob, PracticeRelationship

Progress = Callable[[int, int], None]


def _replace_services(facility: Facility, services: Iterable[tuple[str, str, str]], categories: Iterable[str]) -> None:
    # Only coded values: raw labels (unknown to us) stay until an import says otherwise.
    facility.services.filter(category__in=list(categories)).exclude(code="").delete()
    FacilityService.objects.bulk_create(
        FacilityService(facility=facility, category=category, code=code, label=label)
        for category, code, label in services
    )
    facility_codes.refresh([facility.pk])
    facility.refresh_from_db(fields=["codes"])


def _fill_coordinates(facility: Facility) -> None:
    if facility.latitude is None and facility.longitude is None and facility.postal_code:
        found = coordinates_for_zip(facility.postal_code)
        if found:
            facility.latitude, facility.longitude = (Decimal(str(x)).quantize(Decimal("0.0000001")) for x in found)


@transaction.atomic
def facility_save(*, facility: Facility, codes: dict[str, list[str]], by: User, verified: bool = False) -> Facility:
    """Create or update a facility from the edit form with its codes per category (mapped categories only).

    Fills latitude/longitude from the ZIP code when both are empty. `verified` stamps last verified now, by `by`.
    Raw labels of unmapped categories are left as they are.
    """
    if not facility.external_id:
        facility.external_id = f"cw-{uuid.uuid4().hex}"
    _fill_coordinates(facility)
    if verified:
        facility.last_verified_at = timezone.now()
        facility.last_verified_by = by
    facility.save()
    services = {(category, code, "") for category, values in codes.items() for code in values}
    _replace_services(facility, services, codes.keys())
    return facility


@transaction.atomic
def facility_verify(*, facility: Facility, by: User) -> Facility:
    """Record that `by` checked the facility's entry today."""
    facility.last_verified_at = timezone.now()
    facility.last_verified_by = by
    facility.save(update_fields=["last_verified_at", "last_verified_by", "updated_at"])
    return facility


@transaction.atomic
def facility_set_archived(*, facility: Facility, archived: bool, by: User) -> Facility:
    """Archive (closed facilities never appear in matches) or restore a facility."""
    facility.is_archived = archived
    facility.archived_at = timezone.now() if archived else None
    facility.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return facility


@transaction.atomic
def beds_update(
    *, facility: Facility, setting: str, available: int, method: str, by: User, source: str = ""
) -> BedAvailability:
    """Set the open beds of one setting now, saying how (`method`) and from whom (`source`), and log the update.

    A directory admin or an interventionist who heard the count on a call records it; the audit log has the
    change and BedUpdate keeps the history with who and the source.
    """
    now = timezone.now()
    beds, _ = BedAvailability.objects.update_or_create(
        facility=facility,
        setting=setting,
        defaults={"available": available, "method": method, "updated_at": now, "updated_by": by, "source": source},
    )
    BedUpdate.objects.create(
        facility=facility, setting=setting, available=available, method=method, source=source, at=now, by=by
    )
    return beds


@transaction.atomic
def beds_confirm_by_phone(*, beds: BedAvailability, by: User) -> BedAvailability:
    """One click: the admissions contact confirmed the same count by phone. Logs who confirmed what, when."""
    beds = BedAvailability.objects.select_for_update().get(pk=beds.pk)
    now = timezone.now()
    beds.updated_at, beds.updated_by, beds.method = now, by, BedAvailability.Method.PHONE
    beds.save(update_fields=["updated_at", "updated_by", "method"])
    BedUpdate.objects.create(
        facility_id=beds.facility_id,
        setting=beds.setting,
        available=beds.available,
        method=BedAvailability.Method.PHONE,
        confirmed_only=True,
        at=now,
        by=by,
    )
    return beds


@transaction.atomic
def relationship_record(
    *, organization: Organization, facility: Facility, kind: str, details: str, by: User
) -> PracticeRelationship:
    """Record (or change) the practice's relationship with a facility; shown with matches and referrals."""
    relationship, _ = PracticeRelationship.objects.update_or_create(
        organization=organization, facility=facility, defaults={"kind": kind, "details": details, "recorded_by": by}
    )
    return relationship


# ---------------------------------------------------------------- import


@dataclass
class ImportReport:
    """What an import found and (unless it was a dry run or rejected) did."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    preview: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__}


def _service_set(facility: Facility, categories: frozenset[str]) -> set[tuple[str, str, str]]:
    everything = "*" in categories
    return {(s.category, s.code, s.label) for s in facility.services.all() if everything or s.category in categories}


def _differs(facility: Facility, record: FacilityRecord) -> bool:
    if any(getattr(facility, name) != value for name, value in record.fields.items()):
        return True
    return _service_set(facility, record.categories) != record.services


def _owned(record: FacilityRecord, facility: Facility) -> list[str]:
    if "*" in record.categories:
        return sorted({s.category for s in facility.services.all()} | {c for c, _, _ in record.services})
    return sorted(record.categories)


def _apply_chunk(records: list[FacilityRecord], report: ImportReport) -> None:
    existing = {
        f.external_id: f
        for f in Facility.objects.filter(external_id__in=[r.external_id for r in records]).prefetch_related("services")
    }
    new, changed = [], []
    for record in records:
        facility = existing.get(record.external_id)
        if facility is None:
            new.append((Facility(external_id=record.external_id, **record.fields), record))
        elif _differs(facility, record):
            changed.append((facility, record))
    Facility.objects.bulk_create([facility for facility, _ in new])
    for facility, record in changed:
        stale = _owned(record, facility)
        for name, value in record.fields.items():
            setattr(facility, name, value)
        FacilityService.objects.filter(facility=facility, category__in=stale).delete()
    if changed:
        names = sorted({name for _, record in changed for name in record.fields} | {"updated_at"})
        now = timezone.now()
        for facility, _ in changed:
            facility.updated_at = now
        Facility.objects.bulk_update([facility for facility, _ in changed], names, batch_size=500)
    FacilityService.objects.bulk_create(
        (
            FacilityService(facility=facility, category=category, code=code, label=label)
            for facility, record in (*new, *changed)
            for category, code, label in record.services
        ),
        batch_size=2000,
    )
    facility_codes.refresh(facility.pk for facility, _ in (*new, *changed))
    report.created += len(new)
    report.updated += len(changed)
    report.unchanged += len(records) - len(new) - len(changed)


def _count_changes(records: list[FacilityRecord], report: ImportReport) -> None:
    existing = {
        f.external_id: f
        for f in Facility.objects.filter(external_id__in=[r.external_id for r in records]).prefetch_related("services")
    }
    for record in records:
        facility = existing.get(record.external_id)
        if facility is None:
            report.created += 1
        elif _differs(facility, record):
            report.updated += 1
        else:
            report.unchanged += 1


CHUNK = 500


def _parse(data: bytes, format: str) -> tuple[ParseResult, ImportReport]:  # noqa: A002
    report = ImportReport()
    try:
        parsed = parse(data, format)
    except FileRejected as error:
        report.errors = [Problem("file", str(error)).as_dict()]
        return ParseResult(), report
    report.errors = [problem.as_dict() for problem in parsed.errors]
    report.warnings = parsed.warning_list()
    report.total = len(parsed.records) + len({p.position for p in parsed.errors})
    report.preview = [
        {"external_id": r.external_id, "name": r.fields["name"], "city": r.fields.get("city", "")}
        for r in parsed.records[:10]
    ]
    return parsed, report


def facilities_import(
    *,
    data: bytes,
    format: str,
    dry_run: bool = False,
    progress: Progress | None = None,  # noqa: A002
) -> ImportReport:
    """Validate a whole directory file, then (unless `dry_run` or any error) upsert it by external id.

    All or nothing: any structural error means nothing is written and `report.errors` lists every bad row.
    Unknown labels are kept as raw text and listed in `report.warnings`. Facilities whose fields and codes
    are already as the file says are left untouched (`unchanged`). Calls `progress(done, total)` per chunk.
    """
    parsed, report = _parse(data, format)
    if report.errors:
        return report
    records = parsed.records
    total = len(records)
    with transaction.atomic():
        if import_sql.supports(records):  # PostgreSQL: COPY, then set-based SQL
            import_sql.import_records(records, report, dry_run=dry_run, progress=progress)
        else:  # SQLite (and any database without COPY): the ORM's bulk writes, chunk by chunk
            step = _count_changes if dry_run else _apply_chunk
            for start in range(0, total, CHUNK):
                step(records[start : start + CHUNK], report)
                if progress:
                    progress(min(start + CHUNK, total), total)
    report.written = not dry_run
    return report


def _hand_over(job_id: int, status: str) -> bool:
    """Publish the job's current step (short broker timeouts, never raises) and record that it was handed over.
    The job row is the outbox entry: while the broker is down it stays queued and `import_jobs_sweep` retries."""
    from config.celery import hand_over

    from .tasks import apply_import, validate_import

    task = apply_import if status == ImportJob.Status.IMPORTING else validate_import
    if not hand_over(task, job_id):
        return False
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(queued_at=now, step_started_at=now)
    return True


def _queue_step(job: ImportJob) -> None:
    job_id, status = job.pk, job.status
    transaction.on_commit(lambda: _hand_over(job_id, status))


def import_job_create(*, upload: Any, format: str, by: User) -> ImportJob:  # noqa: A002
    """Store an uploaded file and queue its validation (the preview) after commit."""
    job = ImportJob.objects.create(
        format=format, file=upload, filename=upload.name[:255], created_by=by, step_started_at=timezone.now()
    )
    _queue_step(job)
    return job


def import_job_confirm(*, job: ImportJob, by: User) -> ImportJob:
    """Queue the import of a validated file. Raises DomainError unless the job is ready."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.READY:
            raise DomainError("Only a checked file can be imported.")
        job.status = ImportJob.Status.IMPORTING
        job.step_started_at = timezone.now()
        job.queued_at = None
        job.save(update_fields=["status", "step_started_at", "queued_at"])
        _queue_step(job)
    return job


def too_large(size: int) -> str | None:
    """Why a file of `size` bytes cannot be imported from the browser (settings.FACILITY_IMPORT_MAX_BYTES), or None."""
    limit = settings.FACILITY_IMPORT_MAX_BYTES
    if size <= limit:
        return None
    return (
        f"The file is {filesizeformat(size)}; an import takes files up to {filesizeformat(limit)}. "
        "Split it (by state, for a SAMHSA export) and import each part."
    )


def _rejected(reason: str) -> ImportReport:
    return ImportReport(errors=[Problem("file", reason).as_dict()])


def import_job_run(*, job: ImportJob, apply: bool, progress: Progress | None = None) -> ImportJob:
    """Validate (preview) or apply the job's file and store the report. Idempotent: a finished step is skipped."""
    expected = ImportJob.Status.IMPORTING if apply else ImportJob.Status.VALIDATING
    if job.status != expected:
        return job
    ImportJob.objects.filter(pk=job.pk).update(step_started_at=timezone.now())  # committed: the sweep's clock
    reason = too_large(job.file.size)
    if reason:
        report = _rejected(reason)
    else:
        with job.file.open("rb") as handle:
            data = handle.read()
        report = facilities_import(data=data, format=job.format, dry_run=not apply, progress=progress)
    if apply:
        job.status = ImportJob.Status.DONE if report.ok else ImportJob.Status.FAILED
        job.finished_at = timezone.now()
    else:
        job.status = ImportJob.Status.READY if report.ok else ImportJob.Status.INVALID
    job.report = report.as_dict()
    job.save(update_fields=["status", "report", "finished_at"])
    return job


def import_job_fail(*, job: ImportJob, reason: str) -> ImportJob:
    """End a running job that could not finish, with `reason` on its page. Nothing was written (one transaction)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_running:
            return job
        if job.status == ImportJob.Status.IMPORTING:
            job.status = ImportJob.Status.FAILED
            job.finished_at = timezone.now()
        else:
            job.status = ImportJob.Status.INVALID
        job.report = _rejected(reason).as_dict()
        job.save(update_fields=["status", "report", "finished_at"])
    return job


# The hard time limit of the import tasks (facilities.tasks). A step still running this long after it was queued
# or started was cut off (a killed worker, the limit): the sweep records it failed, with its reason.
IMPORT_TIME_LIMIT = 360  # facilities.tasks: 5 minutes soft, 6 hard
IMPORT_STEP_STUCK_AFTER = dt.timedelta(seconds=IMPORT_TIME_LIMIT + 300)


def import_jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Hand over the steps the broker could not take when they were queued (it was down), then record as failed
    every import whose step, once handed over, has run past its time limit (beat, every minute). Nothing was
    written by such a step: an import is one transaction. Returns how many were failed."""
    now = now or timezone.now()
    cutoff = now - IMPORT_STEP_STUCK_AFTER
    running = [ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING]
    waiting = ImportJob.objects.filter(status__in=running, queued_at__isnull=True).order_by("pk")
    for job_id, status in waiting.values_list("pk", "status"):
        if not _hand_over(job_id, status):
            break  # still down: the next sweep tries again
    failed = 0
    with transaction.atomic():
        stuck = ImportJob.objects.select_for_update(skip_locked=True).filter(
            status__in=running, queued_at__isnull=False
        )
        for job in stuck.filter(Q(step_started_at__lt=cutoff) | Q(step_started_at__isnull=True, created_at__lt=cutoff)):
            step = "checking the file" if job.status == ImportJob.Status.VALIDATING else "the import"
            reason = (
                f"{step.capitalize()} did not finish within {IMPORT_STEP_STUCK_AFTER.seconds // 60} minutes "
                "(the worker was stopped, or no worker took it up). Nothing was written: upload the file again."
            )
            totals = {"total": 0, "created": 0, "updated": 0, "unchanged": 0}
            job.report = {
                **totals,
                **job.report,
                "written": False,
                "errors": [{"position": "The file", "reason": reason}],
            }
            job.status, job.finished_at = ImportJob.Status.FAILED, now
            job.save(update_fields=["status", "report", "finished_at"])
            failed += 1
    return failed
