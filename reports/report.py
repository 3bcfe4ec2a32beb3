"""The practice report: every measure of every topic for one scope, assembled (a constant number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .charts import BarChart, Funnel, funnel_chart, trend_chart
from .measures import Measure, Scope, caseload, followups, intake, outcomes, treatment, trend


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
    """The report of `scope`. Queries: funnel 1, intake-to-admission 1, outcomes 3, admissions 1, discharges 1,
    follow-ups 1, months 2, caseload 3."""
    figures = intake.funnel(scope)
    months = trend.monthly(scope)
    return Report(
        scope=scope,
        sections=[
            Section("Intake", intake.measures(scope, figures)),
            Section("Treatment", [*treatment.admissions(scope), *treatment.discharges(scope)]),
            Section("Follow-ups", followups.measures(scope)),
        ],
        funnel=funnel_chart(figures),
        outcome=outcomes.overall(scope),
        outcomes_by_model=outcomes.by_model(scope),
        outcomes_by_arise_level=outcomes.by_arise_level(scope),
        months=months,
        trend=trend_chart(months),
        caseload=caseload.per_interventionist(scope),
    )
