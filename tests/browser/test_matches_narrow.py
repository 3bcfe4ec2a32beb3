"""The matches page on a phone: nothing scrolls sideways at 390 px, and the score says why in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page
from tests.factories import BedAvailabilityFactory, CaseFactory, FacilityFactory, PracticeRelationshipFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_matches_page_fits_390px_and_explains_each_score(browser, live_server, practice, alice):
    case = CaseFactory(
        organization=practice,
        lead=alice,
        first_name="Daniel",
        last_name="Whitaker",
        sex="male",
        payer="PI",
        postal_code="22902",
        date_of_birth=dt.date(1984, 3, 9),
        preferred_language="EN",
    )
    lodge = FacilityFactory(
        name="Blue Ridge Lodge for Extraordinarily Long Named Recovery Programs",
        codes=["RS", "RD", "PI", "ADLT", "MALE", "12STEP"],
        last_verified_at=timezone.now() - dt.timedelta(days=200),
    )
    cedar = FacilityFactory(name="Cedar House", codes=["RS", "PI", "ADLT", "MALE"])
    BedAvailabilityFactory(facility=cedar, setting="RS", available=1, updated_at=timezone.now() - dt.timedelta(days=5))
    BedAvailabilityFactory(facility=lodge, setting="RD", available=5, updated_at=timezone.now() - dt.timedelta(hours=2))
    PracticeRelationshipFactory(organization=practice, facility=lodge, kind="referral_agreement", details="Signed 2025")

    page = phone_page(browser, live_server)
    log_in(page, alice.email)
    page.get_by_role("heading", name="Caseload").wait_for()
    page.goto(f"/cases/{case.pk}/matches/")
    page.get_by_role("heading", name="Facility matches for Daniel Whitaker").wait_for()
    for summary in page.locator("summary").all():
        summary.click()  # open every folded part: they must fit too
    assert_no_sideways_scroll(page)
    assert page.get_by_text("5 open beds in Residential detoxification, confirmed 2").first.is_visible()
    assert page.get_by_text("Why this score").first.is_visible()
    assert page.get_by_text("Stale listing").is_visible()
    assert_accessible(page)

    many_needs = (
        "search=1&level_of_care=3.7&withdrawal_management=on&co_occurring=on&payment=SAMF&age=40&sex=male"
        "&populations=XA&populations=DV&populations=TRMA&medications=BERI&medications=VTRL&language=F17"
        "&philosophy=12STEP&therapies=EMDR&environment=RURAL"
    )
    page.goto(f"/cases/{case.pk}/matches/?{many_needs}")
    page.get_by_role("heading", name="What each need rules out").wait_for()
    for summary in page.locator("summary").all():
        summary.click()
    assert_no_sideways_scroll(page)  # the page with every need too
    page.context.close()
