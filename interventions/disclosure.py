"""May this user see this category of this case now? The one question every family-facing page asks.

42 CFR Part 2: a family member sees information about the person's treatment only while a written consent
covers that recipient and that category. The consent records live in `families`, which `interventions`
must not import; `families` registers its policy and its disclosure recorder in `extensions.disclosure_policy`
from AppConfig.ready().
Without them, nothing is disclosed.

Staff of the case's practice are not recipients of a disclosure: for them the access rule decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .extensions import disclosure_policy

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Case


class Category:
    """The categories a consent can cover (shared/domain/consent.md). Nothing clinical is among them."""

    STAGE_AND_STATUS = "stage_and_status"
    FACILITY_AND_ADMISSION = "facility_and_admission"
    TREATMENT_PROGRESS = "treatment_progress"
    AFTERCARE_PLAN = "aftercare_plan"

    choices = [
        (STAGE_AND_STATUS, "Stage and status of the case"),
        (FACILITY_AND_ADMISSION, "Facility and admission"),
        (TREATMENT_PROGRESS, "Treatment progress (follow-up outcomes, engagement)"),
        (AFTERCARE_PLAN, "Aftercare plan"),
    ]
    values = [value for value, _ in choices]


# The notice that accompanies every disclosure (42 CFR 2.32, as amended in 2024): one constant, used everywhere
# (each page of a family PDF, each portal page showing consented information). shared/domain/consent.md.
REDISCLOSURE_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). "
    "These rules prohibit you from using or disclosing this record, or testimony that describes the information "
    "contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, "
    "State, or local authority, against the patient, unless authorized by the consent of the patient, except as "
    "provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, "
    "the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of "
    "the following applies: (A) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. "
    "(B) You are a covered entity or business associate and have received the record for treatment, payment, or "
    "health care operations, or (C) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other "
    "information is NOT sufficient to meet the required elements of written consent to further use or redisclose "
    "the record (see 42 CFR 2.31)."
)
# Where space is short (a page footer), with a pointer to the full text.
REDISCLOSURE_NOTICE_SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


def may_disclose(user: User, case: Case, category: str, at: dt.datetime | None = None) -> bool:
    """True only while an active consent covers `user` as recipient and `category` of `case`.

    Asks the policy registered in `extensions.disclosure_policy` (families registers it); without one, nothing is
    disclosed.
    """
    if category not in Category.values:
        raise ValueError(f"unknown disclosure category {category!r}")
    policy = disclosure_policy.one
    return bool(policy and policy.may_disclose(user, case, category, at))


def record_disclosure(user: User, case: Case, categories: Iterable[str], how: str) -> None:
    """Write the disclosure record(s) for what was actually shown (how: "portal", "pdf", "email")."""
    categories = [category for category in categories if category in Category.values]
    policy = disclosure_policy.one
    if categories and policy is not None:
        policy.record(user, case, categories, how)
