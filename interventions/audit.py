from accounts.audit import register

from .models import Case, CaseNote, StageChange, SubstanceUse

register(Case, m2m_fields={"co_assigned"})
register(SubstanceUse)
register(StageChange)
register(CaseNote)
