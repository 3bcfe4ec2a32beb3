"""Every referral of the story cases went to its facility under a consent signed by then, with its packet and
disclosure (the past cases of demo.history carry what the reports count, not their consents)."""

from __future__ import annotations

from django.utils import timezone

from consents.models import Consent, Disclosure, ReferralPacket
from demo.timeline import story_cases
from interventions.models import Case, Referral
from tests.demo.conftest import seed_demo


def test_every_referral_has_a_consent_signed_by_then_a_sent_packet_and_a_disclosure(seeded):
    referrals = Referral.objects.filter(case__in=story_cases(Case.objects.all())).select_related(
        "case__organization", "facility"
    )
    assert referrals.exists()
    for referral in referrals:
        day = timezone.localdate(referral.created_at, referral.case.organization.zone)
        consent = Consent.objects.filter(
            case=referral.case, recipient__facility=referral.facility, signed_on__lte=day
        ).first()
        assert consent is not None, referral
        assert consent.is_active_at(referral.created_at)
        if referral.status != "draft":
            packet = ReferralPacket.objects.get(referral=referral)
            # Emailed to the admissions address, or faxed when the facility has none.
            emailed = bool(referral.facility.admissions_email)
            assert packet.status == ("sent" if emailed else "handed_over") and not packet.file
            assert (packet.sent_at if emailed else packet.handed_over_at) == referral.created_at
            disclosure = Disclosure.objects.get(referral=referral, recipient=consent.recipient, at=referral.created_at)
            assert disclosure.how == ("packet_email" if emailed else "packet_handed_over")
            assert (packet.email_to in disclosure.detail) if emailed else ("fax to admissions" in disclosure.detail)


def test_a_second_seed_adds_no_consent_packet_or_disclosure(seeded):
    counts = [Consent.objects.count(), ReferralPacket.objects.count(), Disclosure.objects.count()]
    seed_demo()
    assert [Consent.objects.count(), ReferralPacket.objects.count(), Disclosure.objects.count()] == counts


def test_a_case_in_aftercare_names_its_therapist_and_a_call_told_the_facility_its_needs(seeded):
    therapist = Consent.objects.get(recipient__name="Dr. Lena Ortiz")
    assert therapist.recipient.kind == "other" and therapist.recipient.email and therapist.is_active
    call = Disclosure.objects.get(case=therapist.case, how="call")
    assert call.referral is not None and call.categories == ["level_of_care_and_needs"]
    assert call.recipient.facility_id == call.referral.facility_id
    assert call.consent.is_active_at(call.at)
