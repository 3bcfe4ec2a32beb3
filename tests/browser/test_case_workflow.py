"""An interventionist opens a case from an intake and moves it along, in a real browser."""

from __future__ import annotations

import pytest

from interventions.models import Case, Stage
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Caseload").wait_for()


def test_intake_to_assessment(page, practice, alice):
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
    assert Case.objects.get(last_name="Reyes").stage == Stage.ASSESSMENT


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
