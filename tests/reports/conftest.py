"""A small hand-built practice history for the report tests; every expected figure is counted by hand in the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from aftercare.models import Episode, FollowUp
from interventions.models import Case, InterventionEvent
from reports.measures import Scope
from tests.factories import CaseFactory, FollowUpFactory, InterventionPlanFactory, StageChangeFactory


@dataclass
class History:
    cases: dict[str, Case]
    now: dt.datetime


def at(practice, day: str) -> dt.datetime:
    """Noon of `day` in the practice's zone."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=practice.zone)


def scope_for(practice, now: dt.datetime, **options) -> Scope:
    """The year 2026 in the practice's zone."""
    zone = practice.zone
    return Scope(
        organization=practice,
        start=dt.datetime(2026, 1, 1, tzinfo=zone),
        end=dt.datetime(2027, 1, 1, tzinfo=zone),
        now=now,
        **options,
    )


def _case(practice, lead, opened: str, **fields) -> Case:
    # Names no member of staff shares, so that a test can tell the report never shows them.
    fields = {"first_name": "Wrenna", "last_name": f"Quillfeather-{opened}", **fields}
    return CaseFactory(organization=practice, lead=lead, created_at=at(practice, opened), **fields)


def _held(case: Case, practice, day: str, outcome: str, model: str = "johnson", arise_level: int | None = None) -> None:
    StageChangeFactory(case=case, from_stage="scheduled", to_stage="held", effective_at=at(practice, day))
    plan = InterventionPlanFactory(case=case, model=model)
    InterventionEvent.objects.create(
        plan=plan, held_at=at(practice, day), outcome=outcome, arise_level=arise_level, recorded_by=case.lead
    )


def _episode(case: Case, practice, admitted: str, discharged: str | None = None, kind: str = "") -> Episode:
    return Episode.objects.create(
        case=case,
        admitted_at=at(practice, admitted),
        discharged_at=at(practice, discharged) if discharged else None,
        discharge_type=kind,
    )


def _follow_up(case: Case, practice, due: str, status: str, **fields) -> FollowUp:
    return FollowUpFactory(case=case, due_at=at(practice, due), status=status, **fields)


@pytest.fixture
def history(practice, other_practice, alice, bob, mallory) -> History:
    """Practice A in 2026 (alice leads c0-c6, bob c7; c0 was opened in 2025), and practice B's m1 with everything."""
    p = practice
    c = {
        "c0": _case(p, alice, "2025-06-01"),
        "c1": _case(p, alice, "2026-01-05", referral_source="physician"),
        "c2": _case(p, alice, "2026-01-20", referral_source="physician"),
        "c3": _case(p, alice, "2026-03-10"),
        "c4": _case(p, alice, "2026-05-05"),
        "c5": _case(p, alice, "2026-06-15"),
        "c6": _case(p, alice, "2026-08-01", stage="closed"),
        "c7": _case(p, bob, "2026-11-10"),
    }
    _held(c["c1"], p, "2026-01-25", "accepted_now")
    _held(c["c2"], p, "2026-02-20", "accepted_now")
    _held(c["c3"], p, "2026-10-01", "accepted_later", model="arise", arise_level=2)
    _held(c["c4"], p, "2026-06-01", "refused", model="arise", arise_level=3)
    _held(c["c7"], p, "2026-11-20", "postponed", model="invitational")
    _episode(c["c0"], p, "2026-01-10", "2026-05-10", "completed")
    _episode(c["c0"], p, "2026-06-01", "2026-07-11", "left_early")
    _episode(c["c1"], p, "2026-02-01", "2026-04-15", "completed")
    _episode(c["c2"], p, "2026-03-01", "2026-03-20", "left_early")
    _episode(c["c2"], p, "2026-09-01")
    _episode(c["c3"], p, "2026-11-15")
    after_discharge = {"anchor": "discharge"}
    _follow_up(c["c1"], p, "2026-05-15", "done", offset_days=30, reached=True, use_since_last_contact=False,
               **after_discharge)  # fmt: skip
    _follow_up(c["c1"], p, "2026-07-14", "done", offset_days=90, reached=True, use_since_last_contact=True,
               **after_discharge)  # fmt: skip
    _follow_up(c["c2"], p, "2026-04-19", "missed", offset_days=30, reached=False, **after_discharge)
    _follow_up(c["c0"], p, "2026-06-09", "done", offset_days=30, reached=True, use_since_last_contact=False,
               **after_discharge)  # fmt: skip
    _follow_up(c["c2"], p, "2026-10-01", "cancelled")
    _follow_up(c["c3"], p, "2026-12-05", "scheduled")
    _follow_up(c["c3"], p, "2026-11-20", "scheduled")
    # Practice B: everything counts there, nothing here.
    m1 = _case(other_practice, mallory, "2026-02-02", referral_source="physician")
    _held(m1, other_practice, "2026-02-10", "accepted_now", model="arise", arise_level=1)
    _episode(m1, other_practice, "2026-02-15", "2026-03-01", "completed")
    _follow_up(m1, other_practice, "2026-03-31", "done", offset_days=30, reached=True, use_since_last_contact=False,
               **after_discharge)  # fmt: skip
    _follow_up(m1, other_practice, "2026-11-01", "scheduled")
    return History(cases=c, now=at(p, "2026-12-01"))
