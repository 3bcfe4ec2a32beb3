"""The demo's times are booked in each practice's own zone, not the installation's: a practice on the other side of
the world gets its interventions, admissions and follow-ups at round hours of its own day."""

from __future__ import annotations

import pytest

from accounts.models import Organization
from demo.steps import seed
from tests.demo.conftest import booked_times, on_the_half_hour

pytestmark = pytest.mark.django_db


def test_a_practice_in_another_zone_gets_its_demo_times_at_round_hours_of_its_own_day(settings):
    settings.TIME_ZONE = "America/New_York"
    for name in ("Harbor Intervention Group", "Summit Family Recovery"):
        Organization.objects.create(name=name, time_zone="Asia/Kolkata")  # half an hour off New York's half hours
    seed()
    booked = booked_times()
    assert {what for what, _, _ in booked} >= {"intervention", "admission", "follow-up", "episode", "family session"}
    assert not [row for row in booked if not on_the_half_hour(row[1])]
