"""Every write on the interventions app's data that is more than one save(), one module per topic."""

from .case import case_change_stage, case_create, case_note_add, case_update, transition_problems
from .referral import (
    referral_change_status,
    referral_contact_log,
    referral_schedule_admission,
    referral_verify_insurance,
    referrals_send,
)

__all__ = [
    "case_change_stage",
    "case_create",
    "case_note_add",
    "case_update",
    "referral_change_status",
    "referral_contact_log",
    "referral_schedule_admission",
    "referral_verify_insurance",
    "referrals_send",
    "transition_problems",
]
