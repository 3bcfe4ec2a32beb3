"""The portal names the facility only under a consent covering "Facility and admission", and its welcome follows
the case (where the person is now only under a consent covering the stage)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from consents.models import Disclosure
from consents.services import consent as consent_services
from interventions.disclosure import Category
from tests.factories import ConsentFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/New_York")


@pytest.fixture
def referral(case):
    lodge = FacilityFactory(
        name="Blue Ridge Lodge", street1="12 Mill Road", city="Charlottesville", state="VA", postal_code="22902"
    )
    lodge.admissions_phone = "434-555-0142"
    lodge.save()
    return ReferralFactory(
        case=case, facility=lodge, status="admission_scheduled", admission_at=dt.datetime(2026, 12, 5, 15, tzinfo=TZ)
    )


def portal(client, member) -> str:
    return client.get(member.get_portal_url()).content.decode()


def test_facility_panel_shows_under_consent_and_is_recorded(client, member, carol, referral):
    consent = ConsentFactory(recipient=member, categories=[Category.FACILITY_AND_ADMISSION])
    client.force_login(carol)
    page = portal(client, member)
    assert "Facility and admission" in page and "Blue Ridge Lodge" in page
    assert "12 Mill Road, Charlottesville, VA 22902" in page and "434-555-0142" in page
    assert "Expected on Saturday, December 5, 2026 at 3:00 PM" in page
    assert "Current stage" not in page  # the stage is another category
    disclosure = Disclosure.objects.get()
    assert disclosure.categories == [Category.FACILITY_AND_ADMISSION] and disclosure.consent == consent


def test_facility_panel_is_hidden_without_consent_and_after_revocation(client, member, carol, alice, referral):
    stage_only = ConsentFactory(recipient=member, categories=[Category.STAGE_AND_STATUS])
    client.force_login(carol)
    assert "Blue Ridge Lodge" not in portal(client, member)
    consent = ConsentFactory(recipient=member, categories=[Category.FACILITY_AND_ADMISSION])
    assert "Blue Ridge Lodge" in portal(client, member)
    consent_services.consent_revoke(consent=consent, by=alice, requested_by="Sam Chen, by phone")
    page = portal(client, member)
    assert "Blue Ridge Lodge" not in page and "Facility and admission" not in page
    assert stage_only.pk and "Current stage" in page


@pytest.mark.parametrize(
    ("stage", "with_stage_consent", "expected", "absent"),
    [
        ("planning", False, "will explain which approach your family will follow", "has taken place"),
        ("in_treatment", True, "Sam is in treatment now", "You will prepare together"),
        ("in_treatment", False, "The intervention has taken place", "in treatment now"),
        ("aftercare", True, "Sam has moved from treatment into aftercare", "You will prepare together"),
        ("aftercare", False, "The intervention has taken place", "aftercare:"),
        ("closed", False, "has closed this case", "You will prepare together"),
    ],
)
def test_welcome_text_follows_the_stage(client, case, member, carol, stage, with_stage_consent, expected, absent):
    case.stage = stage
    case.save(update_fields=["stage"])
    if with_stage_consent:
        ConsentFactory(recipient=member, categories=[Category.STAGE_AND_STATUS])
    client.force_login(carol)
    page = portal(client, member)
    assert expected in page and absent not in page


def test_facility_panel_shows_the_admission_in_the_facilitys_zone_named(client, practice, member, carol, referral):
    """Issue 14: the family of a Los Angeles practice reads the Virginia facility's time, named, not 12:00 PM."""
    practice.time_zone = "America/Los_Angeles"
    practice.save()
    ConsentFactory(recipient=member, categories=[Category.FACILITY_AND_ADMISSION])
    client.force_login(carol)
    page = portal(client, member)
    assert "Expected on Saturday, December 5, 2026 at 3:00 PM EST (America/New_York)" in page
    assert "12:00 PM" not in page
