"""Writes on case summaries: request one, try a failed one again, and build it (called by the Celery task)."""

from __future__ import annotations

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User

from ..models import Case, CaseSummary
from ..models.summary import BUILD_MAX_ATTEMPTS, BUILD_STUCK_AFTER

logger = logging.getLogger(__name__)
ERROR_MAX_LENGTH = 2000


# A build handed over this long ago and still pending was lost on the way (a broker restarted without its data):
# the sweep hands it over again. Redelivery is harmless: the build claims a pending summary once.
REQUEUE_AFTER = dt.timedelta(minutes=5)


def _hand_over(summary_id: int) -> bool:
    """Publish the build (short broker timeouts, never raises) and record that it was handed over."""
    from config.celery import hand_over

    from ..tasks import build_case_summary  # the task module imports this one

    if not hand_over(build_case_summary, summary_id):
        return False
    CaseSummary.objects.filter(pk=summary_id).update(queued_at=timezone.now())
    return True


def _queue_build(summary: CaseSummary) -> None:
    """The summary row (pending, queued_at empty) is the outbox entry; hand it over once it is committed."""
    pk = summary.pk
    summary.queued_at = None
    transaction.on_commit(lambda: _hand_over(pk))


@transaction.atomic
def summary_request(
    *,
    case: Case,
    version: str,
    by: User,
    recipient: User | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> CaseSummary:
    """Create a pending summary and queue its build once the transaction commits.

    The family version is made for one `recipient` (a family member): its sections follow their consent
    when it is built. Raises DomainError for a family version without a recipient or a reversed period.
    """
    if version == CaseSummary.Version.FAMILY and recipient is None:
        raise DomainError("Choose the family member the family version is for.")
    if version == CaseSummary.Version.CLINICAL:
        recipient = None
    if period_start and period_end and period_start > period_end:
        raise DomainError("The period ends before it starts.")
    summary = CaseSummary.objects.create(
        case=case,
        version=version,
        recipient=recipient,
        period_start=period_start,
        period_end=period_end,
        requested_by=by,
        status=CaseSummary.Status.PENDING,
    )
    _queue_build(summary)
    return summary


@transaction.atomic
def summary_retry(*, summary: CaseSummary, by: User) -> CaseSummary:
    """Put a failed (or cut-off) build back to pending and queue it again. Raises DomainError otherwise."""
    summary = CaseSummary.objects.select_for_update().get(pk=summary.pk)
    if not summary.can_retry:
        raise DomainError("Only a summary whose build failed can be built again.")
    summary.status = CaseSummary.Status.PENDING
    summary.error = ""
    summary.queued_at = None
    summary.save(update_fields=["status", "error", "queued_at"])
    _queue_build(summary)
    return summary


def _claim(summary_id: int) -> CaseSummary | None:
    """Mark the summary building if it waits to be built (or its last build was cut off); else None."""
    with transaction.atomic():
        summary = CaseSummary.objects.select_for_update().filter(pk=summary_id).first()
        if summary is None or not (summary.status == CaseSummary.Status.PENDING or summary.is_stuck):
            return None
        summary.status = CaseSummary.Status.BUILDING
        summary.started_at = timezone.now()
        summary.attempts += 1
        summary.error = ""
        summary.save(update_fields=["status", "started_at", "attempts", "error"])
    return summary


def _error_text(error: BaseException) -> str:
    if isinstance(error, SoftTimeLimitExceeded):
        return "The build took too long and was stopped. Try again; if it fails again, shorten the period."
    text = f"{error.__class__.__name__}: {error}".strip()
    return text[:ERROR_MAX_LENGTH]


def _finish(summary: CaseSummary, **fields: object) -> CaseSummary | None:
    """Save the outcome unless somebody else took the build over meanwhile (a reclaimed, cut-off build)."""
    with transaction.atomic():
        current = CaseSummary.objects.select_for_update().get(pk=summary.pk)
        if current.status != CaseSummary.Status.BUILDING or current.attempts != summary.attempts:
            return None
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=list(fields))
    return current


def summary_build(*, summary_id: int) -> CaseSummary | None:
    """Build the PDF of a pending summary: building -> ready (file, page count, built at) or failed (error).

    Idempotent: returns None without doing anything unless the summary is pending (or its build was cut off).
    Never raises for a rendering failure: the error is recorded on the row for the user to see.
    """
    from ..summary.render import build_pdf

    summary = _claim(summary_id)
    if summary is None:
        return None
    try:
        built = build_pdf(summary)
    except Exception as error:
        logger.exception("case summary %s failed to build", summary.pk)
        return _finish(summary, status=CaseSummary.Status.FAILED, error=_error_text(error))
    old_file = summary.file.name
    summary.file.save(summary.case.reference + ".pdf", ContentFile(built.pdf), save=False)
    finished = _finish(
        summary,
        status=CaseSummary.Status.READY,
        file=summary.file.name,
        page_count=built.page_count,
        built_at=timezone.now(),
        sections=built.sections,
        categories=built.categories,
    )
    stale = summary.file.name if finished is None else old_file
    if stale:
        summary.file.storage.delete(stale)
    return finished


def summaries_sweep(*, now: dt.datetime | None = None) -> int:
    """The outbox sweep of summaries (beat, every minute). Hands over again every build the broker never got
    (pending, never handed over, or handed over more than REQUEUE_AFTER ago) and every build a killed worker
    left (building past BUILD_STUCK_AFTER), which the build claims again; a build cut off BUILD_MAX_ATTEMPTS
    times is recorded failed with its reason instead. Returns how many builds were handed over."""
    now = now or timezone.now()
    stuck = Q(status=CaseSummary.Status.BUILDING, started_at__lt=now - BUILD_STUCK_AFTER)
    with transaction.atomic():
        given_up = CaseSummary.objects.select_for_update(skip_locked=True).filter(
            stuck, attempts__gte=BUILD_MAX_ATTEMPTS
        )
        for summary in given_up:
            summary.status = CaseSummary.Status.FAILED
            summary.error = (
                f"The build was cut off {summary.attempts} times (the worker stopped before it finished). "
                "Try again with a shorter period."
            )
            summary.save(update_fields=["status", "error"])
    not_handed_over = Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    due = CaseSummary.objects.filter(
        Q(status=CaseSummary.Status.PENDING) & not_handed_over
        | stuck & (not_handed_over | Q(queued_at__lt=F("started_at")))
    )
    return sum(_hand_over(pk) for pk in due.values_list("pk", flat=True))
