# Reminders and notifications are the system's own bookkeeping (written in bulk by the scan), not case edits.
from accounts.audit import register

from .models import (
    AftercarePlan,
    AftercareSettings,
    Episode,
    FamilySupportSession,
    FollowUp,
    SharedResource,
    SupportGroup,
)

register(AftercareSettings)
register(Episode)
register(FollowUp)
register(AftercarePlan)
register(SupportGroup)
register(FamilySupportSession)
register(SharedResource)
