"""Forms of the interventions app, one module per topic."""

from .case import CaseFilter, CaseForm, NoteForm, StageChangeForm, SubstanceFormSet
from .summary import SummaryForm

__all__ = ["CaseFilter", "CaseForm", "NoteForm", "StageChangeForm", "SubstanceFormSet", "SummaryForm"]
