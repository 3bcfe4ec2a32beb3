"""How referrals show on the case's timeline (registered from InterventionsConfig.ready())."""

from __future__ import annotations

from .extensions import ClosingEffect, TimelineEntry
from .models import ACTIVE_STATUSES, Case, ReferralContact, ReferralStatusChange


def referral_timeline(case: Case) -> list[TimelineEntry]:
    """Every referral status change and communication, on the case's timeline."""
    changes = ReferralStatusChange.objects.filter(referral__case=case).select_related("by", "referral__facility")
    contacts = ReferralContact.objects.filter(referral__case=case).select_related("by", "referral__facility")
    entries = [
        TimelineEntry(
            change.at,
            "referral",
            f"Referral to {change.referral.facility.name}: {change.get_to_status_display()}",
            change.note,
            change.by,
            change.referral.get_absolute_url(),
        )
        for change in changes
    ]
    entries += [
        TimelineEntry(
            contact.at,
            "referral",
            f"{contact.get_kind_display()} about the referral to {contact.referral.facility.name}",
            contact.summary,
            contact.by,
            contact.referral.get_absolute_url(),
        )
        for contact in contacts
    ]
    return entries


def referrals_open_at_closing(case: Case) -> list[str]:
    """Closing leaves referrals as they are: say which are still open, so a facility is not left holding a bed."""
    rows = list(case.referrals.filter(status__in=ACTIVE_STATUSES).exclude(status="draft"))
    if not rows:
        return []
    names = "; ".join(f"{row.facility.name} ({row.get_status_display().lower()})" for row in rows)
    count = len(rows)
    return [
        f"{count} referral{'s' if count != 1 else ''} still open stay{'' if count != 1 else 's'} as "
        f"{'they are' if count != 1 else 'it is'}: {names}. Withdraw {'them' if count != 1 else 'it'} first if the "
        "facility should stop holding a place."
    ]


CLOSING_EFFECT = ClosingEffect(key="interventions.referrals", describe=referrals_open_at_closing)
