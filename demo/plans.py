"""Demo intervention plans for the cases at or past planning, with participants from the case's people.

Runs after the families seed so participants can be drawn from each case's family members. Idempotent:
a case that has a plan gets nothing more.
"""

from __future__ import annotations

import datetime as dt

from interventions.extensions import candidates_for
from interventions.models import (
    Case,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Stage,
    TransitionChecklist,
)

from .context import SeedContext
from .timeline import LATER_ADMISSION, entered, local, today_in

WITH_PLAN = [Stage.PLANNING, Stage.SCHEDULED, Stage.HELD, Stage.DECLINED, Stage.POSTPONED, Stage.IN_TREATMENT,
             Stage.AFTERCARE, Stage.DISENGAGED, Stage.CLOSED]  # fmt: skip
MODELS = ["johnson", "invitational", "arise", "craft"]
OUTCOME_BY_STAGE: dict[str, str] = {
    Stage.HELD: "accepted_later", Stage.DECLINED: "refused", Stage.POSTPONED: "postponed",
    Stage.IN_TREATMENT: "accepted_now", Stage.AFTERCARE: "accepted_now", Stage.DISENGAGED: "accepted_now",
    Stage.CLOSED: "accepted_now",
}  # fmt: skip


def run(ctx: SeedContext) -> None:
    cases = Case.objects.filter(organization__name="Harbor Intervention Group", stage__in=WITH_PLAN, plans__isnull=True)
    for case in cases.select_related("lead"):
        ctx.created += _plan_for(case)


def _plan_for(case: Case) -> int:
    zone = case.organization.zone
    upcoming = case.stage in (Stage.PLANNING, Stage.SCHEDULED)
    story = entered(case)
    if upcoming:
        when = local(today_in(zone) + dt.timedelta(days=5 + case.pk % 9), dt.time(10, 0), zone)
    elif Stage.HELD in story:
        when = story[Stage.HELD]  # the intervention was held as planned
    else:
        when = story[Stage.POSTPONED] + dt.timedelta(hours=1)  # called off that morning
    plan = InterventionPlan.objects.create(
        case=case,
        created_by=case.lead,
        model=MODELS[case.pk % len(MODELS)],
        scheduled_for=when,
        location=f"The family home, {case.postal_code}",
        location_notes="Park on the street; the side door is open.",
        contingency_plan="If the answer is no, the family follows through on the boundaries and keeps the bed for 48 hours.",
        travel_plan="The interventionist drives, with the brother.",
        travel_arranged=case.stage != Stage.PLANNING,
        escort="Interventionist and brother",
        packing_list="A week of clothes, ID, insurance card, medications in original bottles.",
    )
    created = 1
    speakers = 0
    for order, candidate in enumerate(candidates_for(case)[:4], start=1):
        role = candidate.suggested_role or ("speaker" if order < 4 else "support")  # the member's own role
        speakers += role == "speaker"
        Participant.objects.create(
            plan=plan,
            source_key=candidate.key,
            name=candidate.name,
            relationship=candidate.relationship,
            email=candidate.email,
            user_id=candidate.user_id,
            role=role,
            speaking_order=speakers if role == "speaker" else None,
            boundary="I will not pay your rent or bail if you say no." if role == "speaker" else "",
        )
        created += 1
    PlanSession.objects.create(
        plan=plan, kind="rehearsal", starts_at=when - dt.timedelta(days=2), location="Our office", held=not upcoming
    )
    outcome = OUTCOME_BY_STAGE.get(case.stage)
    if outcome:
        InterventionEvent.objects.create(
            plan=plan,
            held_at=when,
            outcome=outcome,
            recorded_by=case.lead,
            how_it_went="Everyone read their letter.",
            later_date=(when + LATER_ADMISSION).date() if outcome == "accepted_later" else None,
        )
        if outcome.startswith("accepted"):
            # Arrival is the admitted referral's admission (the admission time is kept once, on the referral).
            admitted = case.referrals.filter(status="admitted").exclude(admission_at=None).first()
            arrived = (
                None
                if case.stage == Stage.HELD
                else admitted.admission_at
                if admitted
                else when + dt.timedelta(hours=6)
            )
            TransitionChecklist.objects.create(
                plan=plan,
                transport_confirmed=True,
                facility_contacted=True,
                documents_ready=True,
                medications_ready=True,
                arrived_at=arrived,
                arrival_confirmed_by=case.lead if arrived else None,
            )
    return created
