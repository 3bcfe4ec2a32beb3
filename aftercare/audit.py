from accounts.audit import register

from .models import (
    AftercarePlan,
    AftercareSettings,
    Episode,
    FamilySupportSession,
    FollowUp,
    Reminder,
    SharedResource,
    SupportGroup,
)

register(AftercareSettings)
register(Episode)
register(FollowUp)
register(Reminder)
register(AftercarePlan)
register(SupportGroup)
register(FamilySupportSession)
register(SharedResource)
