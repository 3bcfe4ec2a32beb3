from accounts.audit import register

from .models import Case, CaseNote, CaseSummary, StageChange, SubstanceUse

register(Case, m2m_fields={"co_assigned"})
register(SubstanceUse)
register(StageChange)
register(CaseNote)
register(CaseSummary, exclude_fields=["started_at"])
