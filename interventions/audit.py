from accounts.audit import register

from .models import (
    Case,
    CaseNote,
    InsuranceVerification,
    Referral,
    ReferralContact,
    ReferralStatusChange,
    StageChange,
    SubstanceUse,
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
