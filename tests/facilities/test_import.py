"""Import and export of the directory: the real SAMHSA sample, bad files, warnings, upserts, round trips."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from facilities.formats import write_native
from facilities.models import Facility, FacilityService
from facilities.queries import export_queryset
from facilities.services import facilities_import
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "findtreatment-sample-2019.json"
REGION_TEN = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"


def import_file(name: str, format: str, **kwargs):  # noqa: A002
    return facilities_import(data=(DATA / name).read_bytes(), format=format, **kwargs)


def snapshot() -> list[tuple]:
    facilities = [tuple(row.values()) for row in Facility.objects.order_by("external_id").values()]
    services = sorted(FacilityService.objects.values_list("facility__external_id", "category", "code", "label"))
    return facilities + services


def test_the_samhsa_sample_imports_30_facilities():
    report = import_file(SAMPLE.name, "samhsa")
    assert report.ok and report.written
    assert (report.total, report.created, report.updated, report.unchanged) == (30, 30, 0, 0)
    assert Facility.objects.count() == 30
    assert set(Facility.objects.values_list("source", flat=True)) == {"samhsa"}


def test_region_ten_mohr_center_has_the_codes_of_the_file():
    import_file(SAMPLE.name, "samhsa")
    facility = Facility.objects.get(external_id=REGION_TEN)
    assert (facility.name, facility.name2, facility.postal_code) == (
        "Region Ten Community Services Board",
        "Mohr Center",
        "22902",
    )
    assert facility.latitude == Decimal("38.0282239") and facility.longitude == Decimal("-78.4725231")
    # Checked by hand against row 1 of the file: TC, SET, OT, PAY, PYAS, SG, AGE, GN.
    assert facility.service_codes == {
        "SA",
        "RES",
        "RS",
        "MOA",
        "FSA",
        "MD",
        "PI",
        "SF",
        "SS",
        "MN",
        "ADLT",
        "YAD",
        "MALE",
    }


def test_addiction_recovery_systems_maps_medications_languages_and_exclusive_services():
    import_file(SAMPLE.name, "samhsa")
    facility = Facility.objects.get(name="Addiction Recovery Systems LLC")
    codes = facility.service_codes
    # OM "Methadone used in Treatment" and PHR "Methadone" are both METH; "Buprenorphine with naloxone  (Suboxone®)"
    # (two spaces in the file) is BWN; Spanish comes under OL in 2019 but is SL's SP.
    assert {"OTP", "BU", "METH", "BWN", "SP", "BMO", "OP", "OMB"} <= codes
    assert {"WN", "PW", "MN", "SE", "GL", "VET", "CJ", "CO", "HV", "XA", "DV", "TRMA"} <= codes
    assert {"FEM", "MALE", "ADLT", "YAD", "MD", "PI", "SF"} <= codes
    assert not {"UB", "NU", "ODT"} & codes
    assert ("OT", "Methadone maintenance") in facility.raw_labels
    assert ("EXCL", "All Clients in Opioid Treatment Program") in facility.raw_labels


def test_addiction_allies_has_every_pharmacotherapy_and_its_settings():
    import_file(SAMPLE.name, "samhsa")
    codes = Facility.objects.get(name="Addiction Allies LLC").service_codes
    assert {"ACM", "DSF", "BWN", "BERI", "NXN", "VTRL", "BU", "NU", "UB", "UN"} <= codes
    assert {"OP", "ODT", "OIT", "OMB", "ORT", "DUO", "TAY", "MI"} <= codes
    assert "METH" not in codes


def test_labels_of_unmapped_categories_are_kept_as_text():
    import_file(SAMPLE.name, "samhsa")
    facility = Facility.objects.get(external_id=REGION_TEN)
    assert ("TAP", "Cognitive behavioral therapy") in facility.raw_labels


def test_importing_twice_changes_nothing():
    import_file(SAMPLE.name, "samhsa")
    before = snapshot()
    report = import_file(SAMPLE.name, "samhsa")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 30)
    assert snapshot() == before


def test_a_changed_row_updates_that_facility_and_keeps_what_the_admin_added(dana):
    import_file(SAMPLE.name, "samhsa")
    facility = Facility.objects.get(external_id=REGION_TEN)
    FacilityService.objects.create(facility=facility, category="PHIL", code="12STEP")
    facility.admissions_contact = "Pat at intake"
    facility.save()
    data = SAMPLE.read_text(encoding="utf-8").replace("Mohr Center", "Mohr Centre")
    report = facilities_import(data=data.encode(), format="samhsa")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 29)
    facility = Facility.objects.get(external_id=REGION_TEN)
    assert facility.name2 == "Mohr Centre"
    assert facility.admissions_contact == "Pat at intake"
    assert "12STEP" in facility.profile_codes and "RS" in facility.service_codes


def test_bad_samhsa_rows_are_each_reported_and_nothing_is_written():
    FacilityFactory(external_id="untouched")
    before = snapshot()
    report = import_file("samhsa-bad-rows.json", "samhsa")
    assert not report.ok and not report.written
    reasons = {(error["position"].split(" (")[0], error["reason"].split(" ")[0]) for error in report.errors}
    assert reasons == {("row 2", "no"), ("row 3", "no"), ("row 4", "latitude"), ("row 5", "longitude"), ("row 6", "id")}
    assert any("outside -180..180" in error["reason"] for error in report.errors)
    assert any("already used at row 1" in error["reason"] for error in report.errors)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [("samhsa-not-json.json", "not JSON"), ("samhsa-no-rows.json", 'no "rows"'), ("native-good.csv", "not JSON")],
)
def test_a_file_that_is_not_a_samhsa_export_is_rejected(name, message):
    report = import_file(name, "samhsa")
    assert report.errors[0]["position"] == "file" and message in report.errors[0]["reason"]
    assert not Facility.objects.exists()


def test_unknown_labels_are_warnings_kept_as_raw_text():
    report = import_file("samhsa-unknown-label.json", "samhsa")
    assert report.ok and report.created == 2
    warned = {(w["category"], w["label"]) for w in report.warnings}
    assert {("SET", "Moonlit meadow therapy"), ("ZZZ", "Something new")} <= warned
    first, second = Facility.objects.order_by("pk")
    assert ("SET", "Moonlit meadow therapy") in first.raw_labels and "RES" in first.service_codes
    assert ("ZZZ", "Something new") in second.raw_labels


def test_native_bad_rows_are_each_reported_with_line_and_reason():
    report = import_file("native-bad-rows.csv", "native")
    got = {(error["position"], error["reason"]) for error in report.errors}
    assert ("line 3", "no external id") in got
    assert ("line 4", "no name") in got
    assert ("line 5", "latitude 95 is outside -90..90") in got
    assert ("line 6", "id cw-ok is already used at line 2") in got
    assert ("line 7", "stay_min_days 'a month' is not a whole number") in got
    assert any(position == "line 8" and reason.startswith("facility_type 'XX'") for position, reason in got)
    assert not Facility.objects.exists()


def test_native_file_in_another_encoding_is_rejected():
    report = import_file("native-latin1.csv", "native")
    assert report.errors[0]["position"] == "file" and "not UTF-8" in report.errors[0]["reason"]
    assert not Facility.objects.exists()


def test_native_file_missing_columns_is_rejected():
    report = import_file("native-missing-columns.csv", "native")
    assert "lacks columns: latitude, codes_SET" in report.errors[0]["reason"]
    assert not Facility.objects.exists()


def test_native_unknown_code_is_a_warning_kept_as_text():
    report = import_file("native-unknown-code.csv", "native")
    assert report.ok and report.warnings[0]["label"] == "MOON"
    facility = Facility.objects.get()
    assert facility.service_codes == {"RS"} and ("SET", "MOON") in facility.raw_labels


def test_native_file_imports_every_field():
    import_file("native-good.csv", "native")
    lodge = Facility.objects.get(external_id="cw-blue-ridge")
    assert (lodge.stay_min_days, lodge.cost_max, lodge.cost_unit, lodge.admissions_hours) == (
        28,
        42000,
        "stay",
        "Mon-Fri 8-6",
    )
    assert lodge.profile_codes == {"12STEP", "MED24", "CBT", "FAMILY"}
    assert {"SA", "DT", "RS", "RD", "PI", "SF"} <= lodge.service_codes
    assert Facility.objects.get(external_id="cw-shen").is_archived


def test_dry_run_reports_and_writes_nothing():
    report = import_file(SAMPLE.name, "samhsa", dry_run=True)
    assert report.ok and report.created == 30 and not report.written
    assert not Facility.objects.exists()


def export() -> str:
    out = io.StringIO()
    write_native(export_queryset(), out)
    return out.getvalue()


def test_export_then_import_is_unchanged():
    import_file(SAMPLE.name, "samhsa")
    import_file("native-good.csv", "native")
    FacilityFactory(codes=["RS", "MED24", "EMDR"], notes='Quotes "inside", commas, and\na new line')
    csv_text = export()
    before = snapshot()
    report = facilities_import(data=csv_text.encode(), format="native")
    assert report.ok and report.unchanged == 34 and report.created == report.updated == 0
    assert snapshot() == before
    assert export() == csv_text


def test_export_into_an_empty_directory_recreates_it():
    import_file(SAMPLE.name, "samhsa")
    csv_text = export()
    before = snapshot()
    Facility.objects.all().delete()
    assert facilities_import(data=csv_text.encode(), format="native").created == 30
    after = snapshot()
    # Primary keys and timestamps differ; everything the file carries is the same.
    assert export() == csv_text
    assert len(after) == len(before)


def test_command_imports_with_a_progress_bar(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_facilities", str(SAMPLE), "--format", "samhsa", stdout=out, stderr=err)
    assert "30 rows: 30 new" in out.getvalue()
    assert "30/30" in err.getvalue() and "warning: unknown label" in out.getvalue()


def test_command_exits_non_zero_and_lists_every_bad_row():
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_facilities", str(DATA / "native-bad-rows.csv"), "--format", "native", stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue().count("error: line") == 6
    assert not Facility.objects.exists()


def test_command_dry_run_writes_nothing():
    out = io.StringIO()
    call_command("import_facilities", str(SAMPLE), "--format", "samhsa", "--dry-run", "--no-progress", stdout=out)
    assert "dry run" in out.getvalue() and not Facility.objects.exists()


def test_export_command_writes_a_file_that_imports_back(tmp_path):
    import_file(SAMPLE.name, "samhsa")
    target = tmp_path / "directory.csv"
    call_command("export_facilities", str(target), stderr=io.StringIO())
    report = facilities_import(data=target.read_bytes(), format="native")
    assert report.unchanged == 30
