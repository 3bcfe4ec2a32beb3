"""`make bench` figures of the caseload: the dashboard for 500 cases among 50,000."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
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


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give them a little later."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _practice(number: int, size: int, rng: random.Random) -> None:
    """A practice of `size` cases, led by ten interventionists."""
    organization = Organization.objects.create(name=f"Other practice {number}")
    leads = [User.objects.create_user(f"bench-{number}-{index}@example.org", "bench-password-1") for index in range(10)]
    for lead in leads:
        Membership.objects.create(user=lead, organization=organization, role=Membership.Role.INTERVENTIONIST)
        _bulk_cases(organization, lead, size // len(leads), rng)


def dashboard(ctx: BenchContext) -> dict[str, float | int]:
    """`dashboard_ms` and `dashboard_queries`: an interventionist with 500 cases in a practice of 50,000 (budget
    30 ms); `dashboard_500k_ms`: the same page with 10 practices of 50,000 in the database (budget 45 ms).
    With --quick: practices of 5,000 (and 4 of them)."""
    rng = random.Random(7)
    size, practices, mine = (5_000, 4, 500) if ctx.quick else (50_000, 10, 500)
    practice = Organization.objects.create(name="Bench practice")
    alice = User.objects.create_user("bench-alice@example.org", "bench-password-1")
    Membership.objects.create(user=alice, organization=practice, role=Membership.Role.INTERVENTIONIST)
    ctx.log(f"seeding a practice of {size} cases")
    _bulk_cases(practice, alice, mine, rng)
    colleague = User.objects.create_user("bench-colleague@example.org", "bench-password-1")
    Membership.objects.create(user=colleague, organization=practice, role=Membership.Role.INTERVENTIONIST)
    _bulk_cases(practice, colleague, size - mine, rng)
    _analyze()
    client = Client()
    client.force_login(alice)
    fetch = ctx.get_ok("/cases/", client)
    filtered = ctx.get_ok("/cases/?stage=planning&q=Person1&sort=last_name", client)
    figures: dict[str, float | int] = {
        "dashboard_ms": ctx.median_ms(fetch, repeat=30),
        "dashboard_queries": ctx.count_queries(fetch),
        "dashboard_filtered_ms": ctx.median_ms(filtered, repeat=30),
        "dashboard_cases_in_db": Case.objects.count(),
    }
    ctx.log(f"seeding {practices - 1} more practices of {size} cases")
    for number in range(practices - 1):
        _practice(number, size, rng)
    _analyze()
    figures["dashboard_500k_ms"] = ctx.median_ms(fetch, repeat=30)
    figures["dashboard_500k_queries"] = ctx.count_queries(fetch)
    figures["dashboard_500k_cases_in_db"] = Case.objects.count()
    return figures
