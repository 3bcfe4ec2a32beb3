"""The practice report: every measure of every topic for one scope, assembled (a constant number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .charts import BarChart, Funnel, funnel_chart, trend_chart
from .measures import Measure, Scope, caseload, followups, intake, outcomes, totals, treatment, trend


@dataclass
class Section:
    title: str
    measures: list[Measure]


@dataclass
class Report:
    scope: Scope
    sections: list[Section]
    funnel: Funnel
    outcome: outcomes.OutcomeRow
    outcomes_by_model: list[outcomes.OutcomeRow]
    outcomes_by_arise_level: list[outcomes.OutcomeRow]
    months: list[trend.Month]
    trend: BarChart
    caseload: list[caseload.CaseloadRow] = field(default_factory=list)

    @property
    def period_start(self) -> dt.date:
        """The first day of the period, in the practice's zone (not the viewer's)."""
        return self.scope.start.date()

    @property
    def period_end(self) -> dt.date:
        """The last day of the period (the scope's end is the midnight after it)."""
        return (self.scope.end - dt.timedelta(days=1)).date()

    @property
    def outcome_definitions(self) -> list[Measure]:
        return [self.outcome.accepted, self.outcome.declined, self.outcome.postponed]

    @property
    def measures(self) -> list[Measure]:
        """Every measure once, in page order (the CSV's rows)."""
        rows = [m for section in self.sections for m in section.measures]
        rows += [self.outcome.accepted, self.outcome.declined, self.outcome.postponed]
        for row in [*self.outcomes_by_model, *self.outcomes_by_arise_level]:
            rows += [row.accepted, row.declined, row.postponed]
        return rows


def build_report(scope: Scope) -> Report:
    """The report of `scope`, in nine queries whatever its size: opened cases and the funnel by month, admissions and
    retention by month, intake to admission, outcomes by model and level, discharges, follow-ups, caseload (3)."""
    opened = intake.funnel_by_month(scope)
    admitted = treatment.admissions_by_month(scope)
    figures = totals(opened, *intake.FUNNEL)
    months = trend.monthly(scope, opened, admitted)
    groups = outcomes.outcome_groups(scope)
    return Report(
        scope=scope,
        sections=[
            Section("Intake", intake.measures(scope, figures)),
            Section("Treatment", [*treatment.admissions(scope, admitted), *treatment.discharges(scope)]),
            Section("Follow-ups", followups.measures(scope)),
        ],
        funnel=funnel_chart(figures),
        outcome=outcomes.overall(scope, groups),
        outcomes_by_model=outcomes.by_model(scope, groups),
        outcomes_by_arise_level=outcomes.by_arise_level(scope, groups),
        months=months,
        trend=trend_chart(months),
        caseload=caseload.per_interventionist(scope),
    )
