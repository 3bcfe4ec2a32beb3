"""The aftercare sections of the PDF case summary (interventions/summary/__init__.py explains how a section is added).

Follow-ups with their outcomes and a chart are treatment progress; the aftercare plan is its own category.
The family version shows the outcome measures and the plan, never notes, risk flags or who recorded what.
"""

from __future__ import annotations

from typing import Any

from interventions.disclosure import Category
from interventions.models import Case
from interventions.summary import Period, SummarySection

from .models import FollowUp
from .queries import outcome_chart, outcomes_of


def follow_ups_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    follow_ups = [
        row
        for row in case.follow_ups.select_related("assigned_to", "recorded_by").order_by("due_at")
        if period.contains(row.due_at)
    ]
    if not follow_ups:
        return None
    outcomes = outcomes_of(case)
    reached = [row for row in outcomes.follow_ups if row.contacted_at and period.contains(row.contacted_at)]
    return {
        "follow_ups": follow_ups if version == "clinical" else [],
        "reached": reached,
        "chart": outcome_chart(reached),
        "episodes": outcomes.episodes,
        "readmissions": outcomes.readmissions,
        "statuses": FollowUp.Status,
    }


def plan_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    plan = case.aftercare_plans.prefetch_related("support_groups").order_by("-version").first()
    return {"plan": plan, "for_family": version == "family"} if plan else None


SECTIONS = [
    SummarySection(
        key="follow_ups",
        title="Follow-ups and outcomes",
        order=60,
        template_name="aftercare/summary/follow_ups.html",
        context=follow_ups_context,
        gate=Category.TREATMENT_PROGRESS,
    ),
    SummarySection(
        key="aftercare_plan",
        title="Aftercare plan",
        order=70,
        template_name="aftercare/summary/plan.html",
        context=plan_context,
        gate=Category.AFTERCARE_PLAN,
    ),
]
