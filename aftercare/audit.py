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


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(AftercareSettings)
    register(Episode)
    register(FollowUp)
    register(AftercarePlan)
    register(SupportGroup)
    register(FamilySupportSession)
    register(SharedResource)
