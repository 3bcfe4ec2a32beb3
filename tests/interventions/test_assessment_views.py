"""Assessment pages through the client: access, the instrument forms, scores shown, confirmation, safety flags."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from interventions import services
from interventions.models import Assessment, SafetyFlag
from interventions.services import Administered
from tests.factories import AssessmentFactory, CaseFactory, SafetyFlagFactory

pytestmark = pytest.mark.django_db

RATINGS = {1: 2, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}


@pytest.fixture
def case(practice, alice):
    return CaseFactory(
        organization=practice,
        lead=alice,
        first_name="Daniel",
        last_name="Whitaker",
        sex="male",
        date_of_birth=dt.date(1980, 5, 1),
    )


def form_data(**overrides):
    data = {f"dimension_{d}": str(rating) for d, rating in RATINGS.items()}
    data.update({"substance_use": "A fifth of vodka daily", "readiness_stage": "contemplation"})
    data.update(overrides)
    return data


def audit_answers(values):
    return {f"audit-item_{n}": str(value) for n, value in enumerate(values, start=1)}


def phq9_answers(values, difficulty="1"):
    return {
        **{f"phq-9-item_{n}": str(value) for n, value in enumerate(values, start=1)},
        "phq-9-difficulty": difficulty,
    }


def create_url(case):
    return reverse("interventions:assessment-create", kwargs={"case": case.pk})


def test_mallory_gets_404(client, case, mallory):
    assessment = AssessmentFactory(case=case)
    flag = SafetyFlagFactory(case=case)
    client.force_login(mallory)
    assert client.get(create_url(case)).status_code == 404
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("interventions:assessment-confirm", kwargs={"case": case.pk, "assessment": assessment.pk}),
            {"level": "1"},
        ).status_code
        == 404
    )
    assert client.post(flag.get_absolute_url(), {"action": "988_referral"}).status_code == 404
    flag.refresh_from_db()
    assert flag.is_open


def test_an_assessment_of_another_case_is_a_404_through_this_case(client, case, practice, alice):
    other = AssessmentFactory(case=CaseFactory(organization=practice, lead=alice))
    client.force_login(alice)
    url = reverse("interventions:assessment-detail", kwargs={"case": case.pk, "assessment": other.pk})
    assert client.get(url).status_code == 404


def test_family_member_never_sees_an_assessment(client, case, carol):
    assessment = AssessmentFactory(case=case)
    client.force_login(carol)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(create_url(case)).status_code == 404


def test_a_colleague_not_on_the_case_gets_404(client, case, bob):
    assessment = AssessmentFactory(case=case)
    client.force_login(bob)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert confirm(client, assessment, level="1").status_code == 404
    assert client.post(create_url(case), form_data()).status_code == 404
    assessment.refresh_from_db()
    assert not assessment.is_confirmed
    assert case.assessments.count() == 1


def test_the_owner_reads_every_assessment_of_the_practice(client, case, olivia):
    client.force_login(olivia)
    assert client.get(AssessmentFactory(case=case).get_absolute_url()).status_code == 200


def test_the_form_offers_each_instrument_with_its_exact_items_and_options(client, case, alice):
    client.force_login(alice)
    response = client.get(create_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    codes = [screen.instrument.code for screen in response.context["screens"]]
    assert codes == ["AUDIT", "DAST-10", "CAGE-AID", "PHQ-9", "GAD-7", "PC-PTSD-5"]  # no CRAFFT at 45
    assert "9. Thoughts that you would be better off dead or of hurting yourself in some way" in html
    assert "Yes, but not in the last year" in html
    assert "<legend" in html and 'type="radio"' in html
    assert "A screen, not a diagnosis: a clinician decides." in html
    assert 'Any answer other than "Not at all" raises a safety flag on the case' in html


@pytest.mark.parametrize(("years", "offered"), [(17, True), (20, True), (21, False)])
def test_crafft_is_only_offered_under_21(client, practice, alice, years, offered):
    today = dt.date.today()
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=today.replace(year=today.year - years))
    client.force_login(alice)
    codes = [screen.instrument.code for screen in client.get(create_url(case)).context["screens"]]
    assert ("CRAFFT" in codes) is offered


def test_crafft_is_not_offered_without_a_date_of_birth(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=None)
    client.force_login(alice)
    assert "CRAFFT" not in [s.instrument.code for s in client.get(create_url(case)).context["screens"]]


def test_saving_an_assessment_shows_scores_bands_flags_and_the_suggestion(client, case, alice):
    client.force_login(alice)
    data = form_data(**audit_answers([3, 2, 2, 1, 2, 0, 1, 1, 0, 4 // 2]), **phq9_answers([1] * 8 + [2]))
    response = client.post(create_url(case), data, follow=True)
    assessment = case.assessments.get()
    assert response.redirect_chain[-1][0] == assessment.get_absolute_url()
    html = response.content.decode()
    audit = assessment.instrument_results.get(code="AUDIT")
    assert (audit.total, audit.band, sorted(audit.flags)) == (16, "zone_3", ["audit_c_positive", "next_zone_advised"])
    assert "Zone III: harmful" in html and "AUDIT-C: 7 of 12" in html
    phq9 = assessment.instrument_results.get(code="PHQ-9")
    assert (phq9.total, phq9.band, phq9.extra) == (10, "moderate", {"difficulty": 1})
    assert "suicide_risk" not in html  # the flag is shown by its meaning, not its key
    assert "Item 9 (thoughts of being better off dead" in html
    assert "Safety flag" in html and "Record the safety action taken" in html
    assert "2.1 Intensive outpatient" in html
    assert "Dimension 1 rated 2 (moderate withdrawal risk)" in html
    assert "A screen, not a diagnosis: a clinician decides." in html
    assert case.safety_flags.get().is_open


def test_instruments_left_blank_are_not_administered(client, case, alice):
    client.force_login(alice)
    client.post(create_url(case), form_data())
    assert case.assessments.get().instrument_results.count() == 0


def test_a_started_instrument_must_be_finished(client, case, alice):
    client.force_login(alice)
    data = form_data(**{"audit-item_1": "2", "audit-item_2": "1"})
    response = client.post(create_url(case), data)
    assert response.status_code == 200
    audit = next(s for s in response.context["screens"] if s.instrument.code == "AUDIT")
    assert set(audit.errors) == {f"item_{n}" for n in range(3, 11)}
    assert not Assessment.objects.exists()
    assert "check the answers" in response.content.decode()


def test_an_out_of_range_answer_is_refused(client, case, alice):
    client.force_login(alice)
    response = client.post(create_url(case), form_data(**audit_answers([0] * 8 + [3, 0])))
    audit = next(s for s in response.context["screens"] if s.instrument.code == "AUDIT")
    assert "item_9" in audit.errors
    assert not Assessment.objects.exists()


def test_every_asam_dimension_must_be_rated(client, case, alice):
    client.force_login(alice)
    response = client.post(create_url(case), form_data(dimension_4="", dimension_6="5"))
    assert set(response.context["form"].errors) == {"dimension_4", "dimension_6"}
    assert not Assessment.objects.exists()


def test_pc_ptsd5_gate_no_records_a_total_of_0(client, case, alice):
    client.force_login(alice)
    client.post(create_url(case), form_data(**{"pc-ptsd-5-gate": "0"}))
    result = case.assessments.get().instrument_results.get()
    assert (result.code, result.answers, result.total, result.band) == ("PC-PTSD-5", [0], 0, "negative")


def test_pc_ptsd5_gate_yes_needs_the_five_items(client, case, alice):
    client.force_login(alice)
    response = client.post(create_url(case), form_data(**{"pc-ptsd-5-gate": "1", "pc-ptsd-5-item_1": "1"}))
    screen = next(s for s in response.context["screens"] if s.instrument.code == "PC-PTSD-5")
    assert set(screen.errors) == {"item_2", "item_3", "item_4", "item_5"}
    answers = {"pc-ptsd-5-gate": "1", **{f"pc-ptsd-5-item_{n}": "1" for n in range(1, 6)}}
    client.post(create_url(case), form_data(**answers))
    result = case.assessments.get().instrument_results.get()
    assert (result.answers, result.total, result.band) == ([1, 1, 1, 1, 1, 1], 5, "positive")


def test_crafft_with_no_days_asks_only_the_car_question(client, practice, alice):
    today = dt.date.today()
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=today.replace(year=today.year - 17))
    client.force_login(alice)
    days = {"crafft-alcohol_days": "0", "crafft-marijuana_days": "0", "crafft-other_days": "0"}
    client.post(create_url(case), form_data(**days, **{"crafft-item_1": "1"}))
    result = case.assessments.get().instrument_results.get()
    assert (result.answers, result.flags, result.extra["other_days"]) == ([1, 0, 0, 0, 0, 0], ["car_risk"], 0)


def test_crafft_with_days_asks_all_six(client, practice, alice):
    today = dt.date.today()
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=today.replace(year=today.year - 17))
    client.force_login(alice)
    days = {"crafft-alcohol_days": "12", "crafft-marijuana_days": "0", "crafft-other_days": "0"}
    response = client.post(create_url(case), form_data(**days, **{"crafft-item_1": "0"}))
    screen = next(s for s in response.context["screens"] if s.instrument.code == "CRAFFT")
    assert set(screen.errors) == {"item_2", "item_3", "item_4", "item_5", "item_6"}


def test_assessment_page_read_is_logged(client, case, alice):
    assessment = AssessmentFactory(case=case)
    client.force_login(alice)
    client.get(assessment.get_absolute_url(), REMOTE_ADDR="192.0.2.10")
    entry = LogEntry.objects.get_for_object(assessment).get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.remote_addr) == (alice, "192.0.2.10")
    assert entry.additional_data["organization"] == case.organization_id


def test_creating_an_assessment_is_logged_as_a_change(client, case, alice):
    client.force_login(alice)
    client.post(create_url(case), form_data(**phq9_answers([0] * 8 + [1])))
    assessment = case.assessments.get()
    assert LogEntry.objects.get_for_object(assessment).get(action=LogEntry.Action.CREATE).actor == alice
    flag = case.safety_flags.get()
    assert LogEntry.objects.get_for_object(flag).get(action=LogEntry.Action.CREATE).actor == alice


def confirm(client, assessment, **data):
    url = reverse("interventions:assessment-confirm", kwargs={"case": assessment.case_id, "assessment": assessment.pk})
    return client.post(url, data)


def test_confirming_the_suggested_level(client, case, alice):
    assessment = AssessmentFactory(case=case)
    client.force_login(alice)
    response = confirm(client, assessment, level="1")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.confirmed_level, assessment.confirmed_by, assessment.is_override) == ("1", alice, False)
    change = LogEntry.objects.get_for_object(assessment).get(action=LogEntry.Action.UPDATE)
    assert change.actor == alice and "confirmed_level" in change.changes_dict
    html = client.get(assessment.get_absolute_url()).content.decode()
    assert "Confirmed: level of care 1 Outpatient services" in html


def test_an_override_without_a_reason_is_refused_and_the_input_kept(client, case, alice):
    assessment = AssessmentFactory(case=case)
    client.force_login(alice)
    response = confirm(client, assessment, level="3.5")
    assert response.status_code == 422
    assert "say why" in response.content.decode()
    assert response.context["confirm_form"]["level"].value() == "3.5"
    assessment.refresh_from_db()
    assert not assessment.is_confirmed
    confirm(client, assessment, level="3.5", reason="Unsafe home: needs residential care")
    assessment.refresh_from_db()
    assert (assessment.suggested_level, assessment.confirmed_level) == ("1", "3.5")
    assert "Overridden" in client.get(assessment.get_absolute_url()).content.decode()


def test_confirming_twice_is_refused_with_the_reason(client, case, alice):
    assessment = AssessmentFactory(case=case)
    client.force_login(alice)
    confirm(client, assessment, level="1")
    response = confirm(client, assessment, level="2.1", reason="second thoughts")
    assert response.status_code == 422
    assert "already confirmed" in response.content.decode()


def test_the_case_page_shows_the_assessment_and_the_open_safety_flag(client, case, alice):
    case.stage = "assessment"
    case.save()
    services.assessment_create(
        case=case, by=alice, ratings=RATINGS, administered=[Administered("PHQ-9", [0] * 8 + [1])]
    )
    client.force_login(alice)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Safety flag: act now" in html
    assert "PHQ-9 1 (Minimal)" in html
    assert "To move to Planning" in html and "A level of care confirmed on the current assessment" in html
    timeline = [entry.title for entry in client.get(case.get_absolute_url()).context["timeline"]]
    assert "Assessment" in timeline and "Safety flag: Suicide risk (PHQ-9 item 9)" in timeline


def test_the_dashboard_lists_open_safety_flags_in_a_constant_number_of_queries(
    client, practice, alice, django_assert_max_num_queries
):
    def flagged_cases(count):
        for _ in range(count):
            SafetyFlagFactory(case=CaseFactory(organization=practice, lead=alice))

    client.force_login(alice)
    flagged_cases(2)
    with django_assert_max_num_queries(20) as few:
        response = client.get(reverse("interventions:dashboard"))
    assert [item.kind for item in response.context["attention"]].count("safety") == 2
    flagged_cases(18)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("interventions:dashboard"))
    assert [item.kind for item in response.context["attention"]].count("safety") == 20


def test_recording_the_safety_action_takes_the_flag_off_the_dashboard(client, case, alice):
    flag = SafetyFlagFactory(case=case)
    client.force_login(alice)
    page = client.get(flag.get_absolute_url())
    assert page.status_code == 200
    assert LogEntry.objects.get_for_object(flag).filter(action=LogEntry.Action.ACCESS).exists()
    response = client.post(flag.get_absolute_url(), {"action": "988_referral", "notes": "Called 988 together"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.action, flag.acted_by, flag.is_open) == ("988_referral", alice, False)
    assert not SafetyFlag.objects.open().exists()
    dashboard = client.get(reverse("interventions:dashboard"))
    assert [item.kind for item in dashboard.context["attention"]].count("safety") == 0


def test_other_safety_action_needs_notes(client, case, alice):
    flag = SafetyFlagFactory(case=case)
    client.force_login(alice)
    response = client.post(flag.get_absolute_url(), {"action": "other"})
    assert response.status_code == 200
    assert "Describe the safety action taken." in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_open
