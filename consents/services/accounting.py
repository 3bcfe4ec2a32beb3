"""Providing the person an accounting of disclosures (42 CFR 2.25, 45 CFR 164.528(d))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from interventions.models import Case

from ..accounting_pdf import render_accounting_pdf
from ..exceptions import ConsentError
from ..models import AccountingProvided
from ..queries import accounting_disclosures


@dataclass
class ProvidedAccounting:
    record: AccountingProvided
    pdf: bytes


@transaction.atomic
def accounting_provide(
    *, case: Case, requested_by: str, period_start: dt.date, period_end: dt.date, by: User
) -> ProvidedAccounting:
    """Record that an accounting of the case's disclosures from `period_start` to `period_end` (days of the
    practice) was given to `requested_by` by `by`, with how many disclosures it lists, and print it. One
    transaction: if the PDF cannot be made, nothing is recorded as provided. Raises ConsentError for an empty
    requester or a period that ends before it starts (the form checks the 3-year limit)."""
    if not requested_by.strip():
        raise ConsentError("Say who asked for the accounting.")
    if period_start > period_end:
        raise ConsentError("The period must end on or after its first day.")
    disclosures = list(accounting_disclosures(case, period_start, period_end))
    record = AccountingProvided.objects.create(
        case=case,
        requested_by=requested_by.strip(),
        period_start=period_start,
        period_end=period_end,
        provided_by=by,
        disclosure_count=len(disclosures),
    )
    return ProvidedAccounting(record, render_accounting_pdf(record, disclosures))
