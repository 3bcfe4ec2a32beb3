"""May this recipient be told this category of this case now? The one question every disclosing path asks.

42 CFR Part 2: anything about the person's treatment reaches a family member, a facility or another professional only
while a written consent names that recipient and covers that category. The consents live in the `consents` app,
which `interventions` must not import: it registers its policy and its disclosure recorder in
`extensions.disclosure_policy` from AppConfig.ready(). Without them, nothing is disclosed.

A recipient is a family member's account (a `User`, in the portal), a `Facility` (a referral) or the consents app's
own `Recipient` row. Staff of the case's practice are not recipients of a disclosure: for them the access rule decides.

Every path that discloses is listed in `DISCLOSURE_PATHS` (a test drives each one and checks it writes a record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .extensions import disclosure_policy

if TYPE_CHECKING:
    from accounts.models import User
    from facilities.models import Facility

    from .models import Case, Referral


class Category:
    """The categories a consent can cover (shared/domain/consent.md). A family member may be given only the four
    family categories (nothing clinical reaches the portal); a professional recipient any of them."""

    IDENTITY_AND_CONTACT = "identity_and_contact"
    SUBSTANCE_USE_AND_ASSESSMENT = "substance_use_and_assessment"
    LEVEL_OF_CARE_AND_NEEDS = "level_of_care_and_needs"
    INSURANCE = "insurance"
    STAGE_AND_STATUS = "stage_and_status"
    FACILITY_AND_ADMISSION = "facility_and_admission"
    TREATMENT_PROGRESS = "treatment_progress"
    AFTERCARE_PLAN = "aftercare_plan"

    choices = [
        (IDENTITY_AND_CONTACT, "Identity and contact (name, date of birth, contact details, emergency contact)"),
        (
            SUBSTANCE_USE_AND_ASSESSMENT,
            "Substance use and assessment (use history, screening results and scores, assessment summary)",
        ),
        (LEVEL_OF_CARE_AND_NEEDS, "Level of care and needs (withdrawal management, co-occurring and medical needs)"),
        (INSURANCE, "Insurance (payer, plan, member id, verification results)"),
        (STAGE_AND_STATUS, "Stage and status of the case"),
        (FACILITY_AND_ADMISSION, "Facility and admission"),
        (TREATMENT_PROGRESS, "Treatment progress (follow-up outcomes, engagement)"),
        (AFTERCARE_PLAN, "Aftercare plan"),
    ]
    values = [value for value, _ in choices]
    # What a family member may be given: never the clinical record.
    FAMILY = [STAGE_AND_STATUS, FACILITY_AND_ADMISSION, TREATMENT_PROGRESS, AFTERCARE_PLAN]
    family_choices = choices[4:]  # the last four, in the same order as FAMILY
    # Short names, for a list or an accounting line.
    short = {
        IDENTITY_AND_CONTACT: "Identity and contact",
        SUBSTANCE_USE_AND_ASSESSMENT: "Substance use and assessment",
        LEVEL_OF_CARE_AND_NEEDS: "Level of care and needs",
        INSURANCE: "Insurance",
        STAGE_AND_STATUS: "Stage and status",
        FACILITY_AND_ADMISSION: "Facility and admission",
        TREATMENT_PROGRESS: "Treatment progress",
        AFTERCARE_PLAN: "Aftercare plan",
    }


class How:
    """How a disclosure was made: each is one path in DISCLOSURE_PATHS."""

    PORTAL = "portal"
    PDF = "pdf"
    EMAIL = "email"
    PACKET_EMAIL = "packet_email"
    PACKET_HANDED_OVER = "packet_handed_over"
    CALL = "call"

    choices = [
        (PORTAL, "Family portal page"),
        (PDF, "PDF download"),
        (EMAIL, "Email"),
        (PACKET_EMAIL, "Referral packet, emailed"),
        (PACKET_HANDED_OVER, "Referral packet, faxed or handed over"),
        (CALL, "Call or message, logged"),
    ]
    values = [value for value, _ in choices]


@dataclass(frozen=True)
class DisclosurePath:
    """One way consented information leaves the practice: who discloses (`where`, a dotted name) and how."""

    key: str
    how: str
    where: str
    description: str


# Every disclosing path, in one table: tests/consents/test_disclosure_paths.py drives each and checks it writes a
# record. A new path is added here first.
DISCLOSURE_PATHS = [
    DisclosurePath("portal_member", How.PORTAL, "families.views.portal.portal_member", "A family member's portal page"),
    DisclosurePath("portal_aftercare", How.PORTAL, "aftercare.views.portal_plan", "The aftercare plan, in the portal"),
    DisclosurePath("summary_pdf", How.PDF, "interventions.views.summary.summary_download", "A family member's PDF"),
    DisclosurePath("packet_email", How.PACKET_EMAIL, "consents.tasks.packet_send", "A referral packet, emailed"),
    DisclosurePath(
        "packet_handed_over", How.PACKET_HANDED_OVER, "consents.views.packets.packet_handed_over", "A packet, faxed"
    ),
    DisclosurePath("referral_call", How.CALL, "interventions.views.referral.referral_contact_add", "A logged call"),
]


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


def may_disclose(recipient: User | Facility, case: Case, category: str, at: dt.datetime | None = None) -> bool:
    """True only while an active consent names `recipient` and covers `category` of `case` (at `at`, default now).

    Asks the policy registered in `extensions.disclosure_policy` (consents registers it); without one, nothing is
    disclosed.
    """
    if category not in Category.values:
        raise ValueError(f"unknown disclosure category {category!r}")
    policy = disclosure_policy.one
    return bool(policy and policy.may_disclose(recipient, case, category, at))


def record_disclosure(
    recipient: User | Facility,
    case: Case,
    categories: Iterable[str],
    how: str,
    *,
    by: User | None = None,
    at: dt.datetime | None = None,
    detail: str = "",
    referral: Referral | None = None,
) -> None:
    """Write the disclosure record(s) for what was actually shown or sent (`how`: one of `How`). `by`: who made
    it (default: the recipient themself, a family member reading the portal); `at`: when (default now)."""
    if how not in How.values:
        raise ValueError(f"unknown disclosure path {how!r}")
    categories = [category for category in categories if category in Category.values]
    policy = disclosure_policy.one
    if categories and policy is not None:
        policy.record(recipient, case, categories, how, by=by, at=at, detail=detail, referral=referral)
