"""The trend over months: cases opened and admissions per calendar month of the practice's zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from aftercare.models import Episode

from . import Scope

OPENED = "Cases opened in the month."
ADMITTED = "Admissions to treatment in the month."


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    opened: int
    admitted: int

    @property
    def label(self) -> str:
        return self.first_day.strftime("%b %Y")


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _by_month(rows) -> dict[dt.date, int]:  # rows of (month, n)
    return {(month.date() if isinstance(month, dt.datetime) else month): n for month, n in rows}


def monthly(scope: Scope) -> list[Month]:
    """Every month of the period, empty ones included. Two queries."""
    zone = scope.organization.zone
    opened = _by_month(
        scope.cases()
        .filter(scope.within("created_at"))
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    admitted = _by_month(
        Episode.objects.filter(scope.case_q("case__"), scope.within("admitted_at"))
        .annotate(month=TruncMonth("admitted_at", tzinfo=zone))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    first, last = scope.start.astimezone(zone).date(), (scope.end - dt.timedelta(seconds=1)).astimezone(zone).date()
    return [Month(month, opened.get(month, 0), admitted.get(month, 0)) for month in _months(first, last)]
