from accounts.audit import register

from .models import Assessment, Case, CaseNote, InstrumentResult, SafetyFlag, StageChange, SubstanceUse

register(Case, m2m_fields={"co_assigned"})
register(SubstanceUse)
register(StageChange)
register(CaseNote)
register(Assessment)
register(InstrumentResult)
register(SafetyFlag)
