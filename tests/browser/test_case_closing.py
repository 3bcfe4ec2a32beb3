"""Closing a case asks first and says what it cancels; the practice's owner reopens it, in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftercare import services as aftercare_services
from aftercare.models import FollowUp
from interventions.models import Case, Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.factories import CaseFactory, SubstanceUseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_close_with_confirmation_then_the_owner_reopens(page, practice, alice, olivia):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.AFTERCARE, first_name="Sam", last_name="Reyes")
    SubstanceUseFactory(case=case)
    aftercare_services.admission_record(case=case, at=timezone.now() - dt.timedelta(days=10), by=alice)
    scheduled = case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).count()
    log_in(page, alice)

    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option(Stage.CLOSED)
    page.get_by_label("Why (kept in the timeline)").fill("The family moved abroad")
    page.get_by_role("button", name="Move the case").click()
    page.get_by_role("heading", name="Close the case of Sam Reyes?").wait_for()
    assert page.get_by_text(f"{scheduled} scheduled follow-ups will be cancelled").is_visible()
    assert_accessible(page)
    assert Case.objects.get(pk=case.pk).stage == Stage.AFTERCARE  # nothing happened yet
    page.get_by_role("button", name="Close the case").click()
    page.get_by_text("The case was closed.").wait_for()
    assert page.get_by_role("link", name="Edit intake").count() == 0
    assert page.get_by_role("button", name="Add note").count() == 0
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, olivia)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Reopen the case").click()
    assert_accessible(page)
    page.get_by_label("Why the case is reopened (kept in the timeline)").fill("Sam called: he wants support again")
    page.get_by_role("button", name="Reopen the case").click()
    page.get_by_text("The case was reopened at Aftercare.").wait_for()
    assert page.get_by_text("Reopened at Aftercare", exact=True).is_visible()
    assert Case.objects.get(pk=case.pk).follow_ups.filter(status=FollowUp.Status.SCHEDULED).exists()
