"""From a case: open matches, send two referrals, log a call, record verification, accept, schedule admission."""

from __future__ import annotations

import datetime as dt

import pytest

from interventions.models import Referral
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    PASSWORD,
    BedAvailabilityFactory,
    CaseFactory,
    ConsentFactory,
    FacilityFactory,
    PracticeRelationshipFactory,
)

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def settle(page) -> None:
    page.mouse.move(0, 0)
    page.wait_for_timeout(250)


def test_interventionist_refers_a_case_through_to_admission(page, practice, alice):
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
    lodge = FacilityFactory(name="Blue Ridge Lodge", codes=["RS", "PI", "ADLT", "MALE", "12STEP"])
    cedar = FacilityFactory(name="Cedar House", codes=["RS", "PI", "ADLT", "MALE"])
    for facility in (lodge, cedar):
        ConsentFactory(recipient=facility, case=case, categories=["identity_and_contact"])
    FacilityFactory(name="Medicaid Only", codes=["RS", "MD", "ADLT", "MALE"])
    BedAvailabilityFactory(facility=lodge, setting="RS", available=2)
    PracticeRelationshipFactory(organization=practice, facility=lodge, kind="referral_agreement", details="Signed 2025")

    log_in(page, alice.email, PASSWORD)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Find facilities").click()
    page.get_by_role("heading", name="Facility matches for Daniel Whitaker").wait_for()
    page.get_by_text("Disclosed relationship:").wait_for()
    assert_accessible(page)

    page.get_by_label("Refer to Blue Ridge Lodge").check()
    page.get_by_label("Refer to Cedar House").check()
    page.get_by_label("Note to the facilities").fill("Family ready; can travel this week.")
    page.get_by_role("button", name="Send referrals").click()
    page.get_by_text("Referral sent to").wait_for()
    assert case.referrals.count() == 2
    assert_accessible(page)

    page.locator("a[href*='/referrals/']", has_text="Blue Ridge Lodge").first.click()  # the consents panel names it too
    page.get_by_role("heading", name="Referral of Daniel Whitaker to Blue Ridge Lodge").wait_for()
    assert_accessible(page)

    log = page.get_by_role("form", name="Log a contact")
    log.get_by_label("Kind").select_option("call")
    log.get_by_label("With whom").fill("Jordan Lee, admissions")
    log.get_by_role("textbox", name="Summary").fill("Received the packet; a bed opens Friday.")
    log.get_by_role("checkbox", name="Identity and contact").check()  # covered by the consent: a disclosure
    log.get_by_role("button", name="Add to the log").click()
    page.get_by_text("Added to the communication log").wait_for()

    page.get_by_text("Record a verification").click()
    verify = page.get_by_role("form", name="Record an insurance verification")
    verify.get_by_label("Payer").fill("Anthem Blue Cross PPO")
    verify.get_by_label("Member id").fill("XJH-100200")
    verify.get_by_label("Verified with").fill("Provider services, Kim, ref 55-0192")
    verify.get_by_label("Network").select_option("in")
    verify.get_by_label("Deductible (USD)", exact=True).fill("1500")
    verify.get_by_label("Prior authorisation needed").check()
    verify.get_by_label("Prior authorisation obtained").check()
    verify.get_by_label("Outcome").select_option("covered")
    verify.get_by_role("button", name="Record verification").click()
    page.get_by_text("The insurance verification was recorded").wait_for()

    status = page.get_by_role("form", name="Change the status")
    status.get_by_label("New status").select_option("accepted")
    status.get_by_label("Why or what was said").fill("Accepted for Friday.")
    status.get_by_role("button", name="Update status").click()
    page.get_by_text("The referral's status was updated").wait_for()

    admission = page.get_by_role("form", name="Admission logistics")
    admission.get_by_label("Admission date and time").fill("2026-12-04T10:00")
    admission.get_by_label("Admission contact").fill("Jordan Lee")
    admission.get_by_label("What to bring").fill("Photo ID, insurance card, medications in original bottles")
    admission.get_by_label("Transport", exact=True).select_option("interventionist")
    admission.get_by_role("button", name="Schedule admission").click()
    page.get_by_text("The admission logistics were saved").wait_for()
    settle(page)
    assert_accessible(page)

    referral = Referral.objects.get(case=case, facility=lodge)
    assert referral.status == "admission_scheduled"
    assert referral.contacts.get().with_whom == "Jordan Lee, admissions"
    assert referral.verifications.get().prior_authorization_obtained
    page.goto(case.get_absolute_url())
    page.get_by_text("Confirm transport and mark the person admitted on arrival").wait_for()
    assert_accessible(page)
