"""The printable "What to expect" sheet names where the person is going, from the admitting referral, and keeps the
interventionist's internal notes off it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from interventions.queries import admitting_referral
from tests.factories import CaseFactory, FacilityFactory, InterventionPlanFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/New_York")


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, stage="planning")


@pytest.fixture
def lodge():
    return FacilityFactory(
        name="Blue Ridge Lodge",
        street1="12 Mill Road",
        city="Charlottesville",
        state="VA",
        postal_code="22902",
        admissions_phone="434-555-0142",
        admissions_hours="Every day 8 am to 6 pm",
    )


def sheet(client, case) -> str:
    return client.get(reverse("interventions:what-to-expect", kwargs={"case": case.pk})).content.decode()


def test_sheet_names_facility_address_phone_and_admission_time_without_the_travel_note(client, case, alice, lodge):
    InterventionPlanFactory(
        case=case, travel_plan="Dad drives; he tends to be late, call him twice.", packing_list="Warm jacket"
    )
    ReferralFactory(
        case=case,
        facility=lodge,
        status="admission_scheduled",
        admission_at=dt.datetime(2026, 12, 5, 15, 0, tzinfo=TZ),
        admission_contact="Jo Park",
    )
    ReferralFactory(case=case, status="declined", facility=FacilityFactory(name="Cedar House"))
    client.force_login(alice)
    page = sheet(client, case)
    assert "Blue Ridge Lodge" in page and "Cedar House" not in page
    assert "12 Mill Road, Charlottesville, VA 22902" in page
    assert "434-555-0142" in page and "Every day 8 am to 6 pm" in page
    assert "Saturday, December 5, 2026 at 3:00 PM" in page  # the practice's zone
    assert "Jo Park" in page and "Warm jacket" in page
    assert "Dad drives" not in page and "call him twice" not in page


def test_sheet_without_an_accepting_facility_says_so(client, case, alice):
    InterventionPlanFactory(case=case)
    ReferralFactory(case=case, status="sent")
    client.force_login(alice)
    page = sheet(client, case)
    assert (
        "as soon as a facility has accepted" in page and "Your interventionist will confirm the admission time" in page
    )


def test_admitting_referral_prefers_admitted_then_scheduled_then_accepted(case):
    assert admitting_referral(case) is None
    accepted = ReferralFactory(case=case, status="accepted")
    assert admitting_referral(case) == accepted
    scheduled = ReferralFactory(case=case, status="admission_scheduled")
    assert admitting_referral(case) == scheduled
    admitted = ReferralFactory(case=case, status="admitted")
    ReferralFactory(case=case, status="withdrawn")
    assert admitting_referral(case) == admitted


def test_sheet_prints_the_admission_in_the_facilitys_zone_whatever_the_printers_own(client, case, alice, lodge):
    """The sheet goes to the person: a 3:00 PM admission at a Portland facility is 3:00 PM on it, even printed
    by an interventionist whose own pages are on London time."""
    lodge.city, lodge.state, lodge.postal_code = "Portland", "OR", "97201"
    lodge.save(update_fields=["city", "state", "postal_code"])
    case.organization.time_zone = "America/Los_Angeles"
    case.organization.save(update_fields=["time_zone"])
    alice.time_zone = "Europe/London"
    alice.save(update_fields=["time_zone"])
    InterventionPlanFactory(case=case)
    pacific = ZoneInfo("America/Los_Angeles")
    ReferralFactory(
        case=case,
        facility=lodge,
        status="admission_scheduled",
        admission_at=dt.datetime(2026, 12, 5, 15, tzinfo=pacific),
    )
    client.force_login(alice)
    page = sheet(client, case)
    assert "Saturday, December 5, 2026 at 3:00 PM" in page
    assert "11:00 PM" not in page
