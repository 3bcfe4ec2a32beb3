"""Demo referrals: cases from planning onward get referrals to facilities of the demo directory, each with its
status history, a call in the log, and (once accepted) an insurance verification and admission logistics.

Runs after the facilities and cases seeds. Idempotent: a case that has referrals gets none added.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from facilities.models import Facility, PracticeRelationship
from interventions.models import (
    Case,
    InsuranceVerification,
    Referral,
    ReferralContact,
    ReferralStatus,
    ReferralStatusChange,
    Stage,
)

from .context import SeedContext

S = ReferralStatus
# Case stage -> the statuses of its referrals, each with the path it walked.
PLANS: dict[str, list[list[str]]] = {
    Stage.PLANNING: [[S.SENT, S.UNDER_REVIEW], [S.SENT]],
    Stage.SCHEDULED: [[S.SENT, S.ACCEPTED], [S.SENT, S.DECLINED]],
    Stage.HELD: [[S.SENT, S.ACCEPTED, S.ADMISSION_SCHEDULED]],
    Stage.IN_TREATMENT: [
        [S.SENT, S.UNDER_REVIEW, S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED],
        [S.SENT, S.WAITLISTED, S.WITHDRAWN],
    ],
    Stage.AFTERCARE: [[S.SENT, S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED]],
}


def run(ctx: SeedContext) -> None:
    facilities = list(
        Facility.objects.filter(external_id__startswith="demo-va-", is_archived=False).order_by("external_id")
    )
    if not facilities:
        return
    cases = Case.objects.filter(stage__in=PLANS, referrals__isnull=True).select_related("lead").order_by("pk")
    for index, case in enumerate(cases):
        for offset, path in enumerate(PLANS[case.stage]):
            facility = facilities[(index * 3 + offset) % len(facilities)]
            _referral(case, facility, path, timezone.now() - dt.timedelta(days=20 - offset))
            ctx.created += 1


def _referral(case: Case, facility: Facility, path: list[str], at: dt.datetime) -> Referral:
    relationship = PracticeRelationship.objects.filter(organization=case.organization, facility=facility).first()
    referral = Referral.objects.create(
        case=case,
        facility=facility,
        status=path[-1],
        created_by=case.lead,
        created_at=at,
        status_changed_at=at + dt.timedelta(days=len(path) - 1),
        match_reasons=[f"Demo referral to {facility.name}"],
        relationship_kind=relationship.kind if relationship else "",
        relationship_details=relationship.details if relationship else "",
    )
    previous = ""
    for step, status in enumerate(path):
        ReferralStatusChange.objects.create(
            referral=referral, from_status=previous, to_status=status, by=case.lead, at=at + dt.timedelta(days=step)
        )
        previous = status
    ReferralContact.objects.create(
        referral=referral,
        kind=ReferralContact.Kind.CALL,
        by=case.lead,
        at=at + dt.timedelta(hours=3),
        with_whom=facility.admissions_contact or "Admissions",
        summary="Confirmed they received the referral packet.",
    )
    if S.ACCEPTED in path:
        InsuranceVerification.objects.create(
            referral=referral,
            payer=case.get_payer_display() or "Self-pay",
            member_id=case.member_id,
            verified_with="Provider services, ref 55-0192",
            by=case.lead,
            network=InsuranceVerification.Network.IN,
            deductible=1500,
            deductible_met=400,
            out_of_pocket_max=6000,
            prior_authorization_required=True,
            prior_authorization_obtained=True,
            prior_authorization_reference="PA-20931",
            outcome=InsuranceVerification.Outcome.COVERED,
        )
    if S.ADMISSION_SCHEDULED in path:
        referral.admission_at = at + dt.timedelta(days=len(path), hours=10)
        referral.admission_contact = facility.admissions_contact
        referral.what_to_bring = "Photo ID, insurance card, 7 days of clothes, current medications in original bottles."
        referral.transport = Referral.Transport.INTERVENTIONIST
        referral.save(update_fields=["admission_at", "admission_contact", "what_to_bring", "transport"])
    return referral
