"""The migration that keeps the admission time once: a plan's admission time goes to the case's admitting referral
when that referral has none; a referral's own time wins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import CaseFactory, ReferralFactory

BEFORE = [("interventions", "0006_summary_queued_at")]


@pytest.mark.django_db(transaction=True)
def test_the_plan_admission_time_moves_to_the_referral_that_lacks_one(practice, alice):
    # The cases and referrals are made with today's models, before going back: the factories write columns the
    # old schema lacks (referral_source...), which migrating back drops.
    when = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    own = when + dt.timedelta(hours=3)
    lacking = ReferralFactory(case=CaseFactory(organization=practice, lead=alice), status="admission_scheduled")
    having = ReferralFactory(
        case=CaseFactory(organization=practice, lead=alice), status="admission_scheduled", admission_at=own
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_plan = executor.loader.project_state(BEFORE).apps.get_model("interventions", "InterventionPlan")
    for referral in (lacking, having):
        old_plan.objects.create(
            case_id=referral.case_id,
            model="johnson",
            created_by_id=alice.pk,
            admission_at=when,
            admission_confirmed=True,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    lacking.refresh_from_db()
    having.refresh_from_db()
    assert lacking.admission_at == when
    assert having.admission_at == own
