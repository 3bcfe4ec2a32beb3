"""`make bench BENCH_ARGS=--scale`: the growth curve. The dashboard, the case page, one reminder scan and matching,
each at x1, x10 and x100 of the bench's data, so the slope is visible (PostgreSQL only).

x1 is what the bench measures every day: a practice of 50,000 cases (an interventionist's 500 of them), 100,000
follow-ups with 1,000 due, 20,000 facilities. Each step up copies the seeded rows in SQL, as a hosted installation
grows: more practices of the same size (10, then 100), ten and a hundred times the follow-ups with as many more
due, ten and a hundred times the facilities. `--scale-factors 1 10` stops where a smaller machine must.
With --quick every base size is a tenth.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client

from accounts.models import Membership, Organization, User
from facilities.matching import rank
from facilities.models import BedAvailability, Facility, FacilityService
from facilities.services import facilities_import
from interventions.models import Case

from . import dashboard, directory, reminders
from .context import BenchContext

FACTORS = (1, 10, 100)


@dataclass(frozen=True)
class Base:
    """The x1 sizes."""

    cases: int = 50_000
    mine: int = 500
    follow_ups: int = 100_000
    due: int = 1_000
    facilities: int = 20_000


QUICK = Base(cases=5_000, mine=500, follow_ups=10_000, due=100, facilities=2_000)


def scale(ctx: BenchContext, factors: Sequence[int] = FACTORS, base: Base | None = None) -> dict[str, Any]:
    """One row per figure, one column per factor; also printed as a Markdown table on stderr."""
    if connection.vendor != "postgresql":
        return {}
    base = base or (QUICK if ctx.quick else Base())
    factors = sorted(factors)
    table: dict[str, dict[str, float | int]] = {}

    def record(name: str, factor: int, value: float | int) -> None:
        table.setdefault(name, {})[f"x{factor}"] = value

    _cases(ctx, base, factors, record)
    _reminders(ctx, base, factors, record)
    _matching(ctx, base, factors, record)
    ctx.log("growth table\n" + _markdown(table, factors))
    return {"scale": table}


def _timed(ctx: BenchContext, label: str, fn: Callable[..., None], *args: Any) -> None:
    start = time.perf_counter()
    fn(*args)
    ctx.log(f"{label} in {time.perf_counter() - start:.0f} s")


# ---------------------------------------------------------------- cases: dashboard and case page


def _cases(
    ctx: BenchContext, base: Base, factors: Sequence[int], record: Callable[[str, int, float | int], None]
) -> None:
    rng = random.Random(7)  # noqa: S311
    size, mine = base.cases, base.mine
    practice = Organization.objects.create(name="Scale practice")
    alice = User.objects.create_user("scale-alice@example.org")
    colleague = User.objects.create_user("scale-colleague@example.org")
    for user in (alice, colleague):
        Membership.objects.create(user=user, organization=practice, role=Membership.Role.INTERVENTIONIST)
    ctx.log(f"seeding a practice of {size} cases")
    dashboard._bulk_cases(practice, alice, mine, rng)
    dashboard._bulk_cases(practice, colleague, size - mine, rng)
    case = Case.objects.filter(lead=alice).order_by("pk").first()
    assert case is not None  # noqa: S101
    client = Client()
    client.force_login(alice)
    caseload, case_page = ctx.get_ok("/cases/", client), ctx.get_ok(case.get_absolute_url(), client)
    for factor in factors:
        _timed(ctx, f"growing to {factor} practices of {size} cases", _grow_practices, practice, factor)
        dashboard._analyze()
        record("dashboard_ms", factor, ctx.median_ms(caseload, repeat=15))
        record("dashboard_queries", factor, ctx.count_queries(caseload))
        record("case_page_ms", factor, ctx.median_ms(case_page, repeat=15))
        record("case_page_queries", factor, ctx.count_queries(case_page))
        record("cases_in_db", factor, Case.objects.count())


def _grow_practices(template: Organization, total: int) -> None:
    """Copy the template practice's cases (one INSERT ... SELECT per ten practices) until there are `total`
    practices of its size, each with its own interventionist leading its copies."""
    have = Organization.objects.filter(name__startswith="Scale practice").count()
    columns = [
        f.column
        for f in Case._meta.concrete_fields
        if f.column not in ("id", "organization_id", "lead_id", "created_by_id")
    ]
    names = ", ".join(columns)  # our model's own columns
    for first in range(have, total, 10):
        organizations, leads = [], []
        for number in range(first, min(first + 10, total)):
            organization = Organization.objects.create(name=f"Scale practice {number}")
            lead = User.objects.create_user(f"scale-{number}@example.org")
            Membership.objects.create(user=lead, organization=organization, role=Membership.Role.INTERVENTIONIST)
            organizations.append(organization.pk)
            leads.append(lead.pk)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # seeding, not a request
            cursor.execute(
                "INSERT INTO interventions_case (organization_id, lead_id, created_by_id, " + names + ") "  # noqa: S608
                "SELECT o.id, o.lead, o.lead, " + names + " FROM interventions_case c, "
                "unnest(%(organizations)s::bigint[], %(leads)s::bigint[]) AS o(id, lead) "
                "WHERE c.organization_id = %(template)s ORDER BY o.id, c.id",
                {"organizations": organizations, "leads": leads, "template": template.pk},
            )


# ---------------------------------------------------------------- reminders


def _reminders(
    ctx: BenchContext, base: Base, factors: Sequence[int], record: Callable[[str, int, float | int], None]
) -> None:
    total, due = base.follow_ups, base.due
    ctx.log(f"seeding {total} follow-ups, {due} due")
    reminders._seed(total, due)
    for factor in factors:
        if factor > 1:
            reminders._reset()
            _timed(ctx, f"growing to {total * factor} follow-ups", reminders._grow, total * factor, due * factor)
        scan_ms, reminded = reminders._measure(ctx)
        record("reminder_scan_ms", factor, scan_ms)
        record("reminder_scan_due", factor, reminded)


# ---------------------------------------------------------------- matching


def _matching(
    ctx: BenchContext, base: Base, factors: Sequence[int], record: Callable[[str, int, float | int], None]
) -> None:
    rng = random.Random(4)  # noqa: S311
    size = base.facilities
    ctx.log(f"importing {size} facilities")
    for first in range(0, size, 20_000):
        rows = [directory._row(rng, i) for i in range(first, min(first + 20_000, size))]
        report = facilities_import(data=json.dumps({"rows": rows}).encode(), format="samhsa")
        if not report.ok:
            raise RuntimeError(f"bench import failed: {report.errors[:3]}")
    directory._seed_beds(rng)
    for factor in factors:
        _timed(ctx, f"growing to {size * factor} facilities", _grow_facilities, size, factor)
        # VACUUM (for index-only scans) cannot run in a transaction: the tests' figure settles for ANALYZE.
        directory._settle() if not connection.in_atomic_block else dashboard._analyze()
        record("match_ms", factor, ctx.median_ms(lambda: rank(directory._NEEDS), repeat=9, warmup=2))
        record("match_queries", factor, ctx.count_queries(lambda: rank(directory._NEEDS)))
        record("facilities_in_db", factor, Facility.objects.count())


def _grow_facilities(base: int, factor: int) -> None:
    """Copy the first `base` facilities, their services and beds (one INSERT ... SELECT each) until there are
    `base * factor`: copy n of facility i is facility i + n * stride, its external id suffixed with n."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM facilities_facility")
        (low,) = cursor.fetchone()
        cursor.execute("SELECT id FROM facilities_facility ORDER BY id OFFSET %s LIMIT 1", [base - 1])
        (high,) = cursor.fetchone()
    stride = high - low + 1
    have = Facility.objects.count() // base
    if have >= factor:
        return
    tables = {model: model._meta.db_table for model in (Facility, FacilityService, BedAvailability)}

    def columns(model: type, skip: tuple[str, ...]) -> str:
        return ", ".join(f.column for f in model._meta.concrete_fields if f.column not in skip)  # type: ignore[attr-defined]

    facility_cols = columns(Facility, ("id", "external_id"))
    service_cols = columns(FacilityService, ("id", "facility_id"))
    bed_cols = columns(BedAvailability, ("id", "facility_id"))
    params = {"low": low, "high": high, "stride": stride, "first": have, "last": factor - 1}
    copies = "generate_series(%(first)s, %(last)s) AS n"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # seeding, not a request
        cursor.execute(
            f"INSERT INTO {tables[Facility]} (id, external_id, {facility_cols}) "  # noqa: S608 (our own names)
            f"SELECT id + n * %(stride)s, external_id || '-' || n, {facility_cols} FROM {tables[Facility]}, {copies} "
            "WHERE id BETWEEN %(low)s AND %(high)s",
            params,
        )
        cursor.execute(
            f"INSERT INTO {tables[FacilityService]} (facility_id, {service_cols}) "  # noqa: S608
            f"SELECT facility_id + n * %(stride)s, {service_cols} FROM {tables[FacilityService]}, {copies} "
            "WHERE facility_id BETWEEN %(low)s AND %(high)s",
            params,
        )
        cursor.execute(
            f"INSERT INTO {tables[BedAvailability]} (facility_id, {bed_cols}) "  # noqa: S608
            f"SELECT facility_id + n * %(stride)s, {bed_cols} FROM {tables[BedAvailability]}, {copies} "
            "WHERE facility_id BETWEEN %(low)s AND %(high)s",
            params,
        )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{tables[Facility]}', 'id'), (SELECT max(id) FROM {tables[Facility]}))"  # noqa: S608
        )


def _markdown(table: dict[str, dict[str, float | int]], factors: Sequence[int]) -> str:
    head = ["figure", *(f"x{factor}" for factor in factors)]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for name, values in table.items():
        lines.append("| " + " | ".join([name, *(f"{values.get(f'x{factor}', '')}" for factor in factors)]) + " |")
    return "\n".join(lines)
