"""The practice's report measures: one module per topic, each figure one plain aggregate query.

Every measure carries its definition in words (shown on the page and in the CSV) and its n. A share over fewer than
`MIN_N` cases is not shown as a percentage: "too few to show a share".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Aggregate, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from accounts.models import Organization, User
from interventions.models import Case, InterventionPlan

MIN_N = 5
TOO_FEW = "too few to show a share"


@dataclass(frozen=True)
class Scope:
    """What a report counts: the cases of one practice (an interventionist's: only those they lead), optionally of
    one lead, one intervention model or one referral source; events in [start, end), measured at `now`."""

    organization: Organization
    start: dt.datetime
    end: dt.datetime
    now: dt.datetime
    lead: User | None = None
    model: str = ""
    referral_source: str = ""

    def case_q(self, prefix: str = "") -> Q:
        """The scope as a filter on a row reaching the case through `prefix` (e.g. "case__")."""
        q = Q(**{f"{prefix}organization": self.organization})
        if self.lead is not None:
            q &= Q(**{f"{prefix}lead": self.lead})
        if self.referral_source:
            q &= Q(**{f"{prefix}referral_source": self.referral_source})
        if self.model:
            q &= Q(Exists(InterventionPlan.objects.filter(case=OuterRef(f"{prefix}pk"), model=self.model)))
        return q

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(self.case_q())

    def within(self, field: str) -> Q:
        """`field` falls in the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


@dataclass(frozen=True)
class Measure:
    """One figure: a count (`numerator` None: the figure is n), a share (numerator of n), or a text (a duration)."""

    key: str
    label: str
    definition: str
    n: int
    numerator: int | None = None
    text: str | None = None

    @property
    def is_share(self) -> bool:
        return self.numerator is not None

    @property
    def share(self) -> float | None:
        """numerator / n, or None when n is under MIN_N."""
        if self.numerator is None or self.n < MIN_N:
            return None
        return self.numerator / self.n

    @property
    def display(self) -> str:
        if self.text is not None:
            return self.text
        if self.numerator is None:
            return f"{self.n:,}"
        share = self.share
        return TOO_FEW if share is None else f"{share:.0%}"

    @property
    def value(self) -> str:
        """The figure for the CSV: a count, a share with three decimals, the text, or empty under MIN_N."""
        if self.text is not None:
            return self.text
        if self.numerator is None:
            return str(self.n)
        share = self.share
        return "" if share is None else f"{share:.3f}"


def share(key: str, label: str, definition: str, numerator: int | None, n: int | None) -> Measure:
    return Measure(key, label, definition, n=n or 0, numerator=numerator or 0)


def count(key: str, label: str, definition: str, n: int | None) -> Measure:
    return Measure(key, label, definition, n=n or 0)


def by_month(queryset: QuerySet, field: str, zone: dt.tzinfo, **counts: Aggregate) -> dict[dt.date, dict[str, int]]:
    """`counts` of `queryset` per calendar month of `field` in `zone`, in one GROUP BY query: the monthly series and,
    summed (`totals`), the period's figure from the same rows."""
    rows = queryset.annotate(month=TruncMonth(field, tzinfo=zone)).order_by().values("month").annotate(**counts)
    result = {}
    for row in rows:  # one row per month, not per case
        month = row.pop("month")
        result[month.date() if isinstance(month, dt.datetime) else month] = row
    return result


def totals(months: dict[dt.date, dict[str, int]], *names: str) -> dict[str, int]:
    return {name: sum(row[name] for row in months.values()) for name in names}
