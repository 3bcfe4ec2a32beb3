from accounts.audit import register

from .models import (
    Case,
    CaseNote,
    InsuranceVerification,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Referral,
    ReferralContact,
    ReferralStatusChange,
    StageChange,
    SubstanceUse,
    TransitionChecklist,
)

register(Case, m2m_fields={"co_assigned"})
register(SubstanceUse)
register(StageChange)
register(CaseNote)

# Referrals, models/referral.py
register(Referral)
register(ReferralStatusChange)
register(ReferralContact)
register(InsuranceVerification)
register(InterventionPlan)
register(Participant)
register(PlanSession, m2m_fields={"attended"})
register(InterventionEvent, m2m_fields={"attendees"})
register(TransitionChecklist)
