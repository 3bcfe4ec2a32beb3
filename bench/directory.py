"""`make bench` figures of the directory: `import_20k_s` and `match_ms` (DESIGN.md budget: 150 ms).

One synthetic SAMHSA export of 20,000 facilities (2,000 with --quick) spread over the continental US is
imported in one pass (timed), beds are added, then the ranked top 20 with reasons is timed.
`import_floor_s` is what PostgreSQL alone takes to COPY the same rows into the same tables (indexes, constraints and
the deferred foreign-key checks included, rows already in memory); `import_ratio` is the import's time over it
(DESIGN.md: within 4x).
"""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from facilities import vocabulary as v
from facilities.formats import parse
from facilities.matching import CareNeeds, exclusions, rank
from facilities.models import BedAvailability, Facility, FacilityService
from facilities.services import facilities_import

from .context import BenchContext

SETTING_MIXES = [["RES", "RS", "RD"], ["OP", "ORT", "OIT"], ["OP", "ODT"], ["RL"], ["HI", "HIT", "HID"], ["OP", "OMB"]]


def _labels(codes: list[str]) -> str:
    return "; ".join(v.label_for(code) for code in codes)


def _row(rng: random.Random, index: int) -> dict:
    pick = lambda category, k: rng.sample(sorted(v.SAMHSA_CODES[category]), k)  # noqa: E731
    services = [
        ("TC", ["SA"] + pick("TC", 1)),
        ("SET", rng.choice(SETTING_MIXES)),
        ("PAY", pick("PAY", 4)),
        ("PYAS", pick("PYAS", 1)),
        ("SG", pick("SG", 4)),
        ("AGE", pick("AGE", 2)),
        ("GN", pick("GN", rng.choice([1, 2]))),
        ("OT", pick("OT", 2)),
        ("PHR", pick("PHR", 2)),
        ("OL", pick("OL", 1)),
    ]
    return {
        "frid": f"{index:064x}",
        "name1": f"Bench Facility {index}",
        "name2": "",
        "street1": f"{index} Main Street",
        "city": "Somewhere",
        "state": "VA",
        "zip": "22902",
        "latitude": f"{rng.uniform(30, 47):.7f}",
        "longitude": f"{rng.uniform(-120, -75):.7f}",
        "typeFacility": "SA",
        "services": [
            {"f1": v.SAMHSA_CATEGORIES[category], "f2": category, "f3": _labels(codes)} for category, codes in services
        ]
        + [{"f1": "Treatment Approaches", "f2": "TAP", "f3": "Cognitive behavioral therapy; Relapse prevention"}],
    }


def _seed_beds(rng: random.Random, after_pk: int = 0) -> None:
    now = timezone.now()
    beds = [
        BedAvailability(
            facility_id=pk,
            setting="RS",
            available=rng.randint(0, 5),
            updated_at=now - timedelta(hours=rng.choice([2, 30, 100])),
            method="phone",
        )
        for pk in Facility.objects.filter(services__code="RS", pk__gt=after_pk).values_list("pk", flat=True)
    ]
    BedAvailability.objects.bulk_create(beds, batch_size=2000)


def directory(ctx: BenchContext) -> dict[str, float | int | None]:
    """`import_20k_s` (one pass, new facilities) and `match_ms` (median, top 20 with reasons)."""
    rng = random.Random(4)  # noqa: S311
    size = 2_000 if ctx.quick else 20_000
    data = json.dumps({"rows": [_row(rng, i) for i in range(size)]}).encode()
    floor_s = _copy_floor(data) if connection.vendor == "postgresql" else None
    ctx.log(f"importing {size} facilities")
    start = time.perf_counter()
    report = facilities_import(data=data, format="samhsa")
    import_s = round(time.perf_counter() - start, 2)
    if not report.ok or report.created != size:
        raise RuntimeError(f"bench import failed: {report.errors[:3]}")
    _seed_beds(rng)
    needs = _NEEDS
    cold_ms = ctx.median_ms(lambda: rank(needs), repeat=9, warmup=1)
    _settle()
    matches = rank(needs)
    if len(matches) != 20 or not matches[0].reasons:
        raise RuntimeError(f"bench matching found {len(matches)} facilities")
    return {
        "import_20k_s": import_s,  # with --quick: 2,000 rows (see match_facilities)
        "import_floor_s": floor_s,  # PostgreSQL only
        "import_ratio": round(import_s / floor_s, 2) if floor_s else None,
        "match_ms": ctx.median_ms(lambda: rank(needs), repeat=15, warmup=2),
        "match_ms_before_vacuum": cold_ms,
        "match_exclusions_ms": ctx.median_ms(lambda: exclusions(needs), repeat=15, warmup=2),
        "match_queries": ctx.count_queries(lambda: rank(needs)),
        "match_facilities": size,
    }


def directory_100k(ctx: BenchContext) -> dict[str, float | int]:
    """`match_100k_ms`: the same ranked top 20 with reasons as `match_ms`, over 100,000 facilities (10,000 with
    --quick); the directory is topped up to that size with the same synthetic rows (target: 100 ms)."""
    rng = random.Random(100)  # noqa: S311
    size = 10_000 if ctx.quick else 100_000
    have = Facility.objects.count()
    last_pk = Facility.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    step = 20_000
    for first in range(have, size, step):
        rows = [_row(rng, i) for i in range(first, min(first + step, size))]
        ctx.log(f"importing facilities {first}..{first + len(rows)} of {size}")
        report = facilities_import(data=json.dumps({"rows": rows}).encode(), format="samhsa")
        if not report.ok:
            raise RuntimeError(f"bench import failed: {report.errors[:3]}")
    _seed_beds(rng, after_pk=last_pk)
    _settle()
    needs = _NEEDS
    matches = rank(needs)
    if len(matches) != 20 or not matches[0].reasons:
        raise RuntimeError(f"bench matching found {len(matches)} facilities")
    return {
        "match_100k_ms": ctx.median_ms(lambda: rank(needs), repeat=15, warmup=2),
        "match_100k_exclusions_ms": ctx.median_ms(lambda: exclusions(needs), repeat=15, warmup=2),
        "match_100k_queries": ctx.count_queries(lambda: rank(needs)),
        "match_100k_facilities": Facility.objects.count(),
    }


def _copy_floor(data: bytes) -> float:
    """Seconds PostgreSQL takes to COPY the file's facilities and services into their tables, nothing else.

    The rows are built beforehand (ids chosen, defaults filled); the timed part is the two COPY statements and the
    deferred foreign-key checks (forced with SET CONSTRAINTS ALL IMMEDIATE). Rolled back and vacuumed after, so the
    import then meets the same empty tables.
    """
    records = parse(data, "samhsa").records
    now = timezone.now()
    columns = [field for field in Facility._meta.concrete_fields if not field.primary_key]
    defaults = {field.name: field.get_db_prep_save(field.get_default(), connection) for field in columns}
    defaults.update(created_at=now, updated_at=now)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM facilities_facility")
        first = cursor.fetchone()[0]
    facilities = [
        (first + n, *({**defaults, "external_id": r.external_id, **r.fields}[field.name] for field in columns))
        for n, r in enumerate(records)
    ]
    services = [(first + n, *service) for n, r in enumerate(records) for service in r.services]
    names = ", ".join(["id", *(field.column for field in columns)])
    service_table = FacilityService._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # a bulk load, as the import's (facilities.import_sql)
        start = time.perf_counter()
        with cursor.copy(f"COPY {Facility._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in facilities:
                copy.write_row(row)
        with cursor.copy(f"COPY {service_table} (facility_id, category, code, label) FROM STDIN") as copy:
            for row in services:
                copy.write_row(row)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        floor_s = round(time.perf_counter() - start, 2)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {Facility._meta.db_table}, {service_table}")
    return floor_s


def _settle() -> None:
    """Bring the tables to the state a running database keeps them in after a bulk import (autovacuum does it
    within minutes): fresh planner statistics and, on PostgreSQL, a visibility map for index-only scans."""
    tables = "facilities_facility, facilities_facilityservice, facilities_bedavailability"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {tables}")
        else:
            cursor.execute("ANALYZE")


_NEEDS = CareNeeds(
    level_of_care="3.5",
    withdrawal_management=True,
    payment="PI",
    age=34,
    sex="female",
    postal_code="22902",
    philosophy={"12STEP"},
    therapies={"EMDR", "FAMILY"},
)
