"""Demo referrals: cases from planning onward get referrals to facilities of the demo directory, each with its
status history, a call in the log, and (once accepted) an insurance verification and admission logistics.

Dated by the case's story (its stage changes): sent once planning began, accepted before the intervention was
scheduled, admitted at the admission the case's move into treatment records (or withdrawn then, when the person went
elsewhere, or refused at the intervention). Runs after the facilities and cases seeds. Idempotent: a case that has
referrals gets none added.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

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
from .timeline import LATER_ADMISSION, entered, spread, story_cases

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
    Stage.DECLINED: [[S.SENT, S.ACCEPTED, S.WITHDRAWN]],
    Stage.DISENGAGED: [[S.SENT, S.UNDER_REVIEW, S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED]],
    Stage.CLOSED: [[S.SENT, S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED]],
}
# Statuses that end a referral when the case moves on: admitted (or withdrawn) at the admission, withdrawn at a refusal.
ENDS_AT = {Stage.IN_TREATMENT: (S.ADMITTED, S.WITHDRAWN), Stage.DECLINED: (S.WITHDRAWN,)}


def run(ctx: SeedContext) -> None:
    facilities = list(
        Facility.objects.filter(external_id__startswith="demo-va-", is_archived=False).order_by("external_id")
    )
    if not facilities:
        return
    cases = (
        story_cases(Case.objects.filter(stage__in=PLANS, referrals__isnull=True))
        .select_related("lead", "organization")
        .order_by("pk")
    )
    now = timezone.now()
    for index, case in enumerate(cases):
        story = entered(case)
        for offset, path in enumerate(PLANS[case.stage]):
            facility = facilities[(index * 3 + offset) % len(facilities)]
            _referral(case, facility, path, _times(case.organization.zone, story, path, offset, now), story)
            ctx.created += 1


def _times(
    zone: ZoneInfo, story: dict[str, dt.datetime], path: list[str], offset: int, now: dt.datetime
) -> list[dt.datetime]:
    """When the referral took each status of `path`: sent after planning began, the rest before the intervention was
    scheduled (or by now, for a case still planning); a status that ends it when the case moved on, at that move.
    The second referral of a case (`offset` 1) walks a little behind the first."""
    end_stage = next((stage for stage, ends in ENDS_AT.items() if stage in story and path[-1] in ends), None)
    before = path[:-1] if end_stage else path
    until = story.get(Stage.SCHEDULED, now)
    times = spread(story[Stage.PLANNING], until, len(before) + offset, zone)[offset:]
    return times + [story[end_stage]] if end_stage else times


def _referral(
    case: Case, facility: Facility, path: list[str], times: list[dt.datetime], story: dict[str, dt.datetime]
) -> Referral:
    relationship = PracticeRelationship.objects.filter(organization=case.organization, facility=facility).first()
    referral = Referral.objects.create(
        case=case,
        facility=facility,
        status=path[-1],
        created_by=case.lead,
        created_at=times[0],
        status_changed_at=times[-1],
        match_reasons=[f"Demo referral to {facility.name}"],
        relationship_kind=relationship.kind if relationship else "",
        relationship_details=relationship.details if relationship else "",
    )
    previous = ""
    for status, at in zip(path, times, strict=True):
        ReferralStatusChange.objects.create(
            referral=referral, from_status=previous, to_status=status, by=case.lead, at=at
        )
        previous = status
    ReferralContact.objects.create(
        referral=referral,
        kind=ReferralContact.Kind.CALL,
        by=case.lead,
        at=times[0] + dt.timedelta(hours=1),
        with_whom=facility.admissions_contact or "Admissions",
        summary="Confirmed they received the referral packet.",
    )
    if S.ACCEPTED in path:
        InsuranceVerification.objects.create(
            referral=referral,
            payer=case.get_payer_display() or "Self-pay",
            member_id=case.member_id,
            verified_with="Provider services, ref 55-0192",
            verified_at=times[path.index(S.ACCEPTED)],
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
        # The admission is the one the case's move into treatment records; accepted "later", days after the
        # intervention, at the same hour of the morning.
        admitted = story.get(Stage.IN_TREATMENT)
        referral.admission_at = admitted or story[Stage.HELD] + LATER_ADMISSION
        referral.admission_contact = facility.admissions_contact
        referral.what_to_bring = "Photo ID, insurance card, 7 days of clothes, current medications in original bottles."
        referral.transport = Referral.Transport.INTERVENTIONIST
        referral.save(update_fields=["admission_at", "admission_contact", "what_to_bring", "transport"])
    return referral
