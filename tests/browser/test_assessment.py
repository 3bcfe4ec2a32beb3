"""An interventionist assesses a person on an existing case, in a real browser: AUDIT and PHQ-9 with item 9
above 0, the scores, the safety flag and the suggested level of care, confirmed; then the safety action."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from interventions.models import Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.factories import CaseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]

AUDIT = ["Monthly or less", "3 or 4", "Monthly", "Less than monthly", "Never", "Never", "Less than monthly", "Never",
         "No", "Yes, during the last year"]  # fmt: skip
PHQ9 = ["Several days"] * 8 + ["Several days"]


def answer(section, choices: list[str]) -> None:
    """Pick each item's option by keyboard-usable radio labels inside the item's fieldset."""
    for number, choice in enumerate(choices, start=1):
        group = section.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_label(choice, exact=True).check()


def test_assessment_with_audit_and_phq9_raises_the_safety_flag_and_confirms_the_level(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Reyes", stage=Stage.ASSESSMENT)
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="New assessment").click()
    page.get_by_role("heading", name="Assessment of Sam Reyes").wait_for()
    assert_accessible(page)

    page.get_by_label("Nature and severity of use").fill("Six to eight beers most nights.")
    for dimension, rating in {
        1: "2: moderate",
        2: "0: none",
        3: "1: low",
        4: "1: low",
        5: "2: moderate",
        6: "1: low",
    }.items():
        group = page.get_by_role("group", name=re.compile(rf"^Dimension {dimension}:"))
        group.get_by_label(rating).check()

    audit = page.locator("#instrument-audit")
    audit.locator("summary").click()
    answer(audit, AUDIT)
    phq9 = page.locator("#instrument-phq-9")
    phq9.locator("summary").focus()
    page.keyboard.press("Enter")  # a <details> opens from the keyboard
    answer(phq9, PHQ9)
    phq9.get_by_role("group", name=re.compile("^If you checked off any problems")).get_by_label(
        "Somewhat difficult"
    ).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the assessment").click()

    page.get_by_text("Assessment saved.").wait_for()
    results = page.locator("table.instrument-results")
    assert results.get_by_role("row", name=re.compile(r"^AUDIT 10 of 40 .*Zone II: hazardous")).is_visible()
    assert results.get_by_text("AUDIT-C: 4 of 12").is_visible()
    assert results.get_by_role("row", name=re.compile(r"^PHQ-9 9 of 27 Mild")).is_visible()
    assert page.get_by_text("A screen, not a diagnosis: a clinician decides.").first.is_visible()
    alert = page.get_by_role("alert").filter(has_text="Safety flag")
    assert alert.get_by_text("Suicide risk (PHQ-9 item 9)").is_visible()
    assert page.locator(".suggested-level").inner_text() == "2.1 Intensive outpatient"
    assert page.get_by_text("Dimension 1 rated 2 (moderate withdrawal risk)").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record the level of care").click()
    page.get_by_text("Level of care 2.1 recorded.").wait_for()
    assert page.get_by_text("Confirmed: level of care 2.1 Intensive outpatient").is_visible()
    assessment = case.assessments.get()
    assert (assessment.confirmed_level, assessment.confirmed_by) == ("2.1", alice)
    assert_accessible(page)

    # The flag stays on the case page and the caseload until the safety action is recorded.
    page.goto("/cases/")
    page.get_by_role("heading", name="Needs attention").wait_for()
    assert page.locator(".safety-flag").filter(has_text="Sam Reyes").is_visible()
    page.locator(".safety-flag").filter(has_text="Sam Reyes").get_by_role("link").click()
    page.get_by_role("heading", name="Safety flag: Suicide risk (PHQ-9 item 9)").wait_for()
    assert_accessible(page)
    page.get_by_label("Referred to the 988 Suicide & Crisis Lifeline").check()
    page.get_by_label("What was done").fill("Called 988 together; safety plan agreed.")
    page.get_by_role("button", name="Record the safety action").click()
    page.get_by_text("Safety action recorded.").wait_for()
    assert page.get_by_role("heading", name="Sam Reyes").is_visible()
    assert page.locator(".safety-flag").count() == 0
    assert_accessible(page)


def test_the_form_asks_only_what_the_gate_and_crafft_part_a_ask(page, practice, alice):
    today = dt.date.today()
    case = CaseFactory(organization=practice, lead=alice, date_of_birth=today.replace(year=today.year - 17))
    log_in(page, alice)
    page.goto(f"/cases/{case.pk}/assessments/new/")
    ptsd = page.locator("#instrument-pc-ptsd-5")
    ptsd.locator("summary").click()
    first_item = ptsd.get_by_role("group", name=re.compile(r"^1\. had nightmares"))
    assert not first_item.is_visible()  # nothing asked before the gate question
    ptsd.get_by_role("group", name=re.compile("^Sometimes things happen")).get_by_label("Yes").check()
    assert first_item.is_visible()
    ptsd.get_by_role("group", name=re.compile("^Sometimes things happen")).get_by_label("No").check()
    assert not first_item.is_visible()

    crafft = page.locator("#instrument-crafft")
    crafft.locator("summary").click()
    for label in ("Drink more than a few sips", "Use any marijuana", "Use anything else to get high"):
        crafft.get_by_label(label).fill("0")
    car = crafft.get_by_role("group", name=re.compile(r"^1\. Have you ever ridden in a CAR"))
    relax = crafft.get_by_role("group", name=re.compile(r"^2\. Do you ever use alcohol or drugs to RELAX"))
    assert car.is_visible() and not relax.is_visible()
    crafft.get_by_label("Use any marijuana").fill("3")
    assert relax.is_visible()
    assert_accessible(page)
