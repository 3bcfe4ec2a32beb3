"""Audit wiring of the interventions app: its registered models, and the read of a list of cases at once
(`log_list_read`, used by aftercare too), written with accounts.audit.log_access."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from accounts.audit import log_access, register
from accounts.models import Organization, User

from .models import (
    AriseLevelChange,
    Assessment,
    Case,
    CaseNote,
    CaseSummary,
    InstrumentResult,
    InsuranceVerification,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Referral,
    ReferralContact,
    ReferralStatusChange,
    SafetyFlag,
    StageChange,
    SubstanceUse,
    TransitionChecklist,
    TreatmentInvitation,
)


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(Case, m2m_fields={"co_assigned"})
    register(SubstanceUse)
    register(StageChange)
    register(CaseNote)

    # Referrals, models/referral.py
    register(Referral)
    register(ReferralStatusChange)
    register(ReferralContact)
    register(InsuranceVerification)
    register(Assessment)
    register(InstrumentResult)
    register(SafetyFlag)
    register(InterventionPlan)
    register(Participant)
    register(PlanSession, m2m_fields={"attended"})
    register(InterventionEvent, m2m_fields={"attendees"})
    register(TransitionChecklist)
    register(AriseLevelChange)
    register(TreatmentInvitation)
    register(CaseSummary, exclude_fields=["started_at"])


def log_list_read(user: User, listed: str, cases: Iterable[Case]) -> None:
    """One ACCESS entry per practice for a list of cases read at once (the caseload, the follow-ups due): the entry
    is on the practice, names what was listed and carries the references of the cases shown, e.g.
    `{"organization": 3, "listed": "caseload", "cases": ["C-00012", ...]}`. An empty list still writes one entry
    (on the user's practice), so that every read of the page is on record."""
    by_practice: dict[int, list[str]] = defaultdict(list)
    for case in cases:
        by_practice[case.organization_id].append(case.reference)
    if not by_practice and user.primary_organization is not None:
        by_practice[user.primary_organization.pk] = []
    for organization in Organization.objects.filter(pk__in=by_practice):
        log_access(organization, listed=listed, cases=by_practice[organization.pk])
