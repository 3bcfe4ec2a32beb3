"""Every write on the interventions app's data that is more than one save(), one module per topic."""

from .assessment import Administered, assessment_confirm, assessment_create, safety_flag_act
from .case import (
    case_change_stage,
    case_create,
    case_note_add,
    case_reopen,
    case_update,
    transition_problems,
)
from .referral import (
    referral_change_status,
    referral_contact_log,
    referral_schedule_admission,
    referral_verify_insurance,
    referrals_send,
)
from .summary import summary_build, summary_request, summary_retry

__all__ = [
    "Administered",
    "assessment_confirm",
    "assessment_create",
    "case_change_stage",
    "case_create",
    "case_note_add",
    "case_reopen",
    "case_update",
    "referral_change_status",
    "referral_contact_log",
    "referral_schedule_admission",
    "referral_verify_insurance",
    "referrals_send",
    "safety_flag_act",
    "summary_build",
    "summary_request",
    "summary_retry",
    "transition_problems",
]
