"""How referrals show on the case's timeline (registered from InterventionsConfig.ready())."""

from __future__ import annotations

from .extensions import TimelineEntry
from .models import Case, ReferralContact, ReferralStatusChange


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
