"""Forms of the interventions app, one module per topic."""

from .assessment import AssessmentForm, ConfirmLevelForm, InstrumentForm, SafetyActionForm, instrument_forms
from .case import CaseFilter, CaseForm, CloseForm, NoteForm, ReopenForm, StageChangeForm, SubstanceFormSet
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
    "CloseForm",
    "ConfirmLevelForm",
    "instrument_forms",
    "InstrumentForm",
    "InsuranceVerificationForm",
    "NoteForm",
    "ReferralContactForm",
    "ReferralSendForm",
    "ReferralStatusForm",
    "ReopenForm",
    "SafetyActionForm",
    "StageChangeForm",
    "SubstanceFormSet",
    "SummaryForm",
]
