"""How referrals show on the case page and its timeline, and the readiness check they answer
(registered from InterventionsConfig.ready())."""

from __future__ import annotations

from django.urls import reverse

from .models import ACCEPTED_STATUSES, Case, ReferralContact, ReferralStatusChange, Stage
from .panels import TimelineEntry, register_panel, register_timeline
from .readiness import CheckResult, register


@register("planning.accepted_referral", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def accepted_referral(case: Case) -> CheckResult:
    """DESIGN.md: no intervention is scheduled without a facility that accepted the referral."""
    return CheckResult(
        "A facility accepted the referral",
        case.referrals.filter(status__in=ACCEPTED_STATUSES).exists(),
        "Send referrals from the matches page and record a facility's acceptance.",
        reverse("interventions:case-matches", kwargs={"case": case.pk}),
    )


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


def install() -> None:
    register_panel("interventions/partials/_case_referrals.html", order=30)
    register_timeline(referral_timeline)
