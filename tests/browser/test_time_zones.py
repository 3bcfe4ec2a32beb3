"""Times and places in a real browser: the owner sets the practice's zone, a member their own, and a plan at a place
in another zone shows that zone; each page passes axe."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interventions.models import Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.factories import CaseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_owner_sets_the_zone_a_member_their_own_and_a_plan_names_its_place_zone(page, practice, olivia, alice):
    log_in(page, olivia)
    page.goto(practice.get_absolute_url())
    page.get_by_role("combobox", name="Time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Save the time zone").click()
    page.get_by_text("The practice's time zone is now America/Los_Angeles.").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Olivia Owens").click()
    page.get_by_role("link", name="Name and time zone").click()
    page.get_by_text("shown in America/Los_Angeles").wait_for()
    page.get_by_label("My time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("shown in Europe/London").wait_for()
    assert_accessible(page)

    case = CaseFactory(organization=practice, lead=olivia, stage=Stage.PLANNING)
    page.goto(reverse("interventions:plan-edit", kwargs={"case": case.pk}))
    page.get_by_role("radio", name=re.compile("^Johnson")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Date and time").fill("2026-12-05T10:00")
    page.get_by_label("Place").fill("The lake house")
    page.get_by_role("combobox", name="Time zone").select_option("America/Denver")
    assert_accessible(page)
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("10:00 AM MST (America/Denver)").wait_for()
