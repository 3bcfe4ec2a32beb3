"""Writes on cases: create, edit under an optimistic lock, change stage, add notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import Organization, User

from .. import readiness
from ..exceptions import StaleVersion, TransitionBlocked
from ..extensions import closing_effects
from ..models import ALLOWED_TRANSITIONS, NOTE_REQUIRED, Case, CaseNote, Stage, StageChange, SubstanceUse
from ..queries import closing_of
from ..signals import stage_changed


@transaction.atomic
def case_create(
    *,
    organization: Organization,
    lead: User,
    by: User,
    substances: Iterable[dict[str, Any]] = (),
    co_assigned: Iterable[User] = (),
    **fields: Any,
) -> Case:
    """Open a case at intake with the person's details and substances; records the first timeline step."""
    now = timezone.now()
    case = Case.objects.create(
        organization=organization,
        lead=lead,
        created_by=by,
        created_at=now,
        stage_changed_at=now,
        last_activity_at=now,
        stage=Stage.INTAKE,
        **fields,
    )
    case.co_assigned.set(co_assigned)
    _substances_set(case, substances)
    StageChange.objects.create(case=case, from_stage="", to_stage=Stage.INTAKE, by=by, at=now, note="Case opened")
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User,
    expected_version: int,
    fields: dict[str, Any],
    co_assigned: Iterable[User] | None = None,
    substances: Iterable[dict[str, Any]] | None = None,
) -> Case:
    """Save edits made on a form opened at `expected_version`.

    Raises StaleVersion when somebody saved the case in between: nothing is written then.
    `substances`, when given, replaces the list of substances.
    """
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, last_activity_at=timezone.now()
    )
    if not updated:
        raise StaleVersion()
    case = Case.objects.get(pk=case.pk)
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()  # a plain save so the audit log records the field changes
    if co_assigned is not None:
        case.co_assigned.set(co_assigned)
    if substances is not None:
        _substances_set(case, substances)
    return case


def _substances_set(case: Case, substances: Iterable[dict[str, Any]]) -> None:
    """Make the case's substances the given list, touching only what changed, one row at a time, so the audit log
    shows each row's new values: a substance already listed is updated in place, a new one created, a dropped
    one deleted. Rows are matched by substance (the form allows each once)."""
    existing: dict[str, list[SubstanceUse]] = {}
    for row in case.substances.order_by("pk"):
        existing.setdefault(row.substance, []).append(row)
    for values in substances:
        rows = existing.get(values["substance"])
        if not rows:
            SubstanceUse.objects.create(case=case, **values)
            continue
        row = rows.pop(0)
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            row.save(update_fields=changed)
    for rows in existing.values():
        for row in rows:
            row.delete()


def effective_at_problems(case: Case, effective_at: dt.datetime | None, now: dt.datetime) -> list[str]:
    """Why an entered date of a stage change cannot be right: in the future, or before the entered date of the step
    that began the current stage (a discharge before the admission). A step recorded by click sets no lower bound:
    its click may well come after the facts entered later."""
    if effective_at is None:
        return []
    if effective_at > now:
        return ["The date it happened cannot be in the future."]
    last = case.stage_changes.order_by("-at", "-pk").first()
    if (
        last is not None
        and last.effective_at is not None
        and effective_at < last.effective_at.replace(second=0, microsecond=0)
    ):
        return [
            f"The date it happened cannot be before the case entered {case.get_stage_display()} "
            f"({timezone.localtime(last.effective_at):%Y-%m-%d %H:%M})."
        ]
    return []


def transition_problems(case: Case, to: str, note: str = "", override_reason: str = "") -> list[str]:
    """Why `case` cannot move to `to` now (empty when it can)."""
    if to not in ALLOWED_TRANSITIONS.get(case.stage, ()):
        allowed = (
            ", ".join(Stage(s).label for s in ALLOWED_TRANSITIONS.get(case.stage, ())) or "none (the case is closed)"
        )
        return [f"A case in {Stage(case.stage).label} cannot move to {Stage(to).label}. Next steps allowed: {allowed}."]
    problems = []
    if (case.stage, to) in NOTE_REQUIRED and not note.strip():
        problems.append(f"Say why the case moves to {Stage(to).label}: a note is required.")
    for result, overridable in readiness.checks_for(case, to):
        if result.ok or (overridable and override_reason.strip()):
            continue
        problems.append(f"{result.label}: {result.missing}")
    return problems


@transaction.atomic
def case_change_stage(
    *,
    case: Case,
    to: str,
    by: User,
    note: str = "",
    override_reason: str = "",
    effective_at: dt.datetime | None = None,
) -> StageChange:
    """Move the case to stage `to`, recording who, when and why.

    `effective_at` is when it happened, as entered (an admission, a discharge); receivers anchor on it. It may not be
    in the future nor before the case entered its current stage; left out, the change happened when recorded.

    Raises TransitionBlocked with every reason when the move is not allowed or a readiness check fails
    (overridable checks pass when `override_reason` is given; the reason is kept in the timeline).
    Sends `stage_changed` inside the transaction: a receiver that fails rolls the whole move back.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    problems = transition_problems(case, to, note, override_reason) + effective_at_problems(case, effective_at, now)
    if problems:
        raise TransitionBlocked(problems)
    failed_checks = [result for result, _ in readiness.checks_for(case, to) if not result.ok]
    change = StageChange.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=to,
        by=by,
        at=now,
        effective_at=effective_at,
        note=note.strip(),
        override_reason=override_reason.strip() if failed_checks else "",
    )
    from_stage = case.stage
    case.stage = to
    case.stage_changed_at = effective_at or now  # the stage began when it happened (an admission), not at the click
    case.last_activity_at = now
    case.version += 1
    case.save(update_fields=["stage", "stage_changed_at", "last_activity_at", "version"])
    # Inside the transaction: the rows other apps write for the move (an episode and its follow-ups on admission)
    # commit with it or not at all. Receivers that queue Celery work do it with transaction.on_commit.
    stage_changed.send(sender=Case, case=case, change=change, from_stage=from_stage, to_stage=to, by=by)
    return change


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str) -> StageChange:
    """Reopen a closed case at the stage it was closed from; the reason is kept in the timeline.

    Every `closing_effects` provider restores what the closing stopped where still relevant (aftercare: the
    follow-ups it cancelled that are still due in the future). No `stage_changed` is sent: nothing is admitted or
    discharged again. Who may reopen (the practice owner) is the view's permission `interventions.reopen_case`.
    Raises DomainError when the case is not closed or no reason is given.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage != Stage.CLOSED:
        raise DomainError("Only a closed case can be reopened.")
    if not reason.strip():
        raise DomainError("Say why the case is reopened: a reason is required.")
    closing = closing_of(case)
    back_to = closing.from_stage if closing and closing.from_stage else Stage.INTAKE
    now = timezone.now()
    change = StageChange.objects.create(
        case=case, from_stage=Stage.CLOSED, to_stage=back_to, by=by, at=now, note=f"Reopened: {reason.strip()}"
    )
    case.stage = back_to
    case.stage_changed_at = now
    case.last_activity_at = now
    case.version += 1
    case.save(update_fields=["stage", "stage_changed_at", "last_activity_at", "version"])
    restored = []
    if closing is not None:
        for effect in closing_effects:
            if effect.restore is not None:
                restored += effect.restore(case, closing, change, by)
    if restored:
        change.note = "\n".join([change.note, *restored])
        change.save(update_fields=["note"])
    return change


@transaction.atomic
def case_note_add(*, case: Case, by: User, text: str) -> CaseNote:
    """Add a dated note by `by` to the case; counts as activity."""
    note = CaseNote.objects.create(case=case, author=by, text=text.strip())
    Case.objects.filter(pk=case.pk).update(last_activity_at=note.created_at)
    return note
