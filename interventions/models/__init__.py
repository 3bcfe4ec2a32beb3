"""The interventions app's models, one module per topic."""

from .case import (
    ALLOWED_TRANSITIONS,
    NOTE_REQUIRED,
    Case,
    CaseNote,
    Language,
    Payer,
    Sex,
    Stage,
    StageChange,
    SubstanceUse,
    Urgency,
)
from .referral import (
    ACCEPTED_STATUSES,
    ACTIVE_STATUSES,
    REFERRAL_TRANSITIONS,
    InsuranceVerification,
    Referral,
    ReferralContact,
    ReferralStatus,
    ReferralStatusChange,
)

__all__ = [
    "ACCEPTED_STATUSES",
    "ACTIVE_STATUSES",
    "REFERRAL_TRANSITIONS",
    "InsuranceVerification",
    "Referral",
    "ReferralContact",
    "ReferralStatus",
    "ReferralStatusChange",
    "ALLOWED_TRANSITIONS",
    "NOTE_REQUIRED",
    "Case",
    "CaseNote",
    "Language",
    "Payer",
    "Sex",
    "Stage",
    "StageChange",
    "SubstanceUse",
    "Urgency",
]
