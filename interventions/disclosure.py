"""May this user see this category of this case now? The one question every family-facing page asks.

42 CFR Part 2: a family member sees information about the person's treatment only while a written consent
covers that recipient and that category. The consent records live in `families`, which `interventions`
must not import; `families` installs its policy and its disclosure recorder here from AppConfig.ready().
Without them, nothing is disclosed.

Staff of the case's practice are not recipients of a disclosure: for them the access rule decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

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


Policy = Callable[["User", "Case", str, dt.datetime | None], bool]
Recorder = Callable[["User", "Case", Iterable[str], str], None]

_policy: Policy | None = None
_recorder: Recorder | None = None


def install(*, policy: Policy, recorder: Recorder) -> None:
    """Called once by the app that owns consents."""
    global _policy, _recorder
    _policy, _recorder = policy, recorder


def may_disclose(user: User, case: Case, category: str, at: dt.datetime | None = None) -> bool:
    """True only while an active consent covers `user` as recipient and `category` of `case`."""
    if category not in Category.values:
        raise ValueError(f"unknown disclosure category {category!r}")
    return bool(_policy and _policy(user, case, category, at))


def record_disclosure(user: User, case: Case, categories: Iterable[str], how: str) -> None:
    """Write the disclosure record(s) for what was actually shown (how: "portal", "pdf", "email")."""
    categories = [category for category in categories if category in Category.values]
    if categories and _recorder is not None:
        _recorder(user, case, categories, how)
