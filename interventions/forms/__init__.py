"""Forms of the interventions app, one module per topic."""

from .case import CaseFilter, CaseForm, NoteForm, StageChangeForm, SubstanceFormSet
from .referral import (
    AdmissionForm,
    CareNeedsForm,
    InsuranceVerificationForm,
    ReferralContactForm,
    ReferralSendForm,
    ReferralStatusForm,
)

__all__ = [
    "AdmissionForm",
    "CareNeedsForm",
    "CaseFilter",
    "CaseForm",
    "InsuranceVerificationForm",
    "NoteForm",
    "ReferralContactForm",
    "ReferralSendForm",
    "ReferralStatusForm",
    "StageChangeForm",
    "SubstanceFormSet",
]
