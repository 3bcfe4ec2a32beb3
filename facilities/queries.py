"""Reads shared by the directory's views, prefetching what the pages show."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import Organization, User

from .models import BedAvailability, BedUpdate, Facility, ImportJob, PracticeRelationship


def directory_for(user: User) -> QuerySet[Facility]:
    """The facilities the user may read, with codes, beds and verifier for the list page."""
    return (
        Facility.objects.visible_to(user)
        .select_related("last_verified_by")
        .prefetch_related("services", Prefetch("beds", queryset=BedAvailability.objects.select_related("updated_by")))
    )


def facility_for_page(user: User, pk: int) -> QuerySet[Facility]:
    return directory_for(user).filter(pk=pk)


def bed_history(facility: Facility, limit: int = 10) -> list[BedUpdate]:
    """The latest bed figures and confirmations, newest first."""
    return list(facility.bed_updates.select_related("by")[:limit])


def relationship_of(organization: Organization | None, facility: Facility) -> PracticeRelationship | None:
    """The practice's recorded relationship with the facility, if any."""
    if organization is None:
        return None
    return PracticeRelationship.objects.filter(organization=organization, facility=facility).first()


def relationships_for(organization: Organization | None, facilities: list[Facility]) -> dict[int, PracticeRelationship]:
    """facility id -> the practice's relationship, for a list of facilities (one query)."""
    if organization is None:
        return {}
    rows = PracticeRelationship.objects.filter(organization=organization, facility__in=facilities)
    return {row.facility_id: row for row in rows}


def imports_for(user: User) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user).select_related("created_by")[:20]


def export_queryset() -> QuerySet[Facility]:
    """Every facility (archived included) for the native CSV export, in a stable order."""
    return Facility.objects.order_by("external_id").prefetch_related("services")


def import_progress(job: ImportJob) -> dict[str, int] | None:
    """{"done", "total", "percent"} of a running import task, from Celery's result backend."""
    if not job.is_running or not job.task_id:
        return None
    from celery.result import AsyncResult

    try:
        info = AsyncResult(job.task_id).info
    except Exception:  # noqa: BLE001  (a missing result backend only hides the bar)
        return None
    if not isinstance(info, dict) or not info.get("total"):
        return None
    return {"done": info["done"], "total": info["total"], "percent": int(100 * info["done"] / info["total"])}
