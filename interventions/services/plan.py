"""Writes on the intervention: plan versions, participants, sessions, the event and the transition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User

from ..extensions import candidates_for
from ..models import (
    Case,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Stage,
    TransitionChecklist,
)
from .case import case_change_stage

PLAN_COPY_FIELDS = [
    "model", "duration_minutes", "location", "time_zone", "location_notes", "invitation_wording", "arise_level",
    "violence_risk_checked_on", "violence_risk_notes", "contingency_plan", "travel_plan", "escort", "packing_list",
]  # fmt: skip
OPEN_FOR_PLANNING = {Stage.ASSESSMENT, Stage.PLANNING, Stage.SCHEDULED, Stage.POSTPONED, Stage.DECLINED}


@transaction.atomic
def plan_save(
    *, case: Case, by: User, fields: dict[str, Any], plan: InterventionPlan | None = None
) -> InterventionPlan:
    """Create the case's first plan, or update the current one. Raises DomainError once the case is past the event."""
    if case.stage not in OPEN_FOR_PLANNING and plan is None:
        raise DomainError("A plan can be written while the case is being assessed or planned.")
    if plan is None:
        plan = InterventionPlan(case=case, created_by=by, version=1)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return plan


@transaction.atomic
def plan_new_version(*, case: Case, by: User) -> InterventionPlan:
    """Start a new plan from the current one (after a refusal or postponement); the old one is kept."""
    old = InterventionPlan.objects.select_for_update().filter(case=case, is_current=True).first()
    if old is None:
        raise DomainError("There is no plan yet: write the first one.")
    old.is_current = False
    old.save(update_fields=["is_current"])
    plan = InterventionPlan.objects.create(
        case=case, created_by=by, version=old.version + 1, **{name: getattr(old, name) for name in PLAN_COPY_FIELDS}
    )
    Participant.objects.bulk_create(
        Participant(
            plan=plan,
            source_key=p.source_key,
            name=p.name,
            relationship=p.relationship,
            email=p.email,
            user_id=p.user_id,
            role=p.role,
            speaking_order=p.speaking_order,
            boundary=p.boundary,
        )
        for p in old.participants.all()
    )
    return plan


@transaction.atomic
def participant_add(*, plan: InterventionPlan, source_key: str, role: str = "", by: User) -> Participant:
    """Add one of the case's people (a registered candidate) to the plan.

    Without a `role` the participant takes the one their record suggests (a family member's role). Raises DomainError
    for an unknown key, or when there is neither a role nor a suggested one.
    """
    candidate = next((c for c in candidates_for(plan.case) if c.key == source_key), None)
    if candidate is None:
        raise DomainError("That person is not among this case's family and friends.")
    role = role or candidate.suggested_role
    if role not in Participant.Role.values:
        raise DomainError(f"Choose a role for {candidate.name}.")
    if plan.participants.filter(source_key=source_key).exists():
        raise DomainError(f"{candidate.name} is already a participant.")
    next_order = plan.participants.filter(role=Participant.Role.SPEAKER).count() + 1
    return Participant.objects.create(
        plan=plan,
        source_key=candidate.key,
        name=candidate.name,
        relationship=candidate.relationship,
        email=candidate.email,
        user_id=candidate.user_id,
        role=role,
        speaking_order=next_order if role == Participant.Role.SPEAKER else None,
    )


@transaction.atomic
def session_add(*, plan: InterventionPlan, by: User, **fields: Any) -> PlanSession:
    """Schedule a rehearsal or family session; invitations go out when the user sends them."""
    return PlanSession.objects.create(plan=plan, **fields)


@transaction.atomic
def event_record(
    *,
    plan: InterventionPlan,
    by: User,
    outcome: str,
    held_at: dt.datetime,
    attendees: Iterable[Participant] = (),
    how_it_went: str = "",
    later_date: dt.date | None = None,
) -> InterventionEvent:
    """Record the day and let its outcome drive the stage machine.

    Held (accepted now or later, refused): scheduled -> held; refused then -> declined -> planning, each step
    recorded with the note. Postponed: scheduled -> postponed. Accepted: the transition checklist opens.
    Raises TransitionBlocked / DomainError when the case is not scheduled, the event is already recorded or
    `held_at` is in the future.
    """
    case = plan.case
    if hasattr(plan, "event"):
        raise DomainError("The outcome of this intervention is already recorded.")
    if held_at > timezone.now():
        raise DomainError("The intervention cannot be recorded as held in the future: enter when it took place.")
    if outcome == InterventionEvent.Outcome.ACCEPTED_LATER and later_date is None:
        raise DomainError("Give the date the person agreed to enter treatment.")
    event = InterventionEvent.objects.create(
        plan=plan, held_at=held_at, outcome=outcome, how_it_went=how_it_went, later_date=later_date, recorded_by=by
    )
    event.attendees.set(attendees)
    label = InterventionEvent.Outcome(outcome).label
    note = f"{label}. {how_it_went}".strip()
    if outcome == InterventionEvent.Outcome.POSTPONED:
        case_change_stage(case=case, to=Stage.POSTPONED, by=by, note=note, effective_at=held_at)
        return event
    case_change_stage(case=case, to=Stage.HELD, by=by, note=note, effective_at=held_at)
    if outcome == InterventionEvent.Outcome.REFUSED:
        case.refresh_from_db()
        case_change_stage(case=case, to=Stage.DECLINED, by=by, note=note, effective_at=held_at)
        case.refresh_from_db()
        case_change_stage(case=case, to=Stage.PLANNING, by=by, note="Back to planning: the contingency plan applies.")
    else:
        TransitionChecklist.objects.get_or_create(plan=plan)
    return event


@transaction.atomic
def transition_save(*, checklist: TransitionChecklist, by: User, fields: dict[str, Any]) -> TransitionChecklist:
    for name, value in fields.items():
        setattr(checklist, name, value)
    checklist.save()
    return checklist


@transaction.atomic
def admission_confirm(*, plan: InterventionPlan, by: User, arrived_at: dt.datetime) -> TransitionChecklist:
    """The facility confirmed arrival at `arrived_at` (entered, not the click): the accepted referral becomes
    admitted and the case moves to in treatment with that moment, in one transaction (stage_changed's receivers
    open the episode and anchor the follow-ups on it). Raises DomainError for a moment in the future."""
    from .referral_hooks import admit_referral  # the referral topic decides which referral was admitted

    checklist = TransitionChecklist.objects.select_for_update().get(plan=plan)
    if checklist.arrived_at:
        raise DomainError("Arrival was already confirmed.")
    if arrived_at > timezone.now():
        raise DomainError("The admission cannot be in the future: enter when the facility admitted the person.")
    facility_name = admit_referral(case=plan.case, by=by, arrived_at=arrived_at)
    checklist.arrived_at = arrived_at
    checklist.arrival_confirmed_by = by
    checklist.save(update_fields=["arrived_at", "arrival_confirmed_by"])
    note = f"Arrived at {facility_name}." if facility_name else "Arrival at the facility confirmed."
    case_change_stage(case=plan.case, to=Stage.IN_TREATMENT, by=by, note=note, effective_at=arrived_at)
    return checklist
