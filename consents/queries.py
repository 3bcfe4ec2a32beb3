"""Reads the consents views share: scoped through the case (reach the case with get_case_for first)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from interventions.extensions import TimelineEntry
from interventions.models import Case
from interventions.summary import DisclosureEntry, Period

from .models import ACCOUNTING_YEARS, AccountingProvided, Consent, Disclosure


def accounting_start(today: dt.date) -> dt.date:
    """The earliest day an accounting covers: 3 years back (42 CFR 2.25)."""
    try:
        return today.replace(year=today.year - ACCOUNTING_YEARS)
    except ValueError:  # February 29
        return today.replace(year=today.year - ACCOUNTING_YEARS, day=28)


def accounting_bounds(case: Case, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period from `start` to `end` (both days included, on the practice's calendar) as [low, high) moments."""
    zone = case.organization.zone
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return low, high


def accounting_disclosures(case: Case, start: dt.date, end: dt.date) -> QuerySet[Disclosure]:
    """42 CFR 2.25 / 45 CFR 164.528: the case's disclosures made with consent from `start` to `end` (days of the
    practice), newest first by (at, id) on the index disclosure_case_at, with recipient and consent."""
    low, high = accounting_bounds(case, start, end)
    return (
        Disclosure.objects.filter(case=case, at__gte=low, at__lt=high)
        .select_related("recipient", "consent")
        .order_by("-at", "-pk")
    )


def accounting_of_disclosures(case: Case, now: dt.datetime | None = None) -> QuerySet[Disclosure]:
    """42 CFR 2.25: disclosures made with consent over the past 3 years, newest first, with recipient and consent."""
    now = now or timezone.now()
    today = timezone.localdate(now, case.organization.zone)
    return accounting_disclosures(case, accounting_start(today), today)


def accountings_provided(case: Case) -> QuerySet[AccountingProvided]:
    """The accountings given to the person (45 CFR 164.528(d)), newest first, with who provided each."""
    return AccountingProvided.objects.filter(case=case).select_related("provided_by").order_by("-provided_at", "-pk")


def consents_with_recipient(case: Case) -> QuerySet[Consent]:
    return Consent.objects.filter(case=case).select_related(
        "recipient", "created_by", "revoked_by", "case__organization"
    )


def consents_panel_for(case: Case) -> list[Consent]:
    """The case page's consents panel: every consent of the case with its recipient (one query)."""
    return list(consents_with_recipient(case))


def consent_timeline(case: Case) -> list[TimelineEntry]:
    """The case timeline's consent entries: recorded, signed, revoked (one query)."""
    entries = []
    for consent in consents_with_recipient(case):
        url = consent.get_absolute_url()
        title = (
            "Consent sent for signature" if consent.signature_method == Consent.Method.E_SIGN else "Consent recorded"
        )
        entries.append(
            TimelineEntry(
                consent.created_at,
                "consent",
                f"{title}: {consent.recipient.description}",
                ", ".join(consent.category_short_labels),
                consent.created_by,
                url,
            )
        )
        if consent.signed_at and consent.signature_method == Consent.Method.E_SIGN:
            entries.append(TimelineEntry(consent.signed_at, "consent", f"Consent signed: {consent.recipient}", url=url))
        if consent.revoked_at:
            entries.append(
                TimelineEntry(
                    consent.revoked_at,
                    "consent",
                    f"Consent for {consent.recipient} revoked",
                    f"Asked by {consent.revocation_requested_by}",
                    consent.revoked_by,
                    url,
                )
            )
    return entries


def summary_accounting(case: Case, period: Period) -> list[DisclosureEntry]:
    """The accounting of disclosures (42 CFR 2.25) for the clinical PDF."""
    rows = [row for row in accounting_of_disclosures(case) if period.contains(row.at)]
    return [
        DisclosureEntry(
            at=row.at,
            recipient=" — ".join(part for part in (row.recipient.description, row.recipient.contact) if part),
            description=row.description,
            purpose=row.consent.purpose,
            how=row.get_how_display(),
        )
        for row in rows
    ]
