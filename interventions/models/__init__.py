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

__all__ = [
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
