"""How referrals show on the case page and its timeline (registered from InterventionsConfig.ready())."""

from __future__ import annotations

from typing import Any

from .disclosure import Category
from .models import Case, ReferralContact, ReferralStatusChange
from .panels import TimelineEntry, register_panel, register_timeline
from .summary_sections import Period, SummarySection, register_section


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
        )  # fmt: skip
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
        )  # fmt: skip
        for contact in contacts
    ]
    return entries


def referrals_summary(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    """The summary's referrals section: the referrals sent in the period (two queries for any number)."""
    referrals = list(
        case.referrals.filter(period.q("created_at")).order_by("created_at", "pk").prefetch_related("verifications")
    )
    return {"referrals": referrals} if referrals else None


def install() -> None:
    register_panel("interventions/partials/_case_referrals.html", order=40)
    register_timeline(referral_timeline)
    register_section(
        SummarySection(
            key="referrals",
            title="Referrals",
            order=40,
            template_name="interventions/summary/referrals.html",
            context=referrals_summary,
            gate=Category.FACILITY_AND_ADMISSION,
        )
    )
