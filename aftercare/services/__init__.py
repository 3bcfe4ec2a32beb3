"""Writes of the aftercare app, one module per topic."""

from .followups import (
    admission_record,
    discharge_record,
    due_at_for,
    episode_discharge_type_set,
    followup_add,
    followup_cancel,
    followup_record,
    followup_reschedule,
    followups_cancel_open,
    followups_restore_after_reopen,
    settings_for,
)
from .plans import (
    plan_save,
    resource_share,
    session_save,
    settings_save,
)
from .reminders import (
    ScanResult,
    notification_mark_read,
    notifications_mark_all_read,
    reminder_email_send,
    reminders_scan,
)

__all__ = [
    "ScanResult",
    "admission_record",
    "discharge_record",
    "due_at_for",
    "episode_discharge_type_set",
    "followup_add",
    "followup_cancel",
    "followup_record",
    "followup_reschedule",
    "followups_cancel_open",
    "followups_restore_after_reopen",
    "notification_mark_read",
    "notifications_mark_all_read",
    "plan_save",
    "reminder_email_send",
    "reminders_scan",
    "resource_share",
    "session_save",
    "settings_for",
    "settings_save",
]
