"""The seam between the intervention and referrals: which referral an admission concerns."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from accounts.zones import local_text

from ..models import Case, Referral, ReferralStatus
from .referral import referral_change_status


def admit_referral(*, case: Case, by: User, arrived_at: dt.datetime) -> str:
    """Mark the case's accepted referral admitted; return the facility's name ("" when there is none).

    The referral with a scheduled admission wins over one only accepted; among equals the latest change.
    The referral keeps the admission's date (the one place it is kept): `arrived_at` replaces the scheduled time.
    """
    candidates = case.referrals.filter(status__in=[ReferralStatus.ADMISSION_SCHEDULED, ReferralStatus.ACCEPTED])
    referral = min(
        candidates,
        key=lambda r: (r.status != ReferralStatus.ADMISSION_SCHEDULED, -r.status_changed_at.timestamp(), -r.pk),
        default=None,
    )
    if referral is None:
        return ""
    # Stored text: the practice's local time, its zone named (a later reader may be anywhere).
    note = f"Arrival confirmed for {local_text(arrived_at, 'Y-m-d H:i T', case.organization.zone)}."
    referral_change_status(referral=referral, to=ReferralStatus.ADMITTED, by=by, note=note)
    Referral.objects.filter(pk=referral.pk).update(admission_at=arrived_at)
    return referral.facility.name
