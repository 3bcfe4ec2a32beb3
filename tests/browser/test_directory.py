"""The directory admin's workflow in Chromium, with an axe scan of each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from facilities.models import BedUpdate, Facility
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def demo_data():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_directory_admin_keeps_the_directory_current(page, demo_data, celery_eager):
    log_in(page, "dana@directory.example", "demo-casework-2026")
    page.get_by_role("heading", name="Facility directory").wait_for()
    assert_accessible(page)

    page.get_by_label("Setting").select_option("RS")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**setting=RS**")
    page.get_by_role("link", name="Blue Ridge Recovery Center").first.click()
    page.get_by_role("heading", name="Blue Ridge Recovery Center").wait_for()
    assert_accessible(page)
    facility = Facility.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))

    # Quick bed update through htmx: the panel changes without a page load.
    beds = page.locator("#beds")
    beds.get_by_label("Setting").select_option("RS")
    beds.get_by_label("Beds open").fill("4")
    beds.get_by_label("How we know").select_option("phone")
    beds.get_by_label("Source").fill("Jo Park, admissions")
    page.get_by_role("button", name="Update beds").click()
    page.get_by_text("4 open · Short-term residential").wait_for()
    beds.locator("button", has_text="Confirmed by phone: 4 Short-term residential").click()
    beds.locator("details li", has_text="confirmed by phone").first.wait_for(state="attached")
    assert BedUpdate.objects.filter(facility=facility, confirmed_only=True, available=4).exists()
    page.mouse.move(0, 0)  # the swapped-in button under the pointer is mid hover transition
    page.wait_for_timeout(300)
    assert_accessible(page)

    page.get_by_role("link", name="Edit").click()
    page.get_by_role("heading", name="Edit Blue Ridge Recovery Center").wait_for()
    assert_accessible(page)
    page.get_by_label("Admissions hours").fill("Every day, 6 am to 10 pm")
    page.get_by_label("EMDR").check()
    page.get_by_role("button", name="Save facility").click()
    page.get_by_text("was saved").wait_for()
    facility.refresh_from_db()
    assert facility.admissions_hours == "Every day, 6 am to 10 pm" and "EMDR" in facility.profile_codes

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Archive").click()
    page.get_by_text("was archived").wait_for()
    page.get_by_role("button", name="Restore").click()
    page.get_by_text("was restored").wait_for()

    page.get_by_role("link", name="Facility directory", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_role("heading", name="Import facilities").wait_for()
    assert_accessible(page)
    page.get_by_label("Format").select_option("samhsa")
    page.get_by_label("File").set_input_files(str(DATA / "findtreatment-sample-2019.json"))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 30 rows").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Import 30 rows").click()
    page.get_by_text("30 new, 0 changed").wait_for()
    assert Facility.objects.filter(source="samhsa").count() == 30
    assert_accessible(page)
