"""Assessment services against the real database: scores stored, suggestion kept, decision, safety flags,
care needs for matching, readiness to leave the assessment stage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.exceptions import DomainError
from facilities.matching import CareNeeds
from interventions import services
from interventions.assessment_queries import open_safety_flags
from interventions.care_needs import care_needs_for
from interventions.exceptions import TransitionBlocked
from interventions.models import Case, SafetyFlag, Stage
from interventions.services import Administered
from tests.factories import AssessmentFactory, CaseFactory

pytestmark = pytest.mark.django_db

ZEROS = {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}
AUDIT_HIGH = Administered("AUDIT", [3, 2, 2, 1, 1, 0, 1, 1, 0, 0])  # 11, zone 2; AUDIT-C 7
PHQ9_ITEM9 = Administered("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1], {"difficulty": 2})  # 9 mild, suicide_risk


def assess(case: Case, *administered: Administered, ratings=None, **fields):
    return services.assessment_create(
        case=case,
        by=case.lead,
        ratings=ratings or {1: 2, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1},
        administered=administered,
        **fields,
    )


def test_assessment_stores_scores_the_suggestion_and_its_reasons(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, sex="male")
    assessment = assess(case, AUDIT_HIGH, substance_use="Daily vodka", rating_notes={1: "Shakes in the morning"})
    assert (assessment.suggested_level, assessment.suggested_withdrawal_management) == ("2.1", True)
    assert assessment.suggestion_reasons[0].startswith("Dimension 1 rated 2")
    assert assessment.dimension_1_note == "Shakes in the morning"
    assert assessment.asam_edition == "3"
    assert not assessment.is_confirmed
    result = assessment.instrument_results.get()
    assert (result.code, result.total, result.band) == ("AUDIT", 11, "zone_2")
    assert result.subscores == {"AUDIT-C": 7}
    assert result.flags == ["audit_c_positive"]  # the person's sex was passed for AUDIT-C
    assert case.current_assessment == assessment


def test_audit_c_is_not_flagged_when_sex_is_unknown(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, sex="unknown")
    result = assess(case, AUDIT_HIGH).instrument_results.get()
    assert result.subscores == {"AUDIT-C": 7}
    assert result.flags == []


def test_phq9_difficulty_and_crafft_part_a_are_stored_apart_from_the_total(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=dt.date.today() - dt.timedelta(days=365 * 17))
    crafft = Administered("CRAFFT", [1, 0, 0, 0, 0, 0], {"alcohol_days": 0, "marijuana_days": 0, "other_days": 0})
    assessment = assess(case, PHQ9_ITEM9, crafft)
    phq9, crafft_result = assessment.instrument_results.order_by("code").reverse()
    assert (phq9.code, phq9.total, phq9.extra) == ("PHQ-9", 9, {"difficulty": 2})
    assert phq9.loinc == "44261-6"
    assert (crafft_result.total, crafft_result.flags, crafft_result.extra["alcohol_days"]) == (1, ["car_risk"], 0)


def test_phq9_item_9_above_0_raises_a_safety_flag_on_the_case(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    assessment = assess(case, PHQ9_ITEM9)
    flag = case.safety_flags.get()
    assert (flag.kind, flag.assessment, flag.raised_by, flag.is_open) == ("suicide_risk", assessment, alice, True)
    assert "Several days" in flag.detail
    assert case.open_safety_flags == [flag]
    assert list(SafetyFlag.objects.open()) == [flag]


def test_phq9_item_9_at_0_raises_no_safety_flag(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    assess(case, Administered("PHQ-9", [3, 3, 3, 3, 3, 3, 3, 3, 0]))
    assert not case.safety_flags.exists()


def test_bad_answers_write_nothing(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    with pytest.raises(ValueError, match="PHQ-9 item 9"):
        assess(case, Administered("PHQ-9", [0] * 8 + [4]))
    assert not case.assessments.exists()


def test_recording_the_safety_action_closes_the_flag_with_who_and_when(practice, alice, bob):
    case = CaseFactory(organization=practice, lead=alice)
    assess(case, PHQ9_ITEM9)
    flag = services.safety_flag_act(flag=case.safety_flags.get(), by=bob, action="988_referral", notes="Warm call")
    assert (flag.action, flag.acted_by, flag.is_open) == ("988_referral", bob, False)
    assert flag.acted_at is not None
    assert case.open_safety_flags == []
    with pytest.raises(DomainError, match="already recorded"):
        services.safety_flag_act(flag=flag, by=alice, action="safety_plan")


def test_other_safety_action_needs_a_description(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    assess(case, PHQ9_ITEM9)
    with pytest.raises(DomainError, match="Describe"):
        services.safety_flag_act(flag=case.safety_flags.get(), by=alice, action="other")


def test_confirming_the_suggestion_keeps_both(practice, alice):
    assessment = assess(CaseFactory(organization=practice, lead=alice))
    services.assessment_confirm(
        assessment=assessment, by=alice, level="2.1", withdrawal_management=True, co_occurring=False
    )
    assessment.refresh_from_db()
    assert (assessment.suggested_level, assessment.confirmed_level, assessment.confirmed_by) == ("2.1", "2.1", alice)
    assert assessment.is_confirmed and not assessment.is_override


def test_an_override_needs_a_reason_and_keeps_the_suggestion(practice, alice):
    assessment = assess(CaseFactory(organization=practice, lead=alice))
    with pytest.raises(DomainError, match="say why"):
        services.assessment_confirm(
            assessment=assessment, by=alice, level="3.7", withdrawal_management=True, co_occurring=False
        )
    with pytest.raises(DomainError, match="say why"):  # only withdrawal management differs
        services.assessment_confirm(
            assessment=assessment, by=alice, level="2.1", withdrawal_management=False, co_occurring=False
        )
    services.assessment_confirm(
        assessment=assessment,
        by=alice,
        level="3.7",
        withdrawal_management=True,
        co_occurring=False,
        reason="Seizure history: needs medical monitoring",
    )
    assessment.refresh_from_db()
    assert (assessment.suggested_level, assessment.confirmed_level) == ("2.1", "3.7")
    assert assessment.is_override
    assert assessment.override_reason == "Seizure history: needs medical monitoring"


def test_a_confirmed_assessment_cannot_be_confirmed_again(practice, alice):
    assessment = assess(CaseFactory(organization=practice, lead=alice))
    services.assessment_confirm(
        assessment=assessment, by=alice, level="2.1", withdrawal_management=True, co_occurring=False
    )
    with pytest.raises(DomainError, match="already confirmed"):
        services.assessment_confirm(
            assessment=assessment,
            by=alice,
            level="1",
            withdrawal_management=True,
            co_occurring=False,
            reason="changed my mind",
        )


def test_the_latest_assessment_is_current(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    AssessmentFactory(case=case, created_at=timezone.now() - dt.timedelta(days=30))
    latest = AssessmentFactory(case=case)
    assert case.current_assessment == latest


def test_care_needs_come_from_the_case_and_its_confirmed_assessment(practice, alice):
    case = CaseFactory(
        organization=practice,
        lead=alice,
        sex="female",
        payer="MD",
        veteran=True,
        pregnant=True,
        preferred_language="SP",
        postal_code="22902",
        date_of_birth=dt.date(1990, 1, 1),
    )
    assert care_needs_for(case).level_of_care is None
    assessment = assess(case, ratings={1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1})
    services.assessment_confirm(
        assessment=assessment, by=alice, level="2.1", withdrawal_management=True, co_occurring=True
    )
    assess(case, ratings=ZEROS)  # a newer assessment, not confirmed yet: the confirmed one still decides
    needs = care_needs_for(case)
    assert needs == CareNeeds(
        level_of_care="2.1",
        withdrawal_management=True,
        co_occurring=True,
        payment="MD",
        age=case.age,
        sex="female",
        populations={"VET", "PW"},
        language="SP",
        postal_code="22902",
        max_distance_km=500.0,
    )


def test_care_needs_leave_out_what_is_not_known(practice, alice):
    case = CaseFactory(
        organization=practice,
        lead=alice,
        sex="unknown",
        payer="",
        preferred_language="EN",
        postal_code="",
        date_of_birth=None,
    )
    needs = care_needs_for(case)
    assert (needs.sex, needs.payment, needs.language, needs.postal_code, needs.age, needs.max_distance_km) == (
        None,
        None,
        None,
        None,
        None,
        None,
    )
    assert needs.populations == set()
    assert (needs.withdrawal_management, needs.co_occurring) == (False, False)


def test_open_safety_flags_of_many_cases_in_one_query(practice, alice, django_assert_num_queries):
    for _ in range(3):
        assess(CaseFactory(organization=practice, lead=alice), PHQ9_ITEM9)
    cases = Case.objects.visible_to(alice)  # reads alice's memberships once
    with django_assert_num_queries(1):
        flags = list(open_safety_flags(cases))
        assert [flag.case.reference for flag in flags]
    assert len(flags) == 3


def test_open_safety_flags_of_a_prefetched_list_of_cases_cost_one_query(practice, alice, django_assert_num_queries):
    for _ in range(3):
        assess(CaseFactory(organization=practice, lead=alice), PHQ9_ITEM9)
    cases = list(Case.objects.filter(organization=practice).prefetch_related("safety_flags"))
    with django_assert_num_queries(0):
        assert [len(case.open_safety_flags) for case in cases] == [1, 1, 1]


def in_assessment(practice, lead) -> Case:
    return CaseFactory(organization=practice, lead=lead, stage=Stage.ASSESSMENT)


def test_planning_needs_a_confirmed_level_of_care_or_an_override_reason(practice, alice):
    case = in_assessment(practice, alice)
    assessment = assess(case)
    with pytest.raises(TransitionBlocked, match="level of care confirmed"):
        services.case_change_stage(case=case, to=Stage.PLANNING, by=alice)
    services.assessment_confirm(
        assessment=assessment, by=alice, level="2.1", withdrawal_management=True, co_occurring=False
    )
    services.case_change_stage(case=case, to=Stage.PLANNING, by=alice)
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING


def test_planning_without_an_assessment_can_be_overridden_with_a_reason(practice, alice):
    case = in_assessment(practice, alice)
    change = services.case_change_stage(
        case=case, to=Stage.PLANNING, by=alice, override_reason="The person refuses to meet before the intervention"
    )
    assert change.override_reason.startswith("The person refuses")


def test_an_open_safety_flag_blocks_planning_even_with_an_override(practice, alice):
    case = in_assessment(practice, alice)
    assessment = assess(case, PHQ9_ITEM9)
    services.assessment_confirm(
        assessment=assessment, by=alice, level="2.1", withdrawal_management=True, co_occurring=False
    )
    with pytest.raises(TransitionBlocked, match="safety flag"):
        services.case_change_stage(case=case, to=Stage.PLANNING, by=alice, override_reason="in a hurry")
    services.safety_flag_act(flag=case.safety_flags.get(), by=alice, action="risk_assessment")
    services.case_change_stage(case=case, to=Stage.PLANNING, by=alice)
