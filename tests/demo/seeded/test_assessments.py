"""The demo assessments: every story case past intake is assessed, scored and (past assessment) confirmed (the past
cases of demo.history carry what the reports count, not their assessments)."""

from __future__ import annotations

from demo.timeline import story_cases
from interventions.models import Assessment, Case, InstrumentResult, SafetyFlag, Stage
from tests.demo.conftest import seed_demo


def test_seed_assesses_every_case_past_intake_idempotently(seeded):
    cases = story_cases(Case.objects.all())
    assert cases.exists()
    for case in cases:
        count = case.assessments.count()
        assert count == (0 if case.stage == Stage.INTAKE else 1), case
        if case.stage not in (Stage.INTAKE, Stage.ASSESSMENT):
            assert case.current_assessment.is_confirmed, case
    counts = (Assessment.objects.count(), InstrumentResult.objects.count(), SafetyFlag.objects.count())
    assert Assessment.objects.filter(override_reason__gt="").exists()
    seed_demo()
    assert (Assessment.objects.count(), InstrumentResult.objects.count(), SafetyFlag.objects.count()) == counts


def test_seed_leaves_one_open_safety_flag_per_practice_and_keeps_the_stale_cases_stale(seeded):
    open_flags = SafetyFlag.objects.open().select_related("case__organization")
    assert sorted(flag.case.organization.name for flag in open_flags) == [
        "Harbor Intervention Group",
        "Summit Family Recovery",
    ]
    assert SafetyFlag.objects.filter(acted_at__isnull=False).count() == 2
    assert Case.objects.stale().exists()
