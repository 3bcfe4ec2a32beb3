"""The admission is an appointment at the facility (issue 14, "Times and places"): its time is entered and shown in
the facility's zone, named where the reader's zone is another. A Los Angeles practice sends Daniel to a facility in
Virginia; the facility expects him at 9:00 AM Eastern, which is 6:00 AM in Los Angeles."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from interventions.models import InterventionEvent, Stage, TransitionChecklist
from interventions.summary.render import render_html
from tests.factories import (
    CaseFactory,
    CaseSummaryFactory,
    FacilityFactory,
    InterventionPlanFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db
EASTERN = ZoneInfo("America/New_York")
CENTRAL = ZoneInfo("America/Chicago")
NINE_EASTERN = dt.datetime(2026, 12, 5, 9, 0, tzinfo=EASTERN)
SHOWN = "9:00 AM EST (America/New_York)"


@pytest.fixture
def practice(practice):
    practice.time_zone = "America/Los_Angeles"
    practice.save()
    return practice


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING, first_name="Daniel")


@pytest.fixture
def lodge():
    return FacilityFactory(name="Blue Ridge Lodge", city="Charlottesville", state="VA")


@pytest.fixture
def scheduled(case, lodge):
    return ReferralFactory(case=case, facility=lodge, status="admission_scheduled", admission_at=NINE_EASTERN)


def admission_url(referral) -> str:
    return reverse("interventions:referral-admission", kwargs={"case": referral.case_id, "referral": referral.pk})


def post_admission(client, referral, when: str):
    return client.post(
        admission_url(referral), {"admission_at": when, "admission_contact": "Jo", "transport": "family"}
    )


def test_admission_typed_on_the_referral_form_is_the_facilitys_local_time(client, alice, case, lodge):
    referral = ReferralFactory(case=case, facility=lodge, status="accepted")
    client.force_login(alice)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Admission date and time (facility&#x27;s local time, America/New_York)" in page
    response = post_admission(client, referral, "2026-12-05T09:00")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.admission_at == NINE_EASTERN  # not 9:00 in Los Angeles, the page's zone
    assert referral.status == "admission_scheduled"
    page = client.get(referral.get_absolute_url()).content.decode()
    assert 'value="2026-12-05T09:00"' in page  # edited again in the facility's time
    assert f"Saturday, December 5, 2026, {SHOWN}" in page


def test_a_facility_with_its_own_zone_takes_the_admission_in_it(client, alice, case):
    panhandle = FacilityFactory(name="Gulf House", state="FL", time_zone="America/Chicago")
    referral = ReferralFactory(case=case, facility=panhandle, status="accepted")
    client.force_login(alice)
    assert post_admission(client, referral, "2026-12-05T09:00").status_code == 302
    referral.refresh_from_db()
    assert referral.admission_at == dt.datetime(2026, 12, 5, 9, 0, tzinfo=CENTRAL)
    assert "9:00 AM CST (America/Chicago)" in client.get(referral.get_absolute_url()).content.decode()


def test_a_time_that_does_not_exist_at_the_facility_is_a_form_error(client, alice, case, lodge):
    referral = ReferralFactory(case=case, facility=lodge, status="accepted")
    client.force_login(alice)
    response = post_admission(client, referral, "2027-03-14T02:30")  # clocks jump from 2:00 to 3:00 in Virginia
    assert response.status_code == 200
    assert "America/New_York" in str(response.context["admission_form"].errors["admission_at"])
    referral.refresh_from_db()
    assert referral.admission_at is None


def test_the_case_page_referrals_table_shows_the_facilitys_time(client, alice, case, scheduled):
    client.force_login(alice)
    assert f"Dec 5, 2026, {SHOWN}" in client.get(case.get_absolute_url()).content.decode()


def test_the_what_to_expect_sheet_says_nine_eastern(client, alice, case, scheduled):
    InterventionPlanFactory(case=case)
    client.force_login(alice)
    page = client.get(reverse("interventions:what-to-expect", kwargs={"case": case.pk})).content.decode()
    assert f"You are expected on Saturday, December 5, 2026 at {SHOWN}, the facility's local time." in page
    assert "6:00 AM" not in page


def test_the_plan_and_transition_pages_show_the_facilitys_time(client, alice, case, scheduled):
    plan = InterventionPlanFactory(case=case)
    InterventionEvent.objects.create(plan=plan, held_at=NINE_EASTERN, outcome="accepted_now", recorded_by=alice)
    TransitionChecklist.objects.create(plan=plan)
    client.force_login(alice)
    plan_page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert f"Dec 5, {SHOWN} at" in plan_page
    transition = client.get(reverse("interventions:transition", kwargs={"case": case.pk})).content.decode()
    assert f"Admission Saturday, December 5, {SHOWN} at Blue Ridge Lodge" in transition


def test_the_summary_prints_the_facilitys_time(case, scheduled):
    InterventionPlanFactory(case=case)
    html, _, _ = render_html(CaseSummaryFactory(case=case), generated_at=dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC))
    assert html.count(f"Dec 5, 2026, {SHOWN}") == 2  # the referrals table and the plan's admission


def test_a_reader_in_the_facilitys_zone_sees_no_zone_name(client, alice, case, scheduled):
    alice.time_zone = "America/New_York"
    alice.save()
    client.force_login(alice)
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert "Saturday, December 5, 2026, 9:00 AM EST" in page
    assert "(America/New_York)" not in page


def test_the_arrival_is_recorded_in_the_readers_zone_and_the_form_says_which(client, alice, case, scheduled):
    plan = InterventionPlanFactory(case=case)
    InterventionEvent.objects.create(plan=plan, held_at=NINE_EASTERN, outcome="accepted_now", recorded_by=alice)
    TransitionChecklist.objects.create(plan=plan)
    client.force_login(alice)
    page = client.get(reverse("interventions:transition", kwargs={"case": case.pk})).content.decode()
    assert "admitted the person, in America/Los_Angeles time." in page
