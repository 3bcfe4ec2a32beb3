"""Forms of the interventions app, one module per topic."""

from .assessment import AssessmentForm, ConfirmLevelForm, InstrumentForm, SafetyActionForm, instrument_forms
from .case import CaseFilter, CaseForm, NoteForm, StageChangeForm, SubstanceFormSet
from .referral import (
    AdmissionForm,
    CareNeedsForm,
    InsuranceVerificationForm,
    ReferralContactForm,
    ReferralSendForm,
    ReferralStatusForm,
)
from .summary import SummaryForm

__all__ = [
    "AdmissionForm",
    "AssessmentForm",
    "CareNeedsForm",
    "CaseFilter",
    "CaseForm",
    "ConfirmLevelForm",
    "instrument_forms",
    "InstrumentForm",
    "InsuranceVerificationForm",
    "NoteForm",
    "ReferralContactForm",
    "ReferralSendForm",
    "ReferralStatusForm",
    "SafetyActionForm",
    "StageChangeForm",
    "SubstanceFormSet",
    "SummaryForm",
]
