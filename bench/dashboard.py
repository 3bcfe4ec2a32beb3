"""`make bench` figures of the caseload: the dashboard for 500 cases among 50,000."""

from __future__ import annotations

import datetime as dt
import random

from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Organization, User
from interventions.models import Case, Stage

from .context import BenchContext

STAGES = [stage.value for stage in Stage]


def _bulk_cases(organization: Organization, lead: User, count: int, rng: random.Random) -> None:
    now = timezone.now()
    batch = []
    for index in range(count):
        moment = now - dt.timedelta(days=rng.randint(0, 400), minutes=index)
        batch.append(
            Case(
                organization=organization,
                lead=lead,
                created_by=lead,
                created_at=moment,
                stage_changed_at=moment,
                last_activity_at=moment,
                stage=rng.choice(STAGES),
                first_name=f"Person{index}",
                last_name=f"Case{index % 997}",
                date_of_birth=dt.date(1980, 1 + index % 12, 1 + index % 28),
                postal_code="22902",
                payer="PI",
            )
        )
        if len(batch) == 2000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)


def dashboard(ctx: BenchContext) -> dict[str, float | int]:
    """`dashboard_ms` and `dashboard_queries`: an interventionist with 500 cases of 50,000 (budget 100 ms)."""
    rng = random.Random(7)
    total, mine = (5_000, 500) if ctx.quick else (50_000, 500)
    practice = Organization.objects.create(name="Bench practice")
    alice = User.objects.create_user("bench-alice@example.org", "bench-password-1")
    Membership.objects.create(user=alice, organization=practice, role=Membership.Role.INTERVENTIONIST)
    ctx.log(f"seeding {total} cases")
    _bulk_cases(practice, alice, mine, rng)
    others_per_org = 500
    for number in range((total - mine) // others_per_org):
        organization = Organization.objects.create(name=f"Other practice {number}")
        colleague = User.objects.create_user(f"bench-{number}@example.org", "bench-password-1")
        Membership.objects.create(user=colleague, organization=organization, role=Membership.Role.INTERVENTIONIST)
        _bulk_cases(organization, colleague, others_per_org, rng)
    client = Client()
    client.force_login(alice)
    fetch = ctx.get_ok("/cases/", client)
    filtered = ctx.get_ok("/cases/?stage=planning&q=Person1&sort=last_name", client)
    return {
        "dashboard_ms": ctx.median_ms(fetch, repeat=30),
        "dashboard_queries": ctx.count_queries(fetch),
        "dashboard_filtered_ms": ctx.median_ms(filtered, repeat=30),
        "dashboard_cases_in_db": Case.objects.count(),
    }
