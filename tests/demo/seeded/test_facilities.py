from __future__ import annotations

from consents.models import Consent, Disclosure, Recipient, ReferralPacket
from demo import facilities
from demo.context import SeedContext
from facilities.matching import CareNeeds, rank
from facilities.models import BedAvailability, Facility, FacilityService, PracticeRelationship
from interventions.models import Referral
from tests.demo.conftest import seed_demo


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Facility, FacilityService, BedAvailability, PracticeRelationship))


def test_seed_adds_sixty_facilities_in_three_regions_once(seeded):
    assert Facility.objects.count() == 60
    assert set(Facility.objects.values_list("state", flat=True)) == {"VA", "CO", "OR"}
    before = counts()
    seed_demo()
    assert counts() == before


def test_seeded_directory_is_deterministic_and_matchable(seeded):
    first = sorted(FacilityService.objects.values_list("facility__external_id", "code"))
    # Demo referrals (and the consents, packets and disclosures under which they went) protect their facilities.
    to_facilities = {"recipient__facility__isnull": False}
    Disclosure.objects.filter(**to_facilities).delete()
    ReferralPacket.objects.all().delete()
    Consent.objects.filter(**to_facilities).delete()
    Recipient.objects.filter(facility__isnull=False).delete()
    Referral.objects.all().delete()
    Facility.objects.all().delete()
    facilities.run(SeedContext())
    assert sorted(FacilityService.objects.values_list("facility__external_id", "code")) == first
    matches = rank(CareNeeds(level_of_care="3.5", postal_code="22902", max_distance_km=150))
    assert matches and all(m.facility.state == "VA" for m in matches)
    assert Facility.objects.filter(is_archived=True).exists()


def test_demo_cases_get_referrals_once(seeded):
    count = Referral.objects.count()
    assert count and Referral.objects.filter(status="admitted").exists()
    assert Referral.objects.filter(relationship_kind="referral_agreement").exists()
    seed_demo()
    assert Referral.objects.count() == count
