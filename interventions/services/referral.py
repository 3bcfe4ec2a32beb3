"""Writes on referrals: send to one or several facilities, move a status, log contacts, verify insurance,
schedule the admission. Each bumps the case's last activity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User
from facilities.matching import Match
from facilities.models import Facility, PracticeRelationship

from ..disclosure import Category, How, may_disclose, record_disclosure
from ..exceptions import ConsentMissing
from ..models import (
    ACTIVE_STATUSES,
    REFERRAL_TRANSITIONS,
    Case,
    InsuranceVerification,
    Referral,
    ReferralContact,
    ReferralStatus,
    ReferralStatusChange,
)


def _touch(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def referrals_send(
    *, case: Case, facilities: Iterable[Facility], by: User, note: str = "", matches: dict[int, Match] | None = None
) -> list[Referral]:
    """Send the case to each facility: one referral each, status `sent`, with the practice's relationship
    copied for disclosure and the match reasons kept. Raises DomainError for an archived facility or one
    that already has an active referral for this case, and ConsentMissing (writing nothing) when any facility has
    no active consent covering identity and contact (42 CFR 2.31: a referral says who the person is).
    Sends `referrals_sent` inside the transaction (consents makes and queues each referral's packet)."""
    from ..signals import referrals_sent

    matches = matches or {}
    facilities = list(facilities)
    if not facilities:
        raise DomainError("Choose at least one facility.")
    without = [f for f in facilities if not may_disclose(f, case, Category.IDENTITY_AND_CONTACT)]
    if without:
        raise ConsentMissing(without)
    active = set(case.referrals.filter(status__in=ACTIVE_STATUSES).values_list("facility_id", flat=True))
    relationships = {
        r.facility_id: r
        for r in PracticeRelationship.objects.filter(organization_id=case.organization_id, facility__in=facilities)
    }
    now = timezone.now()
    referrals = []
    for facility in facilities:
        if facility.is_archived:
            raise DomainError(f"{facility} is archived and cannot receive referrals.")
        if facility.pk in active:
            raise DomainError(f"{facility} already has an open referral for this case.")
        relationship = relationships.get(facility.pk)
        match = matches.get(facility.pk)
        referral = Referral.objects.create(
            case=case,
            facility=facility,
            status=ReferralStatus.SENT,
            created_by=by,
            created_at=now,
            status_changed_at=now,
            note=note,
            match_score=match.score if match else None,
            match_reasons=match.reasons if match else [],
            relationship_kind=relationship.kind if relationship else "",
            relationship_details=relationship.details if relationship else "",
        )
        ReferralStatusChange.objects.create(referral=referral, from_status="", to_status=referral.status, by=by, at=now)
        referrals.append(referral)
    _touch(case)
    referrals_sent.send(sender=Referral, case=case, referrals=referrals, by=by, note=note)
    return referrals


@transaction.atomic
def referral_change_status(*, referral: Referral, to: str, by: User, note: str = "") -> ReferralStatusChange:
    """Move a referral along REFERRAL_TRANSITIONS and record who, when, why. Raises DomainError otherwise.
    Scheduling an admission needs its date and time first (referral_schedule_admission)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to not in REFERRAL_TRANSITIONS[referral.status]:
        raise DomainError(
            f"A referral that is {referral.get_status_display().lower()} cannot become "
            f"{ReferralStatus(to).label.lower()}."
        )
    if to == ReferralStatus.ADMISSION_SCHEDULED and referral.admission_at is None:
        raise DomainError("Record the admission date and time first.")
    now = timezone.now()
    change = ReferralStatusChange.objects.create(
        referral=referral, from_status=referral.status, to_status=to, by=by, at=now, note=note
    )
    referral.status, referral.status_changed_at = to, now
    referral.save(update_fields=["status", "status_changed_at"])
    _touch(referral.case)
    return change


@transaction.atomic
def referral_contact_log(
    *,
    referral: Referral,
    by: User,
    kind: str,
    summary: str,
    with_whom: str = "",
    at: Any = None,
    shared_categories: Iterable[str] = (),
) -> ReferralContact:
    """Add a call, email, meeting or note to the referral's communication log. `shared_categories`: what was told
    the facility in it; each must be covered by an active consent naming the facility (else DomainError, nothing
    written), and the contact is recorded as a disclosure at its time."""
    case = referral.case
    shared = [category for category in Category.values if category in set(shared_categories)]
    refused = [category for category in shared if not may_disclose(referral.facility, case, category, at)]
    if refused:
        names = ", ".join(Category.short[category].lower() for category in refused)
        raise DomainError(
            f"Nothing was logged: no active consent of the person lets {referral.facility} be told {names}. "
            "Record the consent first, or untick what was not shared."
        )
    contact = ReferralContact.objects.create(
        referral=referral,
        by=by,
        kind=kind,
        summary=summary,
        with_whom=with_whom,
        at=at or timezone.now(),
        shared_categories=shared,
    )
    if shared:
        what = f"{contact.get_kind_display()} with {with_whom}" if with_whom else contact.get_kind_display()
        record_disclosure(
            referral.facility, case, shared, How.CALL, by=by, at=contact.at, detail=what, referral=referral
        )
    _touch(case)
    return contact


@transaction.atomic
def referral_verify_insurance(*, referral: Referral, by: User, **fields: Any) -> InsuranceVerification:
    """Record an insurance verification (the latest is the current answer)."""
    verification = InsuranceVerification.objects.create(referral=referral, by=by, **fields)
    _touch(referral.case)
    return verification


@transaction.atomic
def referral_schedule_admission(*, referral: Referral, by: User, **logistics: Any) -> Referral:
    """Save the admission logistics; an accepted referral then moves to `admission scheduled`."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    for name, value in logistics.items():
        setattr(referral, name, value)
    referral.save(update_fields=list(logistics))
    if referral.status == ReferralStatus.ACCEPTED and referral.admission_at:
        referral_change_status(
            referral=referral, to=ReferralStatus.ADMISSION_SCHEDULED, by=by, note="Admission scheduled"
        )
        referral.refresh_from_db()
    _touch(referral.case)
    return referral
