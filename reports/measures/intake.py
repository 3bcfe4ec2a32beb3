"""Intake: cases opened, how many reach an intervention, and the time from intake to admission."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from aftercare.models import Episode
from interventions.models import InterventionEvent, Stage, StageChange

from . import MIN_N, Measure, Scope, by_month, count, share, totals

OPENED = "Cases opened: cases created in the period."
REACHED = (
    "Reaching intervention: of the cases opened in the period, the share whose intervention was held (moved to "
    "'Intervention held' by now)."
)
TO_ADMISSION = (
    "Intake to admission: of the first admissions in the period, the days from the case's opening to the admission: "
    "median, and the middle half (25th to 75th percentile)."
)
ACCEPTED_OUTCOMES = (InterventionEvent.Outcome.ACCEPTED_NOW, InterventionEvent.Outcome.ACCEPTED_LATER)
# SQLite has no percentile aggregate: there the durations are read (at most this many) and the quantiles taken in
# Python. PostgreSQL computes them in the query (percentile_cont), whatever the number of admissions.
MAX_DURATIONS_READ = 20_000


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate `percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: str, *, fraction: float) -> None:
        super().__init__(expression, fraction=float(fraction), output_field=DurationField())


FUNNEL = ("opened", "held", "accepted", "admitted")


def funnel_by_month(scope: Scope) -> dict[dt.date, dict[str, int]]:
    """The cases opened in the period, and of them: intervention held, accepted treatment, admitted; per month of
    opening. One query: each step is `pk IN (...)`, which PostgreSQL hashes once (a correlated EXISTS per case cost
    a third of a second at 50,000 cases)."""
    # The outer query holds the scope; the sets need none (joining the cases again in each cost 25 ms at 50,000).
    held = StageChange.objects.filter(to_stage=Stage.HELD).values("case_id")
    accepted = InterventionEvent.objects.filter(outcome__in=ACCEPTED_OUTCOMES)
    admitted = Episode.objects.values("case_id")
    return by_month(
        scope.cases().filter(scope.within("created_at")),
        "created_at",
        scope.organization.zone,
        opened=Count("pk"),
        held=Count("pk", filter=Q(pk__in=held)),
        accepted=Count("pk", filter=Q(pk__in=accepted.values("plan__case_id"))),
        admitted=Count("pk", filter=Q(pk__in=admitted)),
    )


def funnel(scope: Scope) -> dict[str, int]:
    """The period's funnel (the months summed)."""
    return totals(funnel_by_month(scope), *FUNNEL)


def first_admissions(scope: Scope) -> QuerySet[Episode]:
    earlier = Episode.objects.filter(case=OuterRef("case"), admitted_at__lt=OuterRef("admitted_at"))
    return (
        Episode.objects.filter(scope.case_q("case__"), scope.within("admitted_at"))
        .exclude(Exists(earlier))
        .annotate(wait=ExpressionWrapper(F("admitted_at") - F("case__created_at"), output_field=DurationField()))
    )


def _days(value: dt.timedelta | None) -> float:
    return (value or dt.timedelta()).total_seconds() / 86400


def intake_to_admission(scope: Scope) -> Measure:
    """The median and middle half of the days from intake to first admission (one query)."""
    rows = first_admissions(scope)
    if connection.vendor == "postgresql":
        figures = rows.aggregate(
            n=Count("pk"),
            p25=PercentileCont("wait", fraction=0.25),
            p50=PercentileCont("wait", fraction=0.5),
            p75=PercentileCont("wait", fraction=0.75),
        )
        n, quartiles = figures["n"], [_days(figures[key]) for key in ("p25", "p50", "p75")]
    else:
        durations = rows.order_by().values_list("wait", flat=True)  # type: ignore[misc]
        waits = [_days(wait) for wait in durations[:MAX_DURATIONS_READ]]
        n = len(waits)
        quartiles = statistics.quantiles(waits, n=4, method="inclusive") if n >= 2 else waits * 3
    if n < MIN_N:
        text = "too few to show a median"
    else:
        text = f"median {quartiles[1]:.0f} days (middle half {quartiles[0]:.0f}–{quartiles[2]:.0f} days)"
    return Measure("intake_to_admission_days", "Intake to admission", TO_ADMISSION, n=n, text=text)


def measures(scope: Scope, figures: dict[str, int]) -> list[Measure]:
    return [
        count("cases_opened", "Cases opened", OPENED, figures["opened"]),
        share("reaching_intervention", "Reaching intervention", REACHED, figures["held"], figures["opened"]),
        intake_to_admission(scope),
    ]
