from accounts.audit import register

from .models import (
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
    register(CaseSummary, exclude_fields=["started_at"])
