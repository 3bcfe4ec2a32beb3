"""The day everything leads to: plan it, fix what the readiness panel lists, schedule, record the "yes",
walk the transition and confirm admission, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interventions.models import Case, Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.factories import CaseFactory, ready_for_scheduling

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_plan_schedule_accept_transition_and_admit(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING, first_name="Sam", last_name="Reyes")
    referral, member = ready_for_scheduling(case)
    log_in(page, alice)

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Write the plan").click()  # the case page's intervention panel
    page.get_by_role("link", name="Write the plan").click()  # the empty plan page
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile("^Johnson")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Date and time").fill("2026-12-05T10:00")
    page.get_by_label("Place").fill("The Reyes home, 12 Oak St")
    page.locator("#id_contingency_plan").fill("The family keeps its boundaries; the bed is held 48 hours.")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("The plan was saved.").wait_for()

    readiness = page.get_by_role("region", name="Readiness for the day")
    for missing in ("At least one speaking or supporting participant", "Admission time confirmed", "Travel"):
        assert readiness.get_by_text(missing).is_visible()
    assert_accessible(page)

    page.get_by_label("Person").select_option(f"family:{member.pk}")
    page.get_by_label("Role").select_option("speaker")
    page.get_by_role("button", name="Add participant").click()
    page.get_by_text(f"{member.name} joined the plan").wait_for()

    # The admission time is kept once, on the accepted referral: the readiness panel leads there.
    readiness.get_by_role("link", name="Schedule the admission on the accepted referral.").click()
    page.get_by_label("Admission date and time").fill("2026-12-05T15:00")
    page.get_by_role("button", name="Schedule admission").click()
    page.get_by_text("Admission scheduled").first.wait_for()
    page.goto(reverse("interventions:plan-detail", kwargs={"case": case.pk}))
    page.get_by_role("link", name="Edit the plan").click()
    page.locator("#id_travel_plan").fill("The interventionist drives, with the brother.")
    page.get_by_label("Travel arranged").check()
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("The plan was saved.").wait_for()
    assert readiness.get_by_text("Missing").count() == 0
    assert readiness.get_by_text(f"A facility accepted the referral ({referral.facility.name})").is_visible()

    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option(Stage.SCHEDULED)
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case moved to Intervention scheduled.").wait_for()

    page.get_by_role("link", name="Open the plan").click()
    page.get_by_role("link", name="Record the outcome").click()
    assert_accessible(page)
    page.get_by_label("Accepted treatment now").check()
    page.get_by_label(member.name).check()
    page.locator("#id_how_it_went").fill("Everyone read their letter; Sam said yes after the third.")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_role("heading", name="Transition to treatment").wait_for()
    assert_accessible(page)

    page.get_by_label("Transport confirmed").check()
    page.get_by_label("Facility told we are on the way").check()
    page.get_by_label("ID, insurance card and paperwork packed").check()
    page.get_by_label("Current medications packed in original containers").check()
    page.get_by_role("button", name="Save the checklist").click()
    page.get_by_text("The checklist was saved.").wait_for()
    page.get_by_role("link", name='Printable "what to expect" sheet').click()
    page.get_by_role("heading", name="What to expect, Sam Reyes").wait_for()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="The facility confirmed arrival").click()
    page.get_by_text("Sam Reyes is in treatment.").wait_for()
    assert_accessible(page)

    case.refresh_from_db()
    referral.refresh_from_db()
    assert case.stage == Stage.IN_TREATMENT
    assert referral.status == "admitted"
    assert Case.objects.get(pk=case.pk).stage_changes.filter(to_stage=Stage.IN_TREATMENT).exists()
