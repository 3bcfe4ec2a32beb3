"""Forms of the interventions app, one module per topic."""

from .case import CaseFilter, CaseForm, NoteForm, StageChangeForm, SubstanceFormSet

__all__ = ["CaseFilter", "CaseForm", "NoteForm", "StageChangeForm", "SubstanceFormSet"]
