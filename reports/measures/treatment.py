"""Treatment: admissions, retention at 30/60/90 days, completion vs early discharge, readmission within 90/365 days.

An admission is an aftercare Episode (its `admitted_at` as entered); a readmission is a later episode of the same case.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Aggregate, Count, Exists, F, OuterRef, Q

from aftercare.models import Episode

from . import Measure, Scope, by_month, count, share, totals

RETENTION_DAYS = (30, 60, 90)
READMISSION_DAYS = (90, 365)
D = Episode.DischargeType
ADMISSIONS = "Admissions: admissions to treatment in the period (a readmission counts again)."


def retention_definition(days: int) -> str:
    return (
        f"Retention at {days} days: of the admissions in the period at least {days} days ago, the share with no "
        f"discharge within {days} days."
    )


def readmission_definition(days: int) -> str:
    return (
        f"Readmission within {days} days: of the discharges in the period at least {days} days ago, the share "
        f"admitted again within {days} days of the discharge."
    )


COMPLETED = "Completed treatment: of the discharges in the period, the share discharged as planned (completed)."
LEFT_EARLY = "Early discharge: of the discharges in the period, the share who left early or disengaged."


def admissions_by_month(scope: Scope) -> dict[dt.date, dict[str, int]]:
    """The admissions in the period and their retention counts, per month of admission. One query."""
    counts: dict[str, Aggregate] = {"n": Count("pk")}
    for days in RETENTION_DAYS:
        old_enough = Q(admitted_at__lte=scope.now - dt.timedelta(days=days))
        stayed = Q(discharged_at__isnull=True) | Q(discharged_at__gt=F("admitted_at") + dt.timedelta(days=days))
        counts[f"n{days}"] = Count("pk", filter=old_enough)
        counts[f"r{days}"] = Count("pk", filter=old_enough & stayed)
    episodes = Episode.objects.filter(scope.case_q("case__"), scope.within("admitted_at"))
    return by_month(episodes, "admitted_at", scope.organization.zone, **counts)


def admissions(scope: Scope, months: dict[dt.date, dict[str, int]] | None = None) -> list[Measure]:
    """Admissions and retention at 30/60/90 days (from `admissions_by_month`)."""
    names = ["n", *(f"{kind}{days}" for days in RETENTION_DAYS for kind in "nr")]
    figures = totals(admissions_by_month(scope) if months is None else months, *names)
    return [
        count("admissions", "Admissions", ADMISSIONS, figures["n"]),
        *(
            share(
                f"retention_{days}",
                f"Retention at {days} days",
                retention_definition(days),
                figures[f"r{days}"],
                figures[f"n{days}"],
            )
            for days in RETENTION_DAYS
        ),
    ]


def discharges(scope: Scope) -> list[Measure]:
    """Completion vs early discharge, and readmission within 90/365 days. One query."""
    counts: dict[str, Count] = {
        "n": Count("pk"),
        "completed": Count("pk", filter=Q(discharge_type=D.COMPLETED)),
        "left_early": Count("pk", filter=Q(discharge_type=D.LEFT_EARLY)),
    }
    for days in READMISSION_DAYS:
        old_enough = Q(discharged_at__lte=scope.now - dt.timedelta(days=days))
        again = Episode.objects.filter(
            case=OuterRef("case"),
            admitted_at__gt=OuterRef("discharged_at"),
            admitted_at__lte=OuterRef("discharged_at") + dt.timedelta(days=days),
        )
        counts[f"n{days}"] = Count("pk", filter=old_enough)
        counts[f"r{days}"] = Count("pk", filter=old_enough & Q(Exists(again)))
    figures = Episode.objects.filter(
        scope.case_q("case__"), scope.within("discharged_at"), discharged_at__isnull=False
    ).aggregate(**counts)
    return [
        share("completed", "Completed treatment", COMPLETED, figures["completed"], figures["n"]),
        share("left_early", "Early discharge", LEFT_EARLY, figures["left_early"], figures["n"]),
        *(
            share(
                f"readmission_{days}",
                f"Readmission within {days} days",
                readmission_definition(days),
                figures[f"r{days}"],
                figures[f"n{days}"],
            )
            for days in READMISSION_DAYS
        ),
    ]
