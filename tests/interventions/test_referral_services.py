"""Referral services: sending, recorded transitions, logs, insurance, admission; the case's care needs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.exceptions import DomainError
from facilities.matching import rank
from interventions import services
from interventions.care_needs import care_needs_for
from interventions.models import Case, Referral, ReferralStatusChange
from tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ConsentFactory,
    FacilityFactory,
    PracticeRelationshipFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def consent_to_refer(case, *facilities):
    """The person's consent letting each facility be told who they are: a referral needs it (42 CFR 2.31)."""
    for facility in facilities:
        ConsentFactory(recipient=facility, case=case, categories=["identity_and_contact"])


@pytest.fixture
def case(practice, alice):
    return CaseFactory(
        organization=practice,
        lead=alice,
        sex="female",
        payer="MD",
        veteran=True,
        preferred_language="SP",
        postal_code="22902",
        date_of_birth=dt.date(1990, 1, 1),
        withdrawal_seizures_history=True,
    )


def test_care_needs_come_from_the_intake_and_the_confirmed_assessment(case, alice):
    needs = care_needs_for(case)
    assert (needs.payment, needs.sex, needs.language, needs.postal_code) == ("MD", "female", "SP", "22902")
    assert needs.populations == {"VET"} and needs.age == case.age and needs.max_distance_km == 500
    assert (needs.level_of_care, needs.withdrawal_management) == (None, False)
    AssessmentFactory(
        case=case,
        confirmed_level="3.7",
        withdrawal_management=True,
        co_occurring=True,
        confirmed_at=timezone.now(),
        confirmed_by=alice,
    )
    needs = care_needs_for(case)
    assert (needs.level_of_care, needs.withdrawal_management, needs.co_occurring) == ("3.7", True, True)


def test_english_unknown_sex_and_no_payer_add_no_needs(practice, alice):
    case = CaseFactory(
        organization=practice, lead=alice, sex="unknown", payer="", preferred_language="EN", postal_code=""
    )
    needs = care_needs_for(case)
    assert (needs.payment, needs.sex, needs.language, needs.max_distance_km) == (None, None, None, None)


def test_sending_creates_one_referral_per_facility_with_disclosure_and_reasons(case, alice, practice):
    one = FacilityFactory(name="One", codes=["RS", "RD", "MD", "FEM", "VET", "SP", "ADLT"])
    two = FacilityFactory(name="Two", codes=["RS", "RD", "MD", "FEM", "VET", "SP", "ADLT"])
    PracticeRelationshipFactory(organization=practice, facility=two, kind="ownership", details="Owned by Olivia")
    matches = {m.facility.pk: m for m in rank(care_needs_for(case))}
    assert set(matches) == {one.pk, two.pk}
    before = case.last_activity_at
    consent_to_refer(case, one, two)
    sent = services.referrals_send(case=case, facilities=[one, two], by=alice, note="Urgent", matches=matches)
    assert [r.status for r in sent] == ["sent", "sent"]
    assert sent[1].relationship_kind == "ownership" and sent[1].relationship_details == "Owned by Olivia"
    assert sent[0].relationship_kind == "" and "Accepts Medicaid" in sent[0].match_reasons
    assert ReferralStatusChange.objects.filter(referral__case=case, from_status="", to_status="sent").count() == 2
    assert Case.objects.get(pk=case.pk).last_activity_at > before


def test_no_second_open_referral_to_the_same_facility_nor_to_an_archived_one(case, alice):
    facility = FacilityFactory()
    archived = FacilityFactory(is_archived=True)
    consent_to_refer(case, facility, archived)
    services.referrals_send(case=case, facilities=[facility], by=alice)
    with pytest.raises(DomainError, match="already has an open referral"):
        services.referrals_send(case=case, facilities=[facility], by=alice)
    with pytest.raises(DomainError, match="archived"):
        services.referrals_send(case=case, facilities=[archived], by=alice)
    assert case.referrals.count() == 1


def test_transitions_are_recorded_and_bad_ones_refused(case, alice):
    referral = ReferralFactory(case=case)
    services.referral_change_status(referral=referral, to="under_review", by=alice, note="They asked for labs")
    services.referral_change_status(referral=referral, to="accepted", by=alice)
    with pytest.raises(DomainError, match="Record the admission date"):
        services.referral_change_status(referral=referral, to="admission_scheduled", by=alice)
    with pytest.raises(DomainError, match="cannot become sent"):
        services.referral_change_status(referral=referral, to="sent", by=alice)
    referral.refresh_from_db()
    assert referral.status == "accepted"
    steps = list(referral.status_changes.values_list("from_status", "to_status", "note"))
    assert steps == [("sent", "under_review", "They asked for labs"), ("under_review", "accepted", "")]


def test_admitted_declined_and_withdrawn_are_final(case, alice):
    for final in ("admitted", "declined", "withdrawn"):
        referral = ReferralFactory(case=case, status=final)
        assert referral.allowed_next_statuses == []
        with pytest.raises(DomainError):
            services.referral_change_status(referral=referral, to="sent", by=alice)


def test_scheduling_the_admission_moves_an_accepted_referral(case, alice):
    referral = ReferralFactory(case=case, status="accepted")
    when = timezone.now() + dt.timedelta(days=2)
    services.referral_schedule_admission(
        referral=referral,
        by=alice,
        admission_at=when,
        admission_contact="Jo",
        what_to_bring="ID",
        transport="family",
        transport_details="Sister drives",
    )
    referral.refresh_from_db()
    assert referral.status == "admission_scheduled" and referral.admission_at == when
    assert referral.next_step.startswith("Confirm transport")
    services.referral_change_status(referral=referral, to="admitted", by=alice)
    assert Referral.objects.get(pk=referral.pk).status == "admitted"


def test_contacts_and_verifications_are_logged_with_who(case, alice):
    referral = ReferralFactory(case=case)
    contact = services.referral_contact_log(
        referral=referral, by=alice, kind="call", with_whom="Jo", summary="Bed Friday"
    )
    verification = services.referral_verify_insurance(
        referral=referral,
        by=alice,
        payer="Medicaid",
        member_id="X1",
        verified_with="Provider line ref 9",
        network="in",
        prior_authorization_required=True,
        prior_authorization_obtained=False,
        outcome="pending",
    )
    assert (contact.by, contact.kind, verification.by) == (alice, "call", alice)
    assert list(referral.contacts.all()) == [contact] and referral.verifications.get() == verification


def test_confirming_arrival_admits_the_scheduled_referral(case, alice):
    from interventions.services.referral_hooks import admit_referral

    accepted = ReferralFactory(case=case, status="accepted")
    scheduled = ReferralFactory(case=case, status="admission_scheduled", facility=FacilityFactory(name="Lodge"))
    assert admit_referral(case=case, by=alice, arrived_at=timezone.now()) == "Lodge"
    scheduled.refresh_from_db()
    accepted.refresh_from_db()
    assert (scheduled.status, accepted.status) == ("admitted", "accepted")
    assert scheduled.status_changes.get().note.startswith("Arrival confirmed")


def test_arrival_without_an_accepted_referral_names_no_facility(case, alice):
    from interventions.services.referral_hooks import admit_referral

    ReferralFactory(case=case, status="sent")
    assert admit_referral(case=case, by=alice, arrived_at=timezone.now()) == ""


@pytest.mark.services("pdftotext")
def test_the_case_summary_lists_the_referrals_with_the_disclosed_relationship(case, alice, practice):
    from interventions.models import CaseSummary
    from tests.interventions.conftest import flat, pdf_text

    lodge = FacilityFactory(name="Blue Ridge Lodge", city="Charlottesville")
    PracticeRelationshipFactory(organization=practice, facility=lodge, kind="paid_consulting", details="Monthly")
    consent_to_refer(case, lodge)
    services.referrals_send(case=case, facilities=[lodge], by=alice)
    summary = services.summary_request(case=case, version="clinical", by=alice)
    summary = services.summary_build(summary_id=summary.pk)
    assert summary.status == CaseSummary.Status.READY and "referrals" in summary.sections
    with summary.file.open("rb") as handle:
        words = flat(pdf_text(handle.read()))
    assert "Referrals sent, oldest first" in words  # the table's caption
    assert "Blue Ridge Lodge" in words and "Paid consulting: Monthly" in words
