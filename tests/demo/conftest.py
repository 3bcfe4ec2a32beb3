"""Passwords are hashed with a fast hasher in the demo tests: the demo logins are not what is tested. Also: running
`seed_demo`, and reading back every time the demo booked (to check it is one a person would book)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from aftercare.models import Episode, FamilySupportSession, FollowUp
from interventions.models import (
    Case,
    InterventionPlan,
    PlanSession,
    Referral,
    ReferralStatusChange,
    StageChange,
)

CASE = "case__organization"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


def seed_demo() -> str:
    """Run `seed_demo`; returns what it printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def on_the_half_hour(local: dt.datetime) -> bool:
    """A time a person books: on the hour or half hour, in the day."""
    return local.minute in (0, 30) and local.second == 0 and local.microsecond == 0 and 8 <= local.hour <= 20


def booked_times() -> list[tuple[str, dt.datetime, str]]:
    """Every booked or entered time of the demo cases, in their practice's zone: (what, local time, case)."""
    rows: list[tuple[str, dt.datetime | None, Case]] = []
    rows += [(f"stage {c.to_stage}", c.happened_at, c.case) for c in StageChange.objects.select_related(CASE)]
    rows += [("admission", r.admission_at, r.case) for r in Referral.objects.select_related(CASE)]
    rows += [
        ("status", c.at, c.referral.case) for c in ReferralStatusChange.objects.select_related(f"referral__{CASE}")
    ]
    rows += [("intervention", p.scheduled_for, p.case) for p in InterventionPlan.objects.select_related(CASE)]
    rows += [("rehearsal", s.starts_at, s.plan.case) for s in PlanSession.objects.select_related(f"plan__{CASE}")]
    rows += [("follow-up", f.due_at, f.case) for f in FollowUp.objects.select_related(CASE)]
    rows += [("family session", s.scheduled_at, s.case) for s in FamilySupportSession.objects.select_related(CASE)]
    rows += [("episode", e.admitted_at, e.case) for e in Episode.objects.select_related(CASE)]
    return [
        (what, timezone.localtime(at, case.organization.zone), case.reference)
        for what, at, case in rows
        if at is not None
    ]
