"""The seam between the intervention and referrals: which referral an admission concerns.

Filled in when referrals land: until then an admission names no facility.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User

from ..models import Case


def admit_referral(*, case: Case, by: User, arrived_at: dt.datetime) -> str:
    """Mark the case's accepted referral admitted; return the facility's name ("" when there is none)."""
    return ""
