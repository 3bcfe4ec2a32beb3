"""An interventionist opens a case from an intake and moves it along, in a real browser."""

from __future__ import annotations

import re

import pytest

from interventions.models import Case, Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.browser.test_assessment import AUDIT, PHQ9, answer

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_intake_assessment_with_a_safety_flag_confirmed_level_then_planning(page, practice, alice):
    log_in(page, alice)
    assert_accessible(page)
    page.get_by_role("link", name="New case from intake").click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_label("Sex assigned at birth").select_option("male")
    page.get_by_label("Phone").first.fill("434-555-0199")
    page.get_by_label("Presenting concern").fill("Drinking every day; wife worried.")
    page.locator("#id_substances-0-substance").select_option("alcohol")
    page.locator("#id_substances-0-frequency").select_option("daily")
    page.get_by_role("button", name="Open the case").click()
    page.get_by_role("heading", name="Sam Reyes").wait_for()
    assert_accessible(page)

    page.get_by_label("Move to").select_option(Stage.ASSESSMENT)
    page.get_by_label("Why (kept in the timeline)").fill("Intake complete")
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case moved to Assessment.").wait_for()
    assert page.get_by_text("Moved to Assessment", exact=True).is_visible()
    case = Case.objects.get(last_name="Reyes")
    assert case.stage == Stage.ASSESSMENT

    # The assessment: AUDIT and PHQ-9 with item 9 above 0, scores, the flag, the suggested level, confirmed.
    page.get_by_role("link", name="New assessment").click()
    for dimension, rating in {
        1: "2: moderate",
        2: "0: none",
        3: "1: low",
        4: "1: low",
        5: "2: moderate",
        6: "1: low",
    }.items():
        page.get_by_role("group", name=re.compile(rf"^Dimension {dimension}:")).get_by_label(rating).check()
    audit = page.locator("#instrument-audit")
    audit.locator("summary").click()
    answer(audit, AUDIT)
    phq9 = page.locator("#instrument-phq-9")
    phq9.locator("summary").click()
    answer(phq9, PHQ9)
    page.get_by_role("button", name="Save the assessment").click()
    page.get_by_text("Assessment saved.").wait_for()
    assert page.locator("table.instrument-results").get_by_role("row", name=re.compile(r"^AUDIT 10 of 40")).is_visible()
    assert page.get_by_role("alert").filter(has_text="Safety flag").is_visible()
    assert page.locator(".suggested-level").inner_text() == "2.1 Intensive outpatient"
    assert_accessible(page)
    page.get_by_role("button", name="Record the level of care").click()
    page.get_by_text("Level of care 2.1 recorded.").wait_for()

    # Planning waits for the safety action; then the case moves on.
    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option(Stage.PLANNING)
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case was not moved").wait_for()
    page.locator(".safety-flag").first.get_by_role("link").first.click()
    page.get_by_label("Referred to the 988 Suicide & Crisis Lifeline").check()
    page.get_by_label("What was done").fill("Called 988 together; safety plan agreed.")
    page.get_by_role("button", name="Record the safety action").click()
    page.get_by_text("Safety action recorded.").wait_for()
    page.get_by_label("Move to").select_option(Stage.PLANNING)
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case moved to Planning.").wait_for()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING


def test_a_blocked_transition_lists_what_is_missing(page, practice, alice):
    from tests.factories import CaseFactory

    case = CaseFactory(organization=practice, lead=alice, presenting_concern="")
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option(Stage.ASSESSMENT)
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case was not moved").wait_for()
    assert page.get_by_role("alert").get_by_text("The presenting concern").is_visible()
    assert_accessible(page)
