"""The trend over months: cases opened and admissions per calendar month of the practice's zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def monthly(
    scope: Scope, opened: dict[dt.date, dict[str, int]], admitted: dict[dt.date, dict[str, int]]
) -> list[Month]:
    """Every month of the period, empty ones included, from the funnel's and the admissions' monthly rows."""
    zone = scope.organization.zone
    first, last = scope.start.astimezone(zone).date(), (scope.end - dt.timedelta(seconds=1)).astimezone(zone).date()
    return [
        Month(month, opened.get(month, {}).get("opened", 0), admitted.get(month, {}).get("n", 0))
        for month in _months(first, last)
    ]
