from __future__ import annotations

from aftercare.models import AftercarePlan, FamilySupportSession, FollowUp
from tests.demo.conftest import seed_demo


def counts() -> tuple[int, int, int]:
    return FollowUp.objects.count(), AftercarePlan.objects.count(), FamilySupportSession.objects.count()


def test_seed_gives_demo_cases_follow_ups_in_every_state_plans_and_sessions_once(seeded):
    assert set(FollowUp.objects.values_list("status", flat=True)) == set(FollowUp.Status.values)
    before = counts()
    assert before[0] > 0 and before[1] >= 1 and before[2] >= 2
    seed_demo()
    assert counts() == before
