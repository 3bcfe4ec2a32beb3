"""Demo consents: each case (of every demo practice) with referrals gets, per referred facility, the consent that lets the referral go
there (signed in person on the day of the first referral to it, witnessed by the lead, ending 90 days after
discharge), and each referral the packet emailed with it (no PDF kept: building them is slow) and the disclosure
that packet was. Runs after the referrals seed. Idempotent: a facility already named on a consent of the case gets
no new one; a referral that has a packet gets no new one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consents.models import Consent, Disclosure, Recipient, ReferralPacket
from consents.services.consent import consent_record, recipient_create, recipient_for_facility
from interventions.disclosure import Category, How
from interventions.models import Case, Referral, ReferralContact, ReferralStatus, Stage
from interventions.services.referral import referral_contact_log

from .context import SeedContext
from .timeline import entered, story_cases

CATEGORIES = [
    Category.IDENTITY_AND_CONTACT,
    Category.SUBSTANCE_USE_AND_ASSESSMENT,
    Category.LEVEL_OF_CARE_AND_NEEDS,
    Category.INSURANCE,
]


def run(ctx: SeedContext) -> None:
    cases = (
        story_cases(Case.objects.filter(referrals__isnull=False))
        .distinct()
        .select_related("lead", "organization")
        .order_by("pk")
    )
    for case in cases:
        for referral in case.referrals.select_related("facility").order_by("created_at", "pk"):
            consent = _consent(ctx, case, referral)
            _packet(ctx, case, referral, consent)
    _therapist(ctx)
    _shared_call(ctx)


def _consent(ctx: SeedContext, case: Case, referral: Referral) -> Consent:
    recipient = recipient_for_facility(case=case, facility=referral.facility)
    existing = Consent.objects.filter(case=case, recipient=recipient).order_by("signed_on", "pk").first()
    if existing:
        return existing
    ctx.created += 1
    # consent_record resolves the discharge already past (a case in aftercare or closed) from the stage history.
    return consent_record(
        case=case,
        recipient=recipient,
        by=case.lead,
        patient_name=case.full_name,
        discloser=str(case.organization),
        categories=CATEGORIES,
        purpose=f"To refer me for treatment at {referral.facility.name} and arrange my admission.",
        expiry_kind=Consent.ExpiryKind.EVENT,
        expiry_event_kind=Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE,
        expiry_event_days=90,
        revocation_right_explained=True,
        treatment_not_conditioned=True,
        signed_name=case.full_name,
        signed_on=timezone.localdate(referral.created_at, case.organization.zone),
        signature_method=Consent.Method.IN_PERSON,
        witness_name=str(case.lead),
        created_at=referral.created_at,
    )


def _packet(ctx: SeedContext, case: Case, referral: Referral, consent: Consent) -> None:
    if referral.packets.exists():
        return
    facility = referral.facility
    email = facility.admissions_email
    # Without an admissions email the packet was faxed to admissions (as a user records it), else emailed.
    fax = f"fax to admissions, {facility.admissions_phone or facility.intake_phone or facility.phone or 'by hand'}"
    sent = {"status": ReferralPacket.Status.SENT, "sent_at": referral.created_at}
    faxed = {
        "status": ReferralPacket.Status.HANDED_OVER,
        "handed_over_at": referral.created_at,
        "handed_over_how": fax,
        "handed_over_by": case.lead,
    }
    ReferralPacket.objects.create(
        referral=referral,
        consent=consent,
        categories=consent.categories,
        email_to=email,
        created_at=referral.created_at,
        created_by=case.lead,
        queued_at=referral.created_at,
        attempts=1,
        **(sent if email else faxed),
    )
    Disclosure.objects.create(
        case=case,
        consent=consent,
        recipient=consent.recipient,
        user=case.lead,
        categories=consent.categories,
        how=How.PACKET_EMAIL if email else How.PACKET_HANDED_OVER,
        at=referral.created_at,
        detail=f"Referral packet, to {email}" if email else f"Referral packet, {fax}",
        referral=referral,
    )
    ctx.created += 1


THERAPIST = {
    "name": "Dr. Lena Ortiz",
    "organization": "Harborview Counseling",
    "role": Recipient.Role.THERAPIST,
    "email": "lena.ortiz@harborview-counseling.example",
    "phone": "(555) 010-4417",
}
CALL_SUMMARY = "Before the admission: went over the withdrawal-management and medical needs with the nurse."


def _aftercare_case() -> Case | None:
    """The first Harbor case in aftercare with an admitted referral."""
    return (
        Case.objects.filter(
            organization__name="Harbor Intervention Group",
            stage=Stage.AFTERCARE,
            referrals__status=ReferralStatus.ADMITTED,
        )
        .select_related("lead", "organization")
        .order_by("pk")
        .first()
    )


def _therapist(ctx: SeedContext) -> None:
    """The case's outpatient therapist, named on a consent signed at the discharge, for the step down."""
    case = _aftercare_case()
    if case is None or case.consent_recipients.filter(name=THERAPIST["name"]).exists():
        return
    story = entered(case)
    signed = story.get(Stage.AFTERCARE, timezone.localtime(timezone.now(), case.organization.zone)).date()
    consent_record(
        case=case,
        recipient=recipient_create(case=case, kind=Recipient.Kind.OTHER, **THERAPIST),
        by=case.lead,
        patient_name=case.full_name,
        discloser=str(case.organization),
        categories=[Category.STAGE_AND_STATUS, Category.LEVEL_OF_CARE_AND_NEEDS, Category.AFTERCARE_PLAN],
        purpose="To coordinate my outpatient therapy after residential treatment.",
        expiry_kind=Consent.ExpiryKind.DATE,
        expiry_date=signed + dt.timedelta(days=365),
        revocation_right_explained=True,
        treatment_not_conditioned=True,
        signed_name=case.full_name,
        signed_on=signed,
        signature_method=Consent.Method.IN_PERSON,
        witness_name=str(case.lead),
    )
    ctx.created += 1


def _shared_call(ctx: SeedContext) -> None:
    """A call logged on the admitting referral that told the facility the person's needs (level of care, which its
    consent covers): a disclosure by call."""
    case = _aftercare_case()
    if case is None:
        return
    referral = case.referrals.filter(status=ReferralStatus.ADMITTED).order_by("pk").first()
    if referral is None or referral.admission_at is None or referral.contacts.filter(summary=CALL_SUMMARY).exists():
        return
    referral_contact_log(
        referral=referral,
        by=case.lead,
        kind=ReferralContact.Kind.CALL,
        summary=CALL_SUMMARY,
        with_whom=referral.facility.admissions_contact or "Admissions",
        at=referral.admission_at - dt.timedelta(days=1),
        shared_categories=[Category.LEVEL_OF_CARE_AND_NEEDS],
    )
    ctx.created += 1
