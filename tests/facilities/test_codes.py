"""Facility.codes, which matching tests, says what the facility's service rows say after every kind of write:
both import writers (COPY and SQL on PostgreSQL, the ORM elsewhere), the edit form's save, the admin and the
migration that filled it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from facilities import import_sql
from facilities.matching import CareNeeds, rank
from facilities.models import Facility, FacilityService
from facilities.services import facilities_import, facility_save
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = (DATA / "findtreatment-sample-2019.json").read_bytes()
REGION_TEN = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"


@pytest.fixture(params=["sql", "orm"])
def writer(request, monkeypatch):
    if request.param == "orm":
        monkeypatch.setattr(import_sql, "supports", lambda records: False)
    return request.param


def rows_say() -> dict[str, set[str]]:
    result: dict[str, set[str]] = {f.external_id: set() for f in Facility.objects.all()}
    for external_id, code in FacilityService.objects.exclude(code="").values_list("facility__external_id", "code"):
        result[external_id].add(code)
    return result


def column_says() -> dict[str, set[str]]:
    return {f.external_id: set(f.codes) for f in Facility.objects.all()}


def test_an_import_fills_every_facilitys_codes(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    assert column_says() == rows_say()
    assert "RS" in column_says()[REGION_TEN]


def test_a_reimport_that_drops_a_service_drops_its_code_and_keeps_codes_added_by_hand(writer):
    facilities_import(data=SAMPLE, format="samhsa")
    facility = Facility.objects.get(external_id=REGION_TEN)
    FacilityService.objects.create(facility=facility, category="PHIL", code="12STEP")
    assert "PI" in facility.codes

    document = json.loads(SAMPLE)
    row = next(row for row in document["rows"] if row["frid"] == REGION_TEN)
    row["services"] = [item for item in row["services"] if item["f2"] != "PAY"]
    report = facilities_import(data=json.dumps(document).encode(), format="samhsa")

    assert report.updated == 1
    assert column_says() == rows_say()
    codes = column_says()[REGION_TEN]
    assert "PI" not in codes and "12STEP" in codes


def test_an_edit_that_adds_and_removes_services_changes_the_codes_and_the_match(dana):
    facility = FacilityFactory(codes=["RS", "ADLT"])
    needs = CareNeeds(level_of_care="3.5", payment="PI")
    assert rank(needs) == []

    facility_save(facility=facility, codes={"SET": ["RS"], "PAY": ["PI"], "AGE": []}, by=dana)

    assert set(Facility.objects.get(pk=facility.pk).codes) == {"RS", "PI"}
    assert column_says() == rows_say()
    assert [m.facility.pk for m in rank(needs)] == [facility.pk]
    assert rank(CareNeeds(level_of_care="3.5", age=34)) == []


@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")  # the admin's URLField
def test_a_service_added_in_the_admin_is_matched(admin_client):
    facility = FacilityFactory(codes=["RS"])
    data = {
        "external_id": facility.external_id,
        "source": facility.source,
        "name": facility.name,
        "facility_type": "SA",
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "1",
        "services-0-id": str(facility.services.get().pk),
        "services-0-facility": str(facility.pk),
        "services-0-category": "SET",
        "services-0-code": "RS",
        "services-1-facility": str(facility.pk),
        "services-1-category": "PAY",
        "services-1-code": "PI",
        "beds-TOTAL_FORMS": "0",
        "beds-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:facilities_facility_change", args=[facility.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert set(Facility.objects.get(pk=facility.pk).codes) == {"RS", "PI"}


def test_the_migration_fills_codes_from_the_service_rows():
    facilities_import(data=SAMPLE, format="samhsa")
    Facility.objects.update(codes={})
    migration = importlib.import_module("facilities.migrations.0006_facility_codes")
    migration.backfill(None, SimpleNamespace(connection=connection))
    assert column_says() == rows_say()


def test_saving_a_facility_loaded_before_its_services_changed_keeps_the_new_codes():
    from facilities import codes
    from facilities.models import Facility, FacilityService

    facility = FacilityFactory()
    stale = Facility.objects.get(pk=facility.pk)
    FacilityService.objects.create(facility=facility, category="SET", code="RD")
    codes.refresh([facility.pk])
    stale.name = "Renamed"
    stale.save()
    facility.refresh_from_db()
    assert facility.name == "Renamed"
    assert "RD" in facility.codes
