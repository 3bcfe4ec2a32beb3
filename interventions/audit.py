from accounts.audit import register

from .models import (
    Case,
    CaseNote,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    StageChange,
    SubstanceUse,
    TransitionChecklist,
)

register(Case, m2m_fields={"co_assigned"})
register(SubstanceUse)
register(StageChange)
register(CaseNote)
register(InterventionPlan)
register(Participant)
register(PlanSession, m2m_fields={"attended"})
register(InterventionEvent, m2m_fields={"attendees"})
register(TransitionChecklist)
