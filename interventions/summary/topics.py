"""Summary sections of the assessment, referral and intervention topics. `SECTIONS` is registered from
InterventionsConfig.ready()."""

from __future__ import annotations

from typing import Any

from ..disclosure import Category
from ..models import Case, InterventionPlan
from ..plan_display import plan_rows
from ..queries import admitting_referral
from ..workflows import workflow_for
from .sections import CLINICAL_ONLY, Period, SummarySection


def assessments_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    assessments = list(
        case.assessments.filter(period.q("created_at"))
        .select_related("created_by", "confirmed_by")
        .prefetch_related("instrument_results")
        .order_by("-created_at")
    )
    if not assessments:
        return None
    flags = list(case.safety_flags.filter(period.q("raised_at")).select_related("acted_by"))
    return {"assessments": assessments, "safety_flags": flags}


def level_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    assessment = case.assessments.filter(period.q("created_at")).order_by("-created_at").first()
    return {"assessment": assessment} if assessment else None


def _plans(case: Case, period: Period) -> list[InterventionPlan]:
    plans = case.plans.select_related("event", "transition").prefetch_related(
        "participants", "sessions__attended", "level_changes", "invitations__made_by"
    )
    return [
        plan for plan in plans.order_by("version") if plan.scheduled_for is None or period.contains(plan.scheduled_for)
    ]


def plan_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    """Each plan as its model shows it (workflows/): its fields, its sessions, ARISE's levels, CRAFT's invitations."""
    plans = [
        {
            "plan": plan,
            "workflow": workflow_for(plan),
            "rows": plan_rows(plan, workflow_for(plan), when_format="M j, Y, g:i A T"),
            "boundaries": workflow_for(plan).shows_boundaries(plan),
        }
        for plan in _plans(case, period)
    ]
    return {"plans": plans, "admitting": admitting_referral(case)} if plans else None


def outcome_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    """Each outcome in its model's words ("Agreed to treatment now, at level 2")."""
    events = [
        (plan.event, workflow_for(plan).outcome_label(plan, plan.event.outcome))
        for plan in _plans(case, period)
        if hasattr(plan, "event")
    ]
    return {"events": events} if events else None


def referrals_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    """The referrals made in the period (two queries for any number)."""
    referrals = list(
        case.referrals.filter(period.q("created_at")).order_by("created_at", "pk").prefetch_related("verifications")
    )
    return {"referrals": referrals} if referrals else None


SECTIONS = [
    SummarySection(
        key="assessments",
        title="Assessments and screening instruments",
        order=30,
        template_name="interventions/summary/assessments.html",
        context=assessments_context,
        gate=CLINICAL_ONLY,
    ),
    SummarySection(
        key="level_of_care",
        title="Level of care",
        order=35,
        template_name="interventions/summary/level_of_care.html",
        context=level_context,
        gate=CLINICAL_ONLY,
    ),
    SummarySection(
        key="referrals",
        title="Referrals",
        order=40,
        template_name="interventions/summary/referrals.html",
        context=referrals_context,
        gate=Category.FACILITY_AND_ADMISSION,
    ),
    SummarySection(
        key="intervention_plan",
        title="Intervention plan",
        order=50,
        template_name="interventions/summary/plan.html",
        context=plan_context,
        gate=CLINICAL_ONLY,
    ),
    SummarySection(
        key="intervention_outcome",
        title="Intervention outcome",
        order=55,
        template_name="interventions/summary/outcome.html",
        context=outcome_context,
        gate=Category.STAGE_AND_STATUS,
    ),
]
