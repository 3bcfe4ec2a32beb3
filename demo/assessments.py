"""Demo assessments for the demo cases: every case past intake has one, scored through the real services.

Cases beyond the assessment stage have their level of care confirmed (one overridden, with its reason). In each
practice one case in assessment carries an open PHQ-9 safety flag, and one later case a flag already acted on.
Idempotent: a case that already has an assessment gets none added. Runs after `demo.cases.run`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from interventions.models import Assessment, Case, InstrumentResult, SafetyFlag, Stage
from interventions.services import Administered, assessment_confirm, assessment_create, safety_flag_act

from .cases import CONCERNS
from .context import SeedContext
from .timeline import story_cases

DEMO_PRACTICES = ["Harbor Intervention Group", "Summit Family Recovery"]
ONE_HOUR = dt.timedelta(hours=1)
PAST_ASSESSMENT = {stage for stage in Stage} - {Stage.INTAKE, Stage.ASSESSMENT}

# One clinical profile per presenting concern of the case seed (same order as cases.CONCERNS).
RATINGS = [
    {1: 2, 2: 1, 3: 1, 4: 2, 5: 3, 6: 2},  # daily drinking: 2.5, withdrawal management
    {1: 3, 2: 2, 3: 2, 4: 2, 5: 3, 6: 2},  # fentanyl, overdose: 3.7
    {1: 1, 2: 1, 3: 3, 4: 3, 5: 3, 6: 3},  # methamphetamine, paranoid: 3.7, co-occurring
    {1: 2, 2: 1, 3: 1, 4: 3, 5: 3, 6: 2},  # heroin, refused twice: escalation to 3.5
    {1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 1},  # weekend drinking and cocaine: 2.1
    {1: 4, 2: 2, 3: 1, 4: 1, 5: 2, 6: 1},  # benzodiazepines and alcohol: 4
    {1: 0, 2: 0, 3: 2, 4: 2, 5: 2, 6: 1},  # cannabis and alcohol at 19: 2.1, co-occurring
]
AUDIT = {
    0: [4, 3, 3, 3, 2, 2, 2, 2, 0, 2],  # items 9-10 are option indexes 0-2 (0, 2, 4 points)
    4: [2, 3, 2, 1, 1, 0, 1, 2, 1, 2],
    5: [4, 2, 2, 2, 2, 3, 1, 3, 1, 2],
    6: [3, 2, 2, 1, 0, 0, 1, 1, 0, 1],
}
DAST = {
    1: [1, 1, 0, 1, 1, 1, 1, 1, 1, 1],
    2: [1, 0, 0, 1, 1, 1, 1, 0, 1, 0],
    3: [1, 1, 0, 0, 1, 1, 1, 1, 1, 1],
    4: [1, 1, 1, 0, 1, 1, 0, 0, 0, 0],
    5: [1, 1, 0, 1, 1, 1, 0, 0, 1, 1],
    6: [1, 0, 1, 0, 0, 1, 0, 0, 0, 0],
}
PHQ9 = [1, 2, 1, 2, 1, 1, 1, 0, 0]
GAD7 = [2, 2, 1, 2, 1, 2, 1]
SAFETY_PHQ9 = [2, 2, 2, 2, 1, 2, 1, 1, 1]  # 14 moderate, item 9 "Several days"
CLINICAL = {
    "withdrawal_risk": "Morning shakes when stopping; no seizures reported.",
    "medical_conditions": "High blood pressure.",
    "medications": "Lisinopril 10 mg.",
    "living_situation": "Lives with partner and two children.",
    "employment": "Employed full time; missing days.",
    "legal_issues": "None known.",
    "dependants": "Two children, 8 and 11.",
    "triggers": "Work stress, evenings alone.",
    "strengths_supports": "Close sister; loves coaching his son's team.",
    "readiness_stage": "contemplation",
}


def run(ctx: SeedContext) -> None:
    for case in story_cases(Case.objects.filter(organization__name__in=DEMO_PRACTICES)).order_by("organization", "pk"):
        if case.stage != Stage.INTAKE and not case.assessments.exists():
            ctx.created += seed_assessment(case)


def _administered(case: Case, profile: int, safety: bool) -> list[Administered]:
    screens = []
    if profile in AUDIT:
        screens.append(Administered("AUDIT", AUDIT[profile]))
    if profile in DAST:
        screens.append(Administered("DAST-10", DAST[profile]))
    screens.append(Administered("PHQ-9", SAFETY_PHQ9 if safety else PHQ9, {"difficulty": 2 if safety else 1}))
    if profile in (1, 2, 6):
        screens.append(Administered("GAD-7", GAD7))
    if profile in (1, 3):
        screens.append(Administered("PC-PTSD-5", [1, 1, 1, 0, 1, 0]))
    if case.age is not None and case.age < 21:
        screens.append(
            Administered("CRAFFT", [1, 1, 0, 1, 1, 0], {"alcohol_days": 40, "marijuana_days": 150, "other_days": 0})
        )
    return screens


def seed_assessment(case: Case) -> int:
    """Assess one demo case through the services, then date the rows as if done when the case was assessed."""
    profile = CONCERNS.index(case.presenting_concern) if case.presenting_concern in CONCERNS else 0
    # One open flag per practice on a case in assessment; one acted-on flag on a case in treatment.
    safety = case.stage in (Stage.ASSESSMENT, Stage.IN_TREATMENT) and _first_of_stage(case)
    last_activity = case.last_activity_at
    entered = case.stage_changes.filter(to_stage=Stage.ASSESSMENT).aggregate(at=Min("at"))["at"]
    # The day after the case entered assessment (its planning starts later), or that afternoon when that is today.
    started = entered or case.created_at
    at = started + dt.timedelta(days=1) if started + dt.timedelta(days=1) <= timezone.now() else started + ONE_HOUR
    assessment = assessment_create(
        case=case,
        by=case.lead,
        ratings=RATINGS[profile],
        administered=_administered(case, profile, safety),
        rating_notes={1: "From the family's account and a phone screen."},
        substance_use=case.presenting_concern,
        mental_health="Low mood; see PHQ-9." if safety else "",
        **CLINICAL,
    )
    if case.stage in PAST_ASSESSMENT:
        override = profile == 3
        assessment_confirm(
            assessment=assessment,
            by=case.lead,
            level="3.7" if override else assessment.suggested_level,
            withdrawal_management=assessment.suggested_withdrawal_management,
            co_occurring=assessment.suggested_co_occurring,
            reason="Two overdoses this year: medically monitored care first." if override else "",
        )
        Assessment.objects.filter(pk=assessment.pk).update(confirmed_at=at + dt.timedelta(hours=2))
    flags = list(case.safety_flags.all())
    if case.stage == Stage.IN_TREATMENT:
        for flag in flags:
            safety_flag_act(flag=flag, by=case.lead, action="988_referral", notes="Called 988 together; safety plan.")
        SafetyFlag.objects.filter(case=case).update(acted_at=at + dt.timedelta(hours=1))
    Assessment.objects.filter(pk=assessment.pk).update(created_at=at)
    SafetyFlag.objects.filter(case=case).update(raised_at=at)
    Case.objects.filter(pk=case.pk).update(last_activity_at=last_activity)
    return 1 + InstrumentResult.objects.filter(assessment=assessment).count() + len(flags)


def _first_of_stage(case: Case) -> bool:
    first = Case.objects.filter(organization=case.organization, stage=case.stage).order_by("pk").first()
    return first == case
