"""The interventions app's models, one module per topic."""

from .assessment import Assessment, InstrumentResult, ReadinessStage, SafetyActionKind, SafetyFlag
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
    "Assessment",
    "InstrumentResult",
    "ReadinessStage",
    "SafetyActionKind",
    "SafetyFlag",
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
