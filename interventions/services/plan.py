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
    AriseLevelChange,
    Case,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Stage,
    TransitionChecklist,
    TreatmentInvitation,
)
from ..workflows import OUTCOME_MOVES, workflow_for
from ..workflows.arise import FORMAL_LEVEL
from .case import case_change_stage

# What a new version takes from the one before, when the new one's model uses the field.
PLAN_COPY_FIELDS = [
    "duration_minutes", "location", "time_zone", "location_notes", "invitation_wording", "invited_by",
    "invitation_method", "violence_risk_checked_on", "violence_risk_notes", "contingency_plan", "travel_plan",
    "escort", "packing_list", "first_call_on",
]  # fmt: skip
OPEN_FOR_PLANNING = {Stage.ASSESSMENT, Stage.PLANNING, Stage.SCHEDULED, Stage.POSTPONED, Stage.DECLINED}


@transaction.atomic
def plan_save(
    *, case: Case, by: User, fields: dict[str, Any], plan: InterventionPlan | None = None
) -> InterventionPlan:
    """Create the case's first plan (with its model), or update the current one within its model (another model is
    `plan_switch_model`: a new version). An ARISE plan starts its level history at level 1 on the day of the first
    call. Raises DomainError once the case is past the event, or for a change of model."""
    if case.stage not in OPEN_FOR_PLANNING and plan is None:
        raise DomainError("A plan can be written while the case is being assessed or planned.")
    model = fields.get("model")
    if plan is not None and model and model != plan.model:
        raise DomainError("Switching to another model starts a new plan version: use “Switch model”.")
    if plan is None:
        if not model:
            raise DomainError("Choose the intervention model first.")
        plan = InterventionPlan(case=case, created_by=by, version=1)
    for name, value in fields.items():
        setattr(plan, name, value)
    levels_start = workflow_for(plan).levels and not plan.arise_level
    if levels_start:
        plan.arise_level = 1
    plan.save()
    if levels_start:
        _arise_start(plan, by=by, on=plan.first_call_on or timezone.localdate(), reason="The first call.")
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return plan


def _arise_start(plan: InterventionPlan, *, by: User, on: dt.date, reason: str, level: int = 1) -> None:
    AriseLevelChange.objects.create(plan=plan, level=level, on=on, reason=reason, by=by)


@transaction.atomic
def plan_new_version(*, case: Case, by: User, model: str | None = None, reason: str = "") -> InterventionPlan:
    """Start a new plan from the current one (after a refusal or postponement, or to switch to `model`); the old
    one is kept whole, with its sessions, levels, invitations and outcome. The new one takes the fields and the
    participants its model uses (boundaries only where the model has them). An ARISE plan carries its level on,
    or starts at level 1 when the case switches to ARISE."""
    old = InterventionPlan.objects.select_for_update().filter(case=case, is_current=True).first()
    if old is None:
        raise DomainError("There is no plan yet: write the first one.")
    model = model or old.model
    switching = model != old.model
    if switching and not reason.strip():
        raise DomainError("Say why the model changes: a reason is required.")
    if switching and case.stage not in OPEN_FOR_PLANNING:
        raise DomainError("The model can change while the case is being planned, not after the intervention.")
    workflow = workflow_for(model)
    old.is_current = False
    old.save(update_fields=["is_current"])
    copied = {name: getattr(old, name) for name in PLAN_COPY_FIELDS if name in workflow.plan_fields}
    plan = InterventionPlan.objects.create(case=case, created_by=by, version=old.version + 1, model=model, **copied)
    if workflow.levels:
        carried = old.arise_level if not switching and old.arise_level else None
        plan.arise_level = carried or 1
        plan.save(update_fields=["arise_level"])
        why = f"Carried on from plan version {old.version}." if carried else f"Switched to ARISE: {reason.strip()}"
        _arise_start(plan, by=by, on=timezone.localdate(), reason=why, level=plan.arise_level)
    if switching:
        Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
        from .case import case_note_add

        case_note_add(
            case=case,
            by=by,
            text=f"Intervention model changed from {workflow_for(old).name} to {workflow.name} (plan version "
            f"{plan.version}; version {old.version} is kept): {reason.strip()}",
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
            speaking_order=p.speaking_order if workflow.uses_speaking_order else None,
            boundary=p.boundary if workflow.uses_boundaries else "",
        )
        for p in old.participants.all()
    )
    return plan


def plan_switch_model(*, case: Case, by: User, model: str, reason: str) -> InterventionPlan:
    """Follow another intervention model from now on: a new plan version (`plan_new_version`)."""
    plan = case.current_plan
    if plan is not None and plan.model == model:
        raise DomainError(f"The plan already follows the {workflow_for(model).name} model.")
    return plan_new_version(case=case, by=by, model=model, reason=reason)


@transaction.atomic
def arise_escalate(
    *, plan: InterventionPlan, by: User, level: int, on: dt.date, reason: str, skip_reason: str = ""
) -> AriseLevelChange:
    """Move an ARISE plan up to `level` from `on` (entered), because `reason`: the earlier level has not led to
    treatment. Skipping a level (1 to 3) needs `skip_reason` too. Raises DomainError otherwise, or for a date in the
    future or before the current level began."""
    plan = InterventionPlan.objects.select_for_update().get(pk=plan.pk)
    if not workflow_for(plan).levels:
        raise DomainError("Only an ARISE plan has levels.")
    if hasattr(plan, "event"):
        raise DomainError("The outcome of this plan is recorded: nothing to escalate.")
    current = plan.arise_level or 1
    if level <= current or level > FORMAL_LEVEL:
        raise DomainError(f"The plan is at level {current}: it can move up to level {current + 1} only.")
    if not reason.strip():
        raise DomainError("Say why the plan moves up a level: what happened at this level.")
    if level > current + 1 and not skip_reason.strip():
        raise DomainError(f"Moving from level {current} to level {level} skips a level: say why.")
    if on > timezone.localdate():
        raise DomainError("The date cannot be in the future.")
    last = plan.level_changes.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise DomainError(f"Level {current} began on {last.on:%B %-d, %Y}: the new level cannot begin before it.")
    change = AriseLevelChange.objects.create(
        plan=plan,
        level=level,
        on=on,
        reason=reason.strip(),
        skip_reason=skip_reason.strip() if level > current + 1 else "",
        by=by,
    )
    plan.arise_level = level
    plan.save(update_fields=["arise_level"])
    Case.objects.filter(pk=plan.case_id).update(last_activity_at=timezone.now())
    return change


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
    """Schedule a session of the plan's model (a rehearsal, a family or network meeting, a CRAFT session); an ARISE
    network meeting is at the plan's level. Raises DomainError for a kind the model does not use."""
    kind = fields.get("kind") or workflow_for(plan).session_kinds[0]
    if kind not in workflow_for(plan).session_kinds:
        raise DomainError(f"A {workflow_for(plan).name} plan has no {PlanSession.Kind(kind).label.lower()}.")
    fields["kind"] = kind
    if workflow_for(plan).levels:
        fields["arise_level"] = plan.arise_level or 1
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
    next_meeting_at: dt.datetime | None = None,
    session: PlanSession | None = None,
) -> InterventionEvent | PlanSession:
    """Record the outcome of the plan's event, one of its model's outcomes, and move the case by OUTCOME_MOVES.

    A scheduled event (Johnson, Invitational, ARISE level 3) is recorded once the case is scheduled; an outcome that
    comes at a session (ARISE levels 1 and 2, CRAFT) while the case is in planning steps to scheduled first, through
    the model's readiness checks. Accepted: the transition checklist opens. Refused: held, declined, back to
    planning. "The family met without the person" (Invitational) writes no outcome: the meeting is kept as a held
    family session, the plan takes `next_meeting_at` and the case goes back to planning. Returns the event, or that
    session. Raises TransitionBlocked / DomainError for an outcome the model does not have, a case not at its event,
    an outcome already recorded, or a date in the future.
    """
    case = plan.case
    _event_check(plan, outcome=outcome, held_at=held_at, later_date=later_date)
    note = f"{workflow_for(plan).outcome_label(plan, outcome)}. {how_it_went}".strip()
    if outcome == InterventionEvent.Outcome.FAMILY_MET:
        return _family_met(plan, by=by, held_at=held_at, attendees=attendees, how_it_went=how_it_went,
                           next_meeting_at=next_meeting_at, note=note)  # fmt: skip
    event = InterventionEvent.objects.create(
        plan=plan,
        held_at=held_at,
        outcome=outcome,
        how_it_went=how_it_went,
        later_date=later_date,
        recorded_by=by,
        arise_level=plan.arise_level if workflow_for(plan).levels else None,
        session=session,
    )
    event.attendees.set(attendees)
    moves = OUTCOME_MOVES[outcome]
    if moves and case.stage == Stage.PLANNING:
        moves = (Stage.SCHEDULED, *moves)
    for index, to in enumerate(moves):
        case.refresh_from_db()
        back = to == Stage.PLANNING and index > 0
        case_change_stage(
            case=case,
            to=to,
            by=by,
            note="Back to planning: the contingency plan applies." if back else note,
            effective_at=None if back else held_at,
        )
    if outcome in (InterventionEvent.Outcome.ACCEPTED_NOW, InterventionEvent.Outcome.ACCEPTED_LATER):
        TransitionChecklist.objects.get_or_create(plan=plan)
    if not moves:
        Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return event


def _event_check(plan: InterventionPlan, *, outcome: str, held_at: dt.datetime, later_date: dt.date | None) -> None:
    """Raise DomainError when the outcome cannot be recorded (see event_record)."""
    workflow = workflow_for(plan)
    if outcome not in {choice.outcome for choice in workflow.outcomes_for(plan)}:
        raise DomainError(f"“{InterventionEvent.Outcome(outcome).label}” is not an outcome of a {workflow.name} plan.")
    if hasattr(plan, "event"):
        raise DomainError("The outcome of this intervention is already recorded.")
    if held_at > timezone.now():
        raise DomainError("The intervention cannot be recorded as held in the future: enter when it took place.")
    if outcome == InterventionEvent.Outcome.ACCEPTED_LATER and later_date is None:
        raise DomainError("Give the date the person agreed to enter treatment.")
    expected = Stage.SCHEDULED if workflow.event_is_scheduled(plan) else Stage.PLANNING
    if plan.case.stage not in (Stage.SCHEDULED, expected):
        raise DomainError(
            f"The outcome is recorded when the case is {Stage(expected).label.lower()}; it is "
            f"{plan.case.get_stage_display().lower()}."
        )


def _family_met(
    plan: InterventionPlan,
    *,
    by: User,
    held_at: dt.datetime,
    attendees: Iterable[Participant],
    how_it_went: str,
    next_meeting_at: dt.datetime | None,
    note: str,
) -> PlanSession:
    if next_meeting_at is None or next_meeting_at <= timezone.now():
        raise DomainError("Give the date and time of the next family meeting: the family work goes on.")
    session = PlanSession.objects.create(
        plan=plan,
        kind=PlanSession.Kind.FAMILY_MEETING,
        starts_at=held_at,
        duration_minutes=plan.duration_minutes,
        location=plan.location,
        person_invited=True,
        person_attended=False,
        notes=how_it_went,
        held=True,
    )
    session.attended.set(attendees)
    plan.scheduled_for = next_meeting_at
    plan.save(update_fields=["scheduled_for"])
    next_local = timezone.localtime(next_meeting_at, plan.zone)
    case_change_stage(
        case=plan.case,
        to=Stage.PLANNING,
        by=by,
        note=f"{note} Next family meeting: {next_local:%B %-d, %Y %-I:%M %p} ({plan.zone.key}).",
    )
    return session


@transaction.atomic
def invitation_record(
    *,
    plan: InterventionPlan,
    by: User,
    made_at: dt.datetime,
    answer: str,
    made_by: Participant | None = None,
    session: PlanSession | None = None,
    later_date: dt.date | None = None,
    notes: str = "",
) -> TreatmentInvitation:
    """CRAFT: a family member invited the person to treatment at `made_at`, and the person answered. Only after the
    violence-risk check. An acceptance is the plan's outcome (event_record: the case moves to held and the transition
    opens); "not now" and "declined" leave the sessions going on. Raises DomainError / TransitionBlocked."""
    if not workflow_for(plan).invitations:
        raise DomainError("Invitations to treatment are part of a CRAFT plan.")
    if not plan.violence_risk_checked_on:
        raise DomainError("Record the violence-risk check before any invitation to treatment.")
    if made_at > timezone.now():
        raise DomainError("The invitation cannot be in the future: enter when it was made.")
    if hasattr(plan, "event"):
        raise DomainError("The outcome of this plan is already recorded.")
    if answer == TreatmentInvitation.Answer.ACCEPTED_LATER and later_date is None:
        raise DomainError("Give the date the person agreed to enter treatment.")
    invitation = TreatmentInvitation.objects.create(
        plan=plan,
        made_at=made_at,
        made_by=made_by,
        session=session,
        answer=answer,
        later_date=later_date,
        notes=notes,
        recorded_by=by,
    )
    if answer in (TreatmentInvitation.Answer.ACCEPTED_NOW, TreatmentInvitation.Answer.ACCEPTED_LATER):
        who = f" by {made_by.name}" if made_by else ""
        event_record(
            plan=plan,
            by=by,
            outcome=answer,
            held_at=made_at,
            attendees=[made_by] if made_by else [],
            how_it_went=f"Invitation to treatment{who}. {notes}".strip(),
            later_date=later_date,
            session=session,
        )
    else:
        Case.objects.filter(pk=plan.case_id).update(last_activity_at=timezone.now())
    return invitation


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
