"""Episodes and follow-ups: scheduled on admission and discharge, recorded, rescheduled, added, cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User
from interventions.models import Case, Stage, StageChange

from ..models import AftercareSettings, Episode, FollowUp

RECORD_FIELDS = (
    "contacted_at", "reached", "engagement", "days_abstinent", "use_since_last_contact", "use_details",
    "risk_flags", "facility_changes", "notes",
)  # fmt: skip


def settings_for(case: Case) -> AftercareSettings:
    """The practice's schedule (unsaved defaults when the practice never changed it)."""
    found = (
        AftercareSettings.objects.filter(organization_id=case.organization_id).select_related("organization").first()
    )
    return found or AftercareSettings(organization=case.organization)


def due_at_for(anchor_at: dt.datetime, offset_days: int, config: AftercareSettings) -> dt.datetime:
    """`offset_days` calendar days after the local date of `anchor_at`, at the practice's reminder hour.

    Counted on the practice's local calendar, not in UTC hours: an admission late in the evening counts from
    that local day, a follow-up across a daylight-saving change still falls at 9:00 local, and a month end
    (January 31 + 30 days) lands on the right calendar day.
    """
    zone = config.zone
    local_day = timezone.localtime(anchor_at, zone).date() + dt.timedelta(days=offset_days)
    return dt.datetime.combine(local_day, dt.time(config.reminder_hour), tzinfo=zone)


def _schedule(
    *, episode: Episode, anchor: str, anchor_at: dt.datetime, offsets: Iterable[int], kinds: Iterable[str], by: User
) -> list[FollowUp]:
    config = settings_for(episode.case)
    created = []
    for kind in kinds:
        for offset in offsets:
            follow_up, was_created = FollowUp.objects.get_or_create(
                episode=episode,
                anchor=anchor,
                kind=kind,
                offset_days=offset,
                defaults={
                    "case": episode.case,
                    "due_at": due_at_for(anchor_at, offset, config),
                    "assigned_to": episode.case.lead,
                    "created_by": by,
                },
            )
            if was_created:
                created.append(follow_up)
    return created


@transaction.atomic
def admission_record(
    *, case: Case, at: dt.datetime, by: User, change: StageChange | None = None
) -> tuple[Episode, list[FollowUp]]:
    """Open a treatment episode admitted at `at` and schedule the practice's post-admission follow-ups.

    Idempotent: the same admission (case and time) again creates nothing (unique constraints hold it).
    `at` is the admission time: today the stage change's; a referral's admission date can be passed later.
    """
    episode, _ = Episode.objects.get_or_create(case=case, admitted_at=at, defaults={"admission_change": change})
    config = settings_for(case)
    created = _schedule(
        episode=episode,
        anchor=FollowUp.Anchor.ADMISSION,
        anchor_at=at,
        offsets=config.admission_offsets,
        kinds=config.admission_kinds,
        by=by,
    )
    return episode, created


def _episode_to_discharge(case: Case, at: dt.datetime, by: User) -> Episode:
    episode = case.episodes.filter(admitted_at__lte=at).order_by("-admitted_at").first()
    if episode is None:
        # Admitted before aftercare was installed: the last move into treatment is the admission.
        admissions = case.stage_changes.filter(to_stage=Stage.IN_TREATMENT).annotate(
            happened=Coalesce("effective_at", "at")
        )
        last = admissions.filter(happened__lte=at).order_by("-happened").first()
        episode, _ = admission_record(case=case, at=last.happened_at if last else at, by=by, change=last)
    return episode


@transaction.atomic
def discharge_record(
    *, case: Case, at: dt.datetime, by: User, discharge_type: str = ""
) -> tuple[Episode, list[FollowUp]]:
    """Close the current episode and schedule the post-discharge follow-ups.

    Facility follow-ups of the episode still scheduled after discharge are cancelled (the person left the
    facility). `discharge_type` empty: how it ended is not known yet (the user records it on the episode).
    Idempotent: a repeated discharge of the same episode schedules nothing more.
    """
    episode = _episode_to_discharge(case, at, by)
    if episode.discharged_at is None:
        episode.discharged_at = at
        episode.discharge_type = discharge_type
        episode.save(update_fields=["discharged_at", "discharge_type"])
        for follow_up in episode.follow_ups.filter(
            kind=FollowUp.Kind.FACILITY, status=FollowUp.Status.SCHEDULED, due_at__gt=at
        ):
            follow_up.status = FollowUp.Status.CANCELLED
            follow_up.notes = "Cancelled: discharged from the facility."
            follow_up.save(update_fields=["status", "notes"])
    config = settings_for(case)
    created = _schedule(
        episode=episode,
        anchor=FollowUp.Anchor.DISCHARGE,
        anchor_at=episode.discharged_at,
        offsets=config.discharge_offsets,
        kinds=config.discharge_kinds,
        by=by,
    )
    return episode, created


@transaction.atomic
def followups_cancel_open(*, case: Case, by: User, reason: str, closing: StageChange | None = None) -> int:
    """Cancel every scheduled follow-up of the case (it was closed), marking them with the `closing` stage change
    so a reopening restores exactly these. Returns how many."""
    cancelled = 0
    for follow_up in case.follow_ups.filter(status=FollowUp.Status.SCHEDULED):
        follow_up.status = FollowUp.Status.CANCELLED
        follow_up.notes = "\n".join(part for part in (follow_up.notes, reason) if part)
        follow_up.cancelled_by_closing = closing
        follow_up.save(update_fields=["status", "notes", "cancelled_by_closing"])
        cancelled += 1
    return cancelled


@transaction.atomic
def followups_restore_after_reopen(
    *, case: Case, closing: StageChange, by: User, now: dt.datetime | None = None
) -> list[FollowUp]:
    """Put back on the schedule the follow-ups that `closing` cancelled and that are still due in the future
    (one that fell due while the case was closed stays cancelled: reschedule it if it still matters)."""
    now = now or timezone.now()
    restored = list(
        case.follow_ups.filter(cancelled_by_closing=closing, status=FollowUp.Status.CANCELLED, due_at__gt=now)
    )
    for follow_up in restored:
        follow_up.status = FollowUp.Status.SCHEDULED
        follow_up.cancelled_by_closing = None
        follow_up.notes = "\n".join(part for part in (follow_up.notes, "Restored: the case was reopened.") if part)
        follow_up.save(update_fields=["status", "cancelled_by_closing", "notes"])
    return restored


@transaction.atomic
def followup_record(*, follow_up: FollowUp, by: User, now: dt.datetime | None = None, **record: Any) -> FollowUp:
    """Record what happened at the contact: reached (done) or not (missed), and the outcome measures.

    Raises ValueError when the follow-up is no longer open.
    """
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status not in (FollowUp.Status.SCHEDULED, FollowUp.Status.MISSED, FollowUp.Status.DONE):
        raise DomainError("This follow-up was rescheduled or cancelled; record the new one.")
    for name in RECORD_FIELDS:
        if name in record:
            setattr(follow_up, name, record[name])
    follow_up.contacted_at = follow_up.contacted_at or now or timezone.now()
    follow_up.status = FollowUp.Status.DONE if follow_up.reached else FollowUp.Status.MISSED
    follow_up.recorded_by = by
    follow_up.save()
    Case.objects.filter(pk=follow_up.case_id).update(last_activity_at=now or timezone.now())
    return follow_up


@transaction.atomic
def followup_reschedule(*, follow_up: FollowUp, due_at: dt.datetime, by: User, reason: str = "") -> FollowUp:
    """Replace an open (or missed) follow-up by a new one due at `due_at`; the old one stays as rescheduled.

    The new row gets reminded afresh. Raises ValueError when the follow-up is done, cancelled or already moved.
    """
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status not in (FollowUp.Status.SCHEDULED, FollowUp.Status.MISSED):
        raise DomainError("Only a scheduled or missed follow-up can be rescheduled.")
    follow_up.status = FollowUp.Status.RESCHEDULED
    follow_up.notes = "\n".join(part for part in (follow_up.notes, reason) if part)
    follow_up.save(update_fields=["status", "notes"])
    return FollowUp.objects.create(
        case=follow_up.case,
        episode=follow_up.episode,
        kind=follow_up.kind,
        anchor=FollowUp.Anchor.ADHOC,
        due_at=due_at,
        assigned_to=follow_up.assigned_to,
        created_by=by,
        rescheduled_from=follow_up,
        purpose=f"Rescheduled {follow_up.label}",
    )


@transaction.atomic
def followup_add(
    *, case: Case, kind: str, due_at: dt.datetime, by: User, assigned_to: User | None = None, purpose: str = ""
) -> FollowUp:
    """Add an ad-hoc follow-up (assigned to the case lead unless said otherwise)."""
    episode = case.episodes.order_by("-admitted_at").first()
    return FollowUp.objects.create(
        case=case,
        episode=episode,
        kind=kind,
        anchor=FollowUp.Anchor.ADHOC,
        due_at=due_at,
        assigned_to=assigned_to or case.lead,
        created_by=by,
        purpose=purpose,
    )


@transaction.atomic
def followup_cancel(*, follow_up: FollowUp, by: User, reason: str = "") -> FollowUp:
    """Cancel an open follow-up. Raises ValueError when it is not open."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status != FollowUp.Status.SCHEDULED:
        raise DomainError("Only a scheduled follow-up can be cancelled.")
    follow_up.status = FollowUp.Status.CANCELLED
    follow_up.notes = "\n".join(part for part in (follow_up.notes, reason) if part)
    follow_up.save(update_fields=["status", "notes"])
    return follow_up


@transaction.atomic
def episode_discharge_type_set(*, episode: Episode, discharge_type: str, by: User) -> Episode:
    """Correct how a discharged episode ended (e.g. a transfer rather than a completion).

    Raises ValueError for an episode still in treatment or an unknown type.
    """
    if episode.discharged_at is None:
        raise DomainError("The person is still in treatment: there is no discharge to describe yet.")
    if discharge_type not in Episode.DischargeType.values:
        raise DomainError("Unknown discharge type.")
    episode.discharge_type = discharge_type
    episode.save(update_fields=["discharge_type"])
    return episode
