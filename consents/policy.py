"""The consent rule behind `interventions.disclosure.may_disclose`, and its recorder.

A recipient is asked about as a `Recipient` row, a `Facility` (its recipient row on the case) or a family member's
account (`User`): families links its member records to recipient rows and registers, in `extensions.account_recipients`, the
filter that reaches a user's rows; without it no account is a recipient. A family recipient is never given a
clinical category, whatever a consent says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from django.db.models import Q

from accounts.models import User
from facilities.models import Facility
from interventions.models import Case, Referral

from .extensions import account_recipients
from .models import Consent, Disclosure, Recipient


def active_consents_for(recipient: Any, case: Case, at: dt.datetime | None = None) -> list[Consent]:
    """The consents of `case` active at `at` (days on the practice's calendar) naming `recipient`, oldest first,
    each with its recipient (one query)."""
    queryset = Consent.objects.active(at, case.organization.zone).filter(case=case)
    if isinstance(recipient, Recipient):
        queryset = queryset.filter(recipient=recipient)
    elif isinstance(recipient, Facility):
        queryset = queryset.filter(recipient__kind=Recipient.Kind.FACILITY, recipient__facility=recipient)
    elif isinstance(recipient, User):
        if not recipient.is_authenticated or not len(account_recipients):
            return []
        reach = Q()
        for each in account_recipients:
            reach |= each(recipient)
        queryset = queryset.filter(reach)
    else:
        return []
    return list(queryset.select_related("recipient").order_by("signed_on", "pk"))


def allows(consent: Consent, category: str) -> bool:
    """The consent covers the category, and the category may go to this kind of recipient."""
    return consent.covers(category) and category in consent.recipient.allowed_categories


def covered_categories(consents: Iterable[Consent]) -> set[str]:
    """The categories at least one of `consents` allows."""
    return {category for consent in consents for category in consent.categories if allows(consent, category)}


def may_disclose(recipient: Any, case: Case, category: str, at: dt.datetime | None = None) -> bool:
    return any(allows(consent, category) for consent in active_consents_for(recipient, case, at))


def record(
    recipient: Any,
    case: Case,
    categories: Iterable[str],
    how: str,
    *,
    by: User | None = None,
    at: dt.datetime | None = None,
    detail: str = "",
    referral: Referral | None = None,
    consents: list[Consent] | None = None,
) -> list[Disclosure]:
    """One Disclosure per consent the categories were disclosed under (the oldest active consent allowing each).
    `consents`: the recipient's active consents on the case, when the caller has read them already."""
    if by is None:
        if not isinstance(recipient, User):
            raise ValueError("say who made a disclosure to a facility or another recipient")
        by = recipient
    if consents is None:
        consents = active_consents_for(recipient, case, at)
    by_consent: dict[Consent, list[str]] = {}
    for category in categories:
        consent = next((c for c in consents if allows(c, category)), None)
        if consent is not None:
            by_consent.setdefault(consent, []).append(category)
    extra: dict[str, Any] = {"at": at} if at else {}
    rows = [
        Disclosure(
            case=case,
            consent=consent,
            recipient_id=consent.recipient_id,
            user=by,
            categories=shown,
            how=how,
            detail=detail[:300],
            referral=referral,
            **extra,
        )
        for consent, shown in by_consent.items()
    ]
    if len(rows) == 1:
        # The usual case: one INSERT, without the BEGIN and COMMIT bulk_create sends around it. The row is itself the
        # record of the disclosure (the accounting reads it); like bulk_create, no audit entry of its creation.
        with disable_auditlog():
            rows[0].save()
    elif rows:
        Disclosure.objects.bulk_create(rows)
    return rows
