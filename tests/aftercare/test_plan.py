from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from aftercare import queries, services
from aftercare.models import AftercarePlan
from families.views.portal import PORTAL_PANELS
from interventions.disclosure import Category
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

PLAN = {
    "step_down_level": "2.1", "step_down_provider": "Riverside IOP", "step_down_start": "2026-12-01",
    "therapy_provider": "Dr. Ortiz", "therapy_frequency": "Weekly", "medications": ["NXN", "ACM"],
    "medication_prescriber": "Dr. Lee", "sober_living": "Oak House", "alumni_program": "Thursday alumni",
    "triggers": "Payday", "warning_signs": "Skipping meetings", "coping_steps": "Call my sponsor",
    "who_to_call": "Mike 434-555-0199", "family_part": "Sunday dinners", "agreed_with_person": "on",
    "groups-TOTAL_FORMS": "2", "groups-INITIAL_FORMS": "0", "groups-MIN_NUM_FORMS": "0", "groups-MAX_NUM_FORMS": "1000",
    "groups-0-type": "aa", "groups-0-meeting": "Downtown Big Book", "groups-0-weekday": "1", "groups-0-time": "19:00",
}  # fmt: skip


def plan_url(name: str, case) -> str:
    return reverse(f"aftercare:{name}", kwargs={"case": case.pk})


def test_mallory_gets_404(client, mallory, case, alice):
    services.plan_save(case=case, by=alice, fields={"triggers": "x"})
    client.force_login(mallory)
    for name in ("plan-detail", "plan-edit", "plan-print"):
        assert client.get(plan_url(name, case)).status_code == 404


def test_writing_the_plan_saves_every_part(client, alice, case):
    client.force_login(alice)
    response = client.post(plan_url("plan-edit", case), PLAN)
    assert response.status_code == 302
    plan = case.aftercare_plans.get()
    assert (plan.version, plan.step_down_level, plan.medications) == (1, "2.1", ["NXN", "ACM"])
    assert plan.medication_labels() == ["Naltrexone (oral)", "Acamprosate"]
    group = plan.support_groups.get()
    assert str(group) == "Alcoholics Anonymous: Downtown Big Book, Tuesdays at 7:00 PM"
    html = client.get(plan_url("plan-detail", case)).content.decode()
    for text in (
        "Riverside IOP",
        "Dr. Ortiz",
        "Oak House",
        "Thursday alumni",
        "Payday",
        "Skipping meetings",
        "Call my sponsor",
        "Mike 434-555-0199",
        "Sunday dinners",
        "Downtown Big Book",
    ):
        assert text in html


def test_a_revision_is_a_new_version_and_the_old_one_stays(client, alice, case):
    client.force_login(alice)
    client.post(plan_url("plan-edit", case), PLAN)
    client.post(plan_url("plan-edit", case), {**PLAN, "sober_living": "Maple House"})
    first, second = case.aftercare_plans.order_by("version")
    assert (first.sober_living, second.sober_living, second.version) == ("Oak House", "Maple House", 2)
    html = client.get(plan_url("plan-detail", case) + "?version=1").content.decode()
    assert "Oak House" in html and "Version 2" in html


def test_the_form_starts_from_the_latest_version(client, alice, case):
    services.plan_save(case=case, by=alice, fields={"triggers": "Old friends", "warning_signs": "Lying"})
    client.force_login(alice)
    html = client.get(plan_url("plan-edit", case)).content.decode()
    assert "Old friends" in html and "Saving writes version 2" in html


def test_a_new_plan_is_prefilled_with_triggers_from_the_latest_assessment(case):
    AssessmentFactory(case=case, triggers="Old triggers", created_at=timezone.now() - dt.timedelta(days=30))
    AssessmentFactory(case=case, triggers="Payday; arguments with dad")
    assert queries.plan_initial(case)["triggers"] == "Payday; arguments with dad"


def test_no_assessment_leaves_the_triggers_empty(case):
    assert queries.plan_initial(case) == {"triggers": ""}


def test_the_printable_plan(client, alice, case):
    services.plan_save(case=case, by=alice, fields={"coping_steps": "Walk, call, meeting"})
    client.force_login(alice)
    html = client.get(plan_url("plan-print", case)).content.decode()
    assert "data-print" in html and "Walk, call, meeting" in html and 'media="print"' in html


def test_the_plan_is_invisible_to_family_without_consent(client, carol, alice, case, consent_policy):
    grants, recorded = consent_policy
    services.plan_save(case=case, by=alice, fields={"family_part": "Sunday dinners"})
    client.force_login(carol)
    assert client.get(plan_url("portal-plan", case)).status_code == 404
    grants.add((carol.pk, case.pk, Category.TREATMENT_PROGRESS))  # another category is not enough
    assert client.get(plan_url("portal-plan", case)).status_code == 404
    assert not recorded


def test_the_plan_is_shown_to_family_under_consent_and_the_disclosure_recorded(
    client, carol, alice, case, consent_policy
):
    grants, recorded = consent_policy
    services.plan_save(case=case, by=alice, fields={"family_part": "Sunday dinners"})
    grants.add((carol.pk, case.pk, Category.AFTERCARE_PLAN))
    client.force_login(carol)
    response = client.get(plan_url("portal-plan", case))
    html = response.content.decode()
    assert response.status_code == 200 and "Sunday dinners" in html and "42 CFR part 2" in html
    assert recorded == [(carol.pk, case.pk, (Category.AFTERCARE_PLAN,), "portal")]
    grants.clear()  # revoked: stops at once
    assert client.get(plan_url("portal-plan", case)).status_code == 404


def test_without_any_policy_installed_nothing_is_disclosed(client, carol, alice, case):
    services.plan_save(case=case, by=alice, fields={"family_part": "Sunday dinners"})
    client.force_login(carol)
    assert client.get(plan_url("portal-plan", case)).status_code == 404


def test_portal_panels_are_tied_to_their_consent_categories(case, alice):
    panels = {panel.template_name: panel.category for panel in PORTAL_PANELS}
    assert panels["aftercare/partials/_portal_plan.html"] == Category.AFTERCARE_PLAN
    assert panels["aftercare/partials/_portal_outcomes.html"] == Category.TREATMENT_PROGRESS
    services.plan_save(case=case, by=alice, fields={"family_part": "Sunday dinners"})
    html = render_to_string("aftercare/partials/_portal_plan.html", {"case": case})
    assert "Sunday dinners" in html and str(alice) not in html


def test_versions_are_unique_per_case(case, alice):
    from django.db import IntegrityError

    services.plan_save(case=case, by=alice, fields={})
    with pytest.raises(IntegrityError):
        AftercarePlan.objects.create(case=case, version=1, created_by=alice)


def test_opening_the_plan_form_is_an_audited_read_of_the_latest_plan(client, alice, case):
    from auditlog.models import LogEntry

    plan = services.plan_save(case=case, by=alice, fields={"coping_steps": "Walk"})
    client.force_login(alice)
    client.get(plan_url("plan-edit", case))
    assert LogEntry.objects.get_for_object(plan).filter(action=LogEntry.Action.ACCESS, actor=alice).exists()
