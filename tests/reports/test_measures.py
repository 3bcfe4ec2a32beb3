"""Each measure on the hand-built history of conftest.py, with the figure counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.measures import TOO_FEW, Measure, caseload, followups, intake, outcomes, treatment, trend
from tests.factories import CaseFactory

from .conftest import at, scope_for

pytestmark = pytest.mark.django_db


def by_key(measures: list[Measure]) -> dict[str, Measure]:
    return {m.key: m for m in measures}


def test_cases_opened_and_reaching_intervention_count_the_cases_opened_in_the_period(history, practice):
    scope = scope_for(practice, history.now)
    measures = by_key(intake.measures(scope, intake.funnel(scope)))
    # c1-c7 (c0 was opened in 2025; practice B's m1 never counts)
    assert measures["cases_opened"].n == 7
    # held: c1, c2, c3, c4, c7
    assert (measures["reaching_intervention"].numerator, measures["reaching_intervention"].n) == (5, 7)
    assert measures["reaching_intervention"].display == "71%"


def test_funnel_counts_opened_held_accepted_admitted(history, practice):
    figures = intake.funnel(scope_for(practice, history.now))
    # accepted: c1, c2 (now), c3 (later); admitted: c1, c2, c3 (c0 was admitted but opened in 2025)
    assert figures == {"opened": 7, "held": 5, "accepted": 3, "admitted": 3}


def test_intake_to_admission_is_the_median_and_middle_half_of_first_admissions(practice, alice):
    from aftercare.models import Episode

    now = at(practice, "2026-12-01")
    for wait in (10, 20, 30, 40, 50):
        case = CaseFactory(organization=practice, lead=alice, created_at=at(practice, "2026-02-01"))
        admitted = at(practice, "2026-02-01") + dt.timedelta(days=wait)
        Episode.objects.create(case=case, admitted_at=admitted, discharged_at=admitted + dt.timedelta(days=5))
        # A readmission is not a first admission: it does not count.
        Episode.objects.create(case=case, admitted_at=admitted + dt.timedelta(days=200))
    measure = intake.intake_to_admission(scope_for(practice, now))
    assert measure.n == 5
    assert measure.text == "median 30 days (middle half 20–40 days)"


def test_intake_to_admission_with_few_admissions_shows_no_median(history, practice):
    measure = intake.intake_to_admission(scope_for(practice, history.now))
    assert measure.n == 4  # first admissions in 2026: c0, c1, c2, c3
    assert measure.display == "too few to show a median"


def test_intervention_outcomes_overall_and_by_model_and_arise_level(history, practice):
    scope = scope_for(practice, history.now)
    overall = outcomes.overall(scope)
    assert overall.n == 5
    assert (overall.accepted.display, overall.declined.display, overall.postponed.display) == ("60%", "20%", "20%")
    models = {row.label: row for row in outcomes.by_model(scope)}
    assert {label: row.n for label, row in models.items()} == {"ARISE": 2, "Invitational": 1, "Johnson": 2}
    assert models["Johnson"].accepted.numerator == 2
    assert models["Johnson"].accepted.display == TOO_FEW
    levels = {
        row.label: (row.n, row.accepted.numerator, row.declined.numerator) for row in outcomes.by_arise_level(scope)
    }
    assert levels == {"ARISE level 2": (1, 1, 0), "ARISE level 3": (1, 0, 1)}


def test_admissions_and_retention_at_30_60_90_days(history, practice):
    measures = by_key(treatment.admissions(scope_for(practice, history.now)))
    assert measures["admissions"].n == 6  # readmissions count again
    # Admitted at least 30 days ago: five (not c3's of 15 Nov). Stayed 30 days: c0 (120 and 40 days), c1 (73), c2's
    # second (still in); not c2's first (19).
    assert (measures["retention_30"].numerator, measures["retention_30"].n) == (4, 5)
    assert measures["retention_30"].display == "80%"
    assert (measures["retention_60"].numerator, measures["retention_60"].n) == (3, 5)
    assert (measures["retention_90"].numerator, measures["retention_90"].n) == (2, 5)
    assert measures["retention_90"].display == "40%"


def test_completion_early_discharge_and_readmission(history, practice):
    measures = by_key(treatment.discharges(scope_for(practice, history.now)))
    assert (measures["completed"].numerator, measures["completed"].n) == (2, 4)
    assert measures["completed"].display == TOO_FEW
    assert (measures["left_early"].numerator, measures["left_early"].n) == (2, 4)
    # c0 came back 22 days after its May discharge; c2 165 days after March's.
    assert (measures["readmission_90"].numerator, measures["readmission_90"].n) == (1, 4)
    assert (measures["readmission_365"].numerator, measures["readmission_365"].n) == (0, 0)


def test_follow_up_reach_and_abstinence(history, practice):
    measures = by_key(followups.measures(scope_for(practice, history.now)))
    # Due before now, not cancelled: four with the discharge anchor and c3's overdue one; reached: three.
    assert (measures["followup_reach"].numerator, measures["followup_reach"].n) == (3, 5)
    assert measures["followup_reach"].display == "60%"
    assert (measures["abstinent_30"].numerator, measures["abstinent_30"].n) == (2, 2)
    assert (measures["abstinent_90"].numerator, measures["abstinent_90"].n) == (0, 1)
    assert measures["abstinent_90"].display == TOO_FEW
    assert measures["abstinent_365"].n == 0


def test_caseload_per_interventionist(history, practice, alice, bob):
    rows = {row.interventionist: row for row in caseload.per_interventionist(scope_for(practice, history.now))}
    assert (rows[str(alice)].open_cases, rows[str(alice)].overdue_follow_ups) == (6, 1)  # c6 is closed
    assert (rows[str(bob)].open_cases, rows[str(bob)].overdue_follow_ups) == (1, 0)


def test_monthly_trend_of_cases_opened_and_admissions(history, practice):
    scope = scope_for(practice, history.now)
    months = {
        m.first_day.month: (m.opened, m.admitted)
        for m in trend.monthly(scope, intake.funnel_by_month(scope), treatment.admissions_by_month(scope))
    }
    assert len(months) == 12
    assert months == {
        1: (2, 1), 2: (0, 1), 3: (1, 1), 4: (0, 0), 5: (1, 0), 6: (1, 1),
        7: (0, 0), 8: (1, 0), 9: (0, 1), 10: (0, 0), 11: (1, 1), 12: (0, 0),
    }  # fmt: skip
