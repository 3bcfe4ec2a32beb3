"""Admit a person, see the follow-ups, record one, write and print the aftercare plan; axe on every page."""

from __future__ import annotations

import pytest

from aftercare.models import FollowUp
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff
from tests.factories import CaseFactory, SubstanceUseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_admit_see_follow_ups_record_one_and_write_and_print_the_plan(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage="held", first_name="Sam", last_name="Reyes")
    SubstanceUseFactory(case=case)
    log_in_staff(page, alice)

    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option("in_treatment")
    page.get_by_label("Override the readiness checks because").fill("Admissions confirmed arrival by phone")
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case moved to In treatment").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Follow-ups, plan and outcomes").click()
    page.get_by_role("heading", name="Aftercare: Sam Reyes").wait_for()
    assert page.get_by_role("cell", name="7-day with the person (after admission)", exact=True).is_visible()
    assert page.get_by_role("cell", name="90-day with the facility (after admission)", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record 7-day with the person").click()
    page.get_by_role("heading", name="Record follow-up").wait_for()
    assert_accessible(page)
    page.get_by_label("Yes, we talked").check()
    page.get_by_label("Engagement").select_option("3")
    page.get_by_label("Days abstinent").fill("7")
    page.get_by_label("Substance use since last contact").select_option("false")
    page.get_by_label("Notes").fill("Settling in, going to groups.")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_text("Follow-up recorded").wait_for()
    assert FollowUp.objects.get(case=case, kind="person", offset_days=7).status == "done"
    assert_accessible(page)

    page.get_by_role("link", name="Write the aftercare plan").click()
    page.get_by_role("heading", name="Aftercare plan for Sam Reyes").wait_for()
    page.get_by_label("Step-down level of care (ASAM)").select_option("2.1")
    page.get_by_label("Step down provider").fill("Riverside IOP")
    page.get_by_label("Naltrexone (oral)").check()
    page.get_by_label("Triggers").fill("Payday; the old crowd")
    page.get_by_label("Who to call").fill("Sponsor Mike 434-555-0199")
    page.locator("#id_groups-0-type").select_option("aa")
    page.locator("#id_groups-0-meeting").fill("Downtown Big Book")
    page.locator("#id_groups-0-weekday").select_option("1")
    page.locator("#id_groups-0-time").fill("19:00")
    assert_accessible(page)
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Aftercare plan saved as version 1").wait_for()
    assert page.get_by_text("Downtown Big Book").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Printable version").click()
    page.get_by_role("heading", name="Aftercare plan for Sam Reyes").wait_for()
    assert page.get_by_text("Payday; the old crowd").is_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    pdf_text = page.pdf()
    assert pdf_text.startswith(b"%PDF")
