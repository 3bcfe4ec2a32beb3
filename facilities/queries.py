"""Reads shared by the directory's views, prefetching what the pages show."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Organization, User

from .models import (
    BedAvailability,
    BedConfirmation,
    BedConfirmationLink,
    BedUpdate,
    Facility,
    ImportJob,
    PracticeRelationship,
)

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


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


def with_bed_asks(queryset: QuerySet[Facility]) -> QuerySet[Facility]:
    """Annotate each facility with its bed-confirmation history, in SQL (list pages stay at a constant query
    count): `beds_confirmed_at` (its last own confirmation, or None), `unanswered_asks` (links emailed since then,
    or ever) and `asked_since` (the first of those)."""
    last = BedConfirmation.objects.filter(facility=OuterRef("pk")).order_by("-at").values("at")[:1]
    queryset = queryset.annotate(beds_confirmed_at=Subquery(last))
    asked = BedConfirmationLink.objects.filter(
        facility=OuterRef("pk"),
        email_sent_at__isnull=False,
        email_sent_at__gt=Coalesce(OuterRef("beds_confirmed_at"), Value(EPOCH)),
    )
    count = asked.order_by().values("facility").annotate(n=Count("pk")).values("n")
    first = asked.order_by("email_sent_at").values("email_sent_at")[:1]
    return queryset.annotate(unanswered_asks=Coalesce(Subquery(count), 0), asked_since=Subquery(first))


def bed_confirmation_panel(facility: Facility) -> dict[str, object]:
    """What the facility page shows a directory admin of the facility's own confirmations: the asks without an
    answer, the live link, the last confirmations with what they changed."""
    annotated = with_bed_asks(Facility.objects.filter(pk=facility.pk)).get()
    return {
        "facility": annotated,
        "live_link": BedConfirmationLink.objects.live().filter(facility=facility).first(),
        "confirmations": list(facility.bed_confirmations.all()[:5]),
    }
