"""The two writers of an import give the same directory: COPY and set-based SQL on PostgreSQL, the ORM's bulk
writes elsewhere (SQLite, `make run`). Each test runs with both (on SQLite, `sql` is the ORM writer again)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, transaction

from facilities import import_sql
from facilities.models import Facility, FacilityService
from facilities.services import facilities_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = (DATA / "findtreatment-sample-2019.json").read_bytes()
REGION_TEN = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"


@pytest.fixture(params=["sql", "orm"])
def writer(request, monkeypatch):
    if request.param == "orm":
        monkeypatch.setattr(import_sql, "supports", lambda records: False)
    return request.param


def counts(report) -> tuple[int, int, int]:
    return report.created, report.updated, report.unchanged


def services_of(external_id: str) -> set[tuple[str, str, str]]:
    return set(
        FacilityService.objects.filter(facility__external_id=external_id).values_list("category", "code", "label")
    )


def with_region_ten(change) -> bytes:
    document = json.loads(SAMPLE)
    row = next(row for row in document["rows"] if row["frid"] == REGION_TEN)
    change(row)
    return json.dumps(document).encode()


def test_new_facilities_keep_the_order_of_the_file(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    order = [row["frid"] for row in json.loads(SAMPLE)["rows"]]
    assert list(Facility.objects.order_by("pk").values_list("external_id", flat=True)) == order


def test_a_facility_whose_codes_alone_changed_is_updated(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    FacilityService.objects.create(
        facility=Facility.objects.get(external_id=REGION_TEN), category="PHIL", code="12STEP"
    )

    def drop_languages(row):
        row["services"] = [item for item in row["services"] if item["f2"] not in ("SL", "OL")]
        row["services"].append({"f1": "Language Services", "f2": "OL", "f3": "Spanish"})

    report = facilities_import(data=with_region_ten(drop_languages), format="samhsa")
    assert counts(report) == (0, 1, 29)
    services = services_of(REGION_TEN)
    assert ("SL", "SP", "") in services and ("PHIL", "12STEP", "") in services


def test_a_native_file_owns_every_category_of_the_facilities_it_changes(writer):
    facilities_import(data=(DATA / "native-good.csv").read_bytes(), format="native")
    lodge = Facility.objects.get(external_id="cw-blue-ridge")
    FacilityService.objects.create(facility=lodge, category="ZZZ", label="Added by hand")
    report = facilities_import(data=(DATA / "native-good.csv").read_bytes(), format="native")
    assert report.updated == 1
    assert ("ZZZ", "", "Added by hand") not in services_of("cw-blue-ridge")


def test_a_dry_run_counts_new_changed_and_unchanged_and_writes_nothing(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    Facility.objects.filter(external_id=REGION_TEN).update(name2="Old name")
    Facility.objects.exclude(external_id=REGION_TEN).order_by("pk").first().delete()
    before = sorted(Facility.objects.values_list("external_id", "name2", "updated_at"))
    report = facilities_import(data=SAMPLE, format="samhsa", dry_run=True)
    assert counts(report) == (1, 1, 28) and not report.written
    assert sorted(Facility.objects.values_list("external_id", "name2", "updated_at")) == before


def test_unchanged_facilities_are_not_written(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    stamps = dict(Facility.objects.values_list("external_id", "updated_at"))
    report = facilities_import(data=with_region_ten(lambda row: row.update(name2="Mohr Centre")), format="samhsa")
    assert counts(report) == (0, 1, 29)
    after = dict(Facility.objects.values_list("external_id", "updated_at"))
    assert [key for key in stamps if after[key] != stamps[key]] == [REGION_TEN]


def test_progress_ends_once_with_every_row(writer):
    calls: list[tuple[int, int]] = []
    facilities_import(data=SAMPLE, format="samhsa", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (30, 30) and calls.count((30, 30)) == 1
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.services("postgres")
def test_an_import_inside_a_request_keeps_the_request_statement_timeout():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '7s'")
        facilities_import(data=SAMPLE, format="samhsa")
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "7s"
