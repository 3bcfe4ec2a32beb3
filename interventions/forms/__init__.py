"""Forms of the interventions app, one module per topic."""

from .assessment import AssessmentForm, ConfirmLevelForm, InstrumentForm, SafetyActionForm, instrument_forms
from .case import CaseFilter, CaseForm, NoteForm, StageChangeForm, SubstanceFormSet
from .summary import SummaryForm

__all__ = [
    "AssessmentForm",
    "ConfirmLevelForm",
    "InstrumentForm",
    "SafetyActionForm",
    "instrument_forms",
    "CaseFilter",
    "CaseForm",
    "NoteForm",
    "StageChangeForm",
    "SubstanceFormSet",
    "SummaryForm",
]
