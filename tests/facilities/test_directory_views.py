"""The directory's screens: directory admins edit, practice staff read, family members get 404s."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from facilities.models import BedAvailability, BedUpdate, Facility, ImportJob, PracticeRelationship
from facilities.services import facilities_import
from tests.factories import BedAvailabilityFactory, FacilityFactory, PracticeRelationshipFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
LIST = reverse("facilities:facility-list")


def url(name: str, **kwargs) -> str:
    return reverse(f"facilities:{name}", kwargs=kwargs)


@pytest.fixture
def facility():
    return FacilityFactory(name="Blue Ridge Lodge", codes=["RS", "RD", "PI", "12STEP"])


def test_directory_admin_starts_on_the_directory(client, dana):
    client.force_login(dana)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == LIST
    assert 'href="/directory/"' in client.get(LIST).content.decode()


def test_interventionist_reads_list_and_page_without_edit_controls(client, alice, facility):
    client.force_login(alice)
    listing = client.get(LIST).content.decode()
    assert "Blue Ridge Lodge" in listing and "Add a facility" not in listing
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "12-step" in page and "Short-term residential" in page
    assert url("facility-update", facility=facility.pk) not in page and "Mark verified today" not in page


def test_facility_page_names_service_groups_instead_of_codes(client, alice):
    facility = FacilityFactory(name="Named Groups", codes=["RS", "PI", "ADLT", "SA", "12STEP"])
    client.force_login(alice)
    page = client.get(facility.get_absolute_url()).content.decode()
    for name in ("Service settings", "Payment, insurance or funding accepted", "Age groups accepted", "Type of care"):
        assert f">{name}</dt>" in page
    assert "Treatment philosophy</dt>" in page
    for code in ("SET", "PAY", "AGE", "TC", "PHIL"):
        assert f">{code}</dt>" not in page


def test_interventionist_cannot_edit_archive_or_confirm_beds(client, alice, facility):
    beds = BedAvailabilityFactory(facility=facility, setting="RS", updated_at=timezone.now() - timedelta(days=5))
    client.force_login(alice)
    assert client.get(url("facility-update", facility=facility.pk)).status_code == 403
    assert client.get(url("facility-create")).status_code == 403
    assert client.post(url("facility-archive", facility=facility.pk)).status_code == 403
    assert client.post(url("beds-confirm", facility=facility.pk, beds=beds.pk)).status_code == 403
    assert client.get(url("facility-export")).status_code == 403
    assert client.get(url("import-list")).status_code == 403
    facility.refresh_from_db()
    beds.refresh_from_db()
    assert not facility.is_archived and not beds.is_fresh


def test_interventionist_records_beds_heard_on_a_call_with_the_source(client, alice, dana, facility):
    client.force_login(alice)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "Update beds" in page and "Source" in page
    post = {"setting": "RD", "available": 5, "method": "phone", "source": "Jo Park, admissions"}
    response = client.post(url("beds-update", facility=facility.pk), post)
    assert response.status_code == 302
    beds = BedAvailability.objects.get(facility=facility, setting="RD")
    assert (beds.available, beds.method, beds.source, beds.updated_by) == (5, "phone", "Jo Park, admissions", alice)
    assert BedUpdate.objects.get(facility=facility).source == "Jo Park, admissions"
    entry = LogEntry.objects.get_for_object(beds).get(action=LogEntry.Action.CREATE)
    assert entry.actor == alice
    client.force_login(dana)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "Phone call with admissions (Jo Park, admissions), recorded by Alice Alvarez" in page
    assert "Phone call with admissions: Jo Park, admissions, recorded by Alice Alvarez" in page  # the history


def test_a_bed_count_without_its_source_is_refused(client, alice, facility):
    client.force_login(alice)
    post = {"setting": "RS", "available": 5, "method": "phone", "source": ""}
    response = client.post(url("beds-update", facility=facility.pk), post, HTTP_HX_REQUEST="true")
    assert "This field is required." in response.content.decode()
    assert not facility.beds.exists()


def test_family_member_cannot_record_beds(client, carol, facility):
    client.force_login(carol)
    post = {"setting": "RS", "available": 5, "method": "phone", "source": "made up"}
    assert client.post(url("beds-update", facility=facility.pk), post).status_code == 404
    assert not facility.beds.exists()


def test_family_member_sees_nothing_of_the_directory(client, carol, facility):
    client.force_login(carol)
    assert client.get(LIST).status_code == 404
    assert client.get(facility.get_absolute_url()).status_code == 404
    assert "Facilities" not in client.get("/portal/").content.decode()


def test_mallory_gets_404(client, practice, olivia, mallory, facility):
    PracticeRelationshipFactory(organization=practice, facility=facility, kind="ownership", details="Olivia owns it")
    client.force_login(mallory)
    edit = url("relationship-edit", facility=facility.pk, org=practice.pk)
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"kind": "none", "details": ""}).status_code == 404
    assert PracticeRelationship.objects.get().kind == "ownership"
    page = client.get(facility.get_absolute_url()).content.decode()  # the directory itself is shared
    assert "Olivia owns it" not in page and "Ownership" not in page


def test_directory_admin_adds_a_facility_with_codes_and_zip_placement(client, dana):
    client.force_login(dana)
    response = client.post(
        url("facility-create"),
        {
            "name": "Piedmont Women's House",
            "facility_type": "SA",
            "postal_code": "22902",
            "codes_SET": ["RS", "RD"],
            "codes_GN": ["FEM"],
            "codes_STAFF": ["MED24"],
            "codes_THER": ["EMDR", "DBT"],
            "admissions_hours": "Every day 7-7",
            "verified": "on",
        },
    )
    facility = Facility.objects.get(name="Piedmont Women's House")
    assert response.status_code == 302 and response["Location"] == facility.get_absolute_url()
    assert facility.service_codes == {"RS", "RD", "FEM"} and facility.profile_codes == {"MED24", "EMDR", "DBT"}
    assert facility.external_id.startswith("cw-") and facility.last_verified_by == dana
    assert round(facility.latitude, 1) == 38.0 and round(facility.longitude, 1) == -78.5
    assert LogEntry.objects.get_for_object(facility).exists()


def test_editing_keeps_raw_labels_and_replaces_codes(client, dana):
    facilities_import(data=(DATA / "findtreatment-sample-2019.json").read_bytes(), format="samhsa")
    facility = Facility.objects.get(name="Addiction Recovery Systems LLC")
    raw_before = facility.raw_labels
    client.force_login(dana)
    form = client.get(url("facility-update", facility=facility.pk)).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name not in ("verified",)}
    data = {**data, **{f"codes_{c}": form.fields[f"codes_{c}"].initial for c in ("SET", "OT", "OM", "PHR", "OL", "SL")}}
    for category in ("TC", "PAY", "PYAS", "SG", "AGE", "GN", "EXCL"):
        data[f"codes_{category}"] = form.fields[f"codes_{category}"].initial
    data["codes_PHIL"] = ["HARMRED"]
    response = client.post(url("facility-update", facility=facility.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    facility = Facility.objects.get(pk=facility.pk)
    assert facility.raw_labels == raw_before
    assert {"METH", "BWN", "SP", "OTP"} <= facility.service_codes and facility.profile_codes == {"HARMRED"}


def test_form_rejects_half_a_position(client, dana):
    client.force_login(dana)
    response = client.post(url("facility-create"), {"name": "Half", "facility_type": "SA", "latitude": "38.1"})
    assert response.status_code == 200 and "both latitude and longitude" in response.content.decode()


def test_archive_and_restore(client, dana, facility):
    client.force_login(dana)
    client.post(url("facility-archive", facility=facility.pk), follow=True)  # consume the message
    facility.refresh_from_db()
    assert facility.is_archived and facility.archived_at
    assert "Blue Ridge Lodge" not in client.get(LIST).content.decode()
    assert "Blue Ridge Lodge" in client.get(LIST, {"archived": "archived"}).content.decode()
    client.post(url("facility-archive", facility=facility.pk), {"archived": "no"})
    facility.refresh_from_db()
    assert not facility.is_archived


def test_quick_bed_update_with_htmx_returns_the_beds_panel(client, dana, facility):
    client.force_login(dana)
    response = client.post(
        url("beds-update", facility=facility.pk),
        {"setting": "RS", "available": 4, "method": "email", "source": "Weekly email from admissions"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.templates[0].name == "facilities/partials/_beds.html"
    beds = BedAvailability.objects.get(facility=facility, setting="RS")
    assert (beds.available, beds.method, beds.updated_by) == (4, "email", dana)
    assert "4 open" in response.content.decode()
    assert BedUpdate.objects.filter(facility=facility, available=4, by=dana).exists()


def test_confirmed_by_phone_refreshes_the_figure_and_logs_who_confirmed(client, dana, facility):
    old = timezone.now() - timedelta(hours=100)
    beds = BedAvailabilityFactory(facility=facility, setting="RS", available=2, method="email", updated_at=old)
    assert not beds.is_fresh
    client.force_login(dana)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "Unconfirmed" in page
    response = client.post(url("beds-confirm", facility=facility.pk, beds=beds.pk), HTTP_HX_REQUEST="true")
    beds.refresh_from_db()
    assert beds.is_fresh and beds.method == "phone" and beds.updated_by == dana and beds.available == 2
    log = BedUpdate.objects.get(facility=facility)
    assert (log.confirmed_only, log.by, log.available, log.setting) == (True, dana, 2, "RS")
    assert "Unconfirmed" not in response.content.decode()


def test_beds_of_another_facility_cannot_be_confirmed_through_this_one(client, dana, facility):
    other = BedAvailabilityFactory(setting="RS")
    client.force_login(dana)
    assert client.post(url("beds-confirm", facility=facility.pk, beds=other.pk)).status_code == 404


def test_stale_badge_and_filter(client, alice):
    FacilityFactory(name="Old Entry", last_verified_at=timezone.now() - timedelta(days=181))
    FacilityFactory(name="Never Checked", last_verified_at=None)
    FacilityFactory(name="Fresh Entry")
    client.force_login(alice)
    page = client.get(LIST, {"stale": "true"}).content.decode()
    assert "Old Entry" in page and "Never Checked" in page and "Fresh Entry" not in page
    assert page.count("badge badge-stale") == 2


def test_filters_by_code_and_text(client, alice, facility):
    FacilityFactory(name="Outpatient Only", codes=["OP", "MD"])
    client.force_login(alice)
    page = client.get(LIST, {"setting": "RS"}).content.decode()
    assert "Blue Ridge Lodge" in page and "Outpatient Only" not in page
    page = client.get(LIST, {"payment": "MD", "q": "outpatient"}).content.decode()
    assert "Outpatient Only" in page and "Blue Ridge Lodge" not in page


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_is_constant(client, alice, django_assert_max_num_queries, rows):
    for _ in range(rows):
        facility = FacilityFactory(codes=["RS", "PI"])
        BedAvailabilityFactory(facility=facility)
    client.force_login(alice)
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    assert response.status_code == 200


def test_owner_records_the_practice_relationship(client, practice, olivia, alice, facility):
    edit = url("relationship-edit", facility=facility.pk, org=practice.pk)
    client.force_login(alice)
    assert client.post(edit, {"kind": "ownership"}).status_code == 403
    client.force_login(olivia)
    response = client.post(edit, {"kind": "paid_consulting", "details": "Olivia consults monthly"})
    assert response.status_code == 302
    relationship = PracticeRelationship.objects.get(organization=practice, facility=facility)
    assert (relationship.kind, relationship.recorded_by) == ("paid_consulting", olivia)
    client.force_login(alice)
    assert "Olivia consults monthly" in client.get(facility.get_absolute_url()).content.decode()


def test_export_downloads_native_csv_that_imports_back(client, dana, facility):
    client.force_login(dana)
    response = client.get(url("facility-export"))
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert b"Blue Ridge Lodge" in body
    assert facilities_import(data=body, format="native").unchanged == 1


def test_browser_import_checks_then_imports(client, dana, celery_eager, django_capture_on_commit_callbacks):
    client.force_login(dana)
    upload = SimpleUploadedFile("sample.json", (DATA / "findtreatment-sample-2019.json").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("import-list"), {"format": "samhsa", "file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "ready" and job.report["created"] == 30 and not Facility.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Import 30 rows" in page and "Region Ten Community Services Board" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import-confirm", job=job.pk))
    job.refresh_from_db()
    assert job.status == "done" and Facility.objects.count() == 30
    assert client.post(url("import-confirm", job=job.pk)).status_code == 302  # a second click imports nothing
    assert Facility.objects.count() == 30


def test_browser_import_of_a_bad_file_lists_every_bad_row(
    client, dana, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(dana)
    upload = SimpleUploadedFile("bad.csv", (DATA / "native-bad-rows.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import-list"), {"format": "native", "file": upload})
    job = ImportJob.objects.get()
    job.refresh_from_db()
    assert job.status == "invalid"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "6 errors: nothing was written" in page and "line 7" in page and "Import 1" not in page
    client.post(url("import-confirm", job=job.pk))
    assert not Facility.objects.exists()


def test_interventionist_cannot_see_imports(client, alice, dana):
    job = ImportJob.objects.create(
        format="native", file=SimpleUploadedFile("x.csv", b""), filename="x.csv", created_by=dana
    )
    client.force_login(alice)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_form_refuses_bad_state_zip_costs_and_coordinates_with_field_errors(client, dana):
    client.force_login(dana)
    data = {
        "name": "Odd Place",
        "facility_type": "SA",
        "state": "Virginia",
        "postal_code": "1",
        "cost_min": "5000",
        "cost_max": "100",
        "latitude": "123",
        "longitude": "-78.5",
    }
    response = client.post(url("facility-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"state", "postal_code", "cost_max", "latitude"}
    assert "violated" not in response.content.decode()
    assert not Facility.objects.filter(name="Odd Place").exists()
