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
from .plan import (
    CalendarFeed,
    InterventionEvent,
    InterventionModel,
    InterventionPlan,
    Participant,
    PlanSession,
    TransitionChecklist,
)
from .summary import CaseSummary

__all__ = [
    "Assessment",
    "InstrumentResult",
    "ReadinessStage",
    "SafetyActionKind",
    "SafetyFlag",
    "CalendarFeed",
    "InterventionEvent",
    "InterventionModel",
    "InterventionPlan",
    "Participant",
    "PlanSession",
    "TransitionChecklist",
    "ALLOWED_TRANSITIONS",
    "NOTE_REQUIRED",
    "Case",
    "CaseSummary",
    "CaseNote",
    "Language",
    "Payer",
    "Sex",
    "Stage",
    "StageChange",
    "SubstanceUse",
    "Urgency",
]
