"""Every write on the interventions app's data that is more than one save(), one module per topic."""

from .case import case_change_stage, case_create, case_note_add, case_update, transition_problems

__all__ = ["case_change_stage", "case_create", "case_note_add", "case_update", "transition_problems"]
