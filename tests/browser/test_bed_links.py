"""A directory admin sends a facility its bed-confirmation link; the facility's admissions contact answers on a
phone (390 px, no account); the facility page then shows the new count as confirmed by the facility. axe clean."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from facilities.models import BedAvailability
from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page
from tests.factories import BedAvailabilityFactory, FacilityFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_a_facility_confirms_its_beds_through_its_link_on_a_phone(browser, live_server, page, dana, celery_eager):
    lodge = FacilityFactory(
        name="Blue Ridge Lodge for Extraordinarily Long Named Recovery Programs",
        codes=["RS", "RD"],
        admissions_email="admissions@blueridge.example",
        admissions_hours="Mon-Fri 9-5",
    )
    BedAvailabilityFactory(facility=lodge, setting="RS", available=1)

    log_in(page, dana.email)
    page.get_by_role("heading", name="Facility directory").wait_for()
    page.goto(lodge.get_absolute_url())
    page.get_by_role("link", name="Send a bed-confirmation link").click()
    page.get_by_role("heading", name="Send a bed-confirmation link").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Send the link to admissions@blueridge.example").click()
    page.get_by_text("A bed-confirmation link is on its way to admissions@blueridge.example").wait_for()
    page.get_by_text("Asked 1 time since").wait_for()
    assert_accessible(page)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["admissions@blueridge.example"]
    token = re.search(r"/beds/confirm/([^/\s]+)/", mail.outbox[0].body).group(1)

    phone = phone_page(browser, live_server)
    phone.goto(f"/directory/beds/confirm/{token}/")
    phone.get_by_role("heading", name="Confirm your open beds").wait_for()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name="Confirm these figures").click()
    phone.get_by_text("Type your name: we show who confirmed the beds.").first.wait_for()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.get_by_label("Short-term residential: open beds").fill("5")
    phone.get_by_label("Your name").fill("Jo Park")
    phone.get_by_role("button", name="Confirm these figures").click()
    phone.get_by_role("heading", name="Thank you").wait_for()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.goto(f"/directory/beds/confirm/{token}/")
    phone.get_by_role("heading", name="This link cannot be used").wait_for()
    assert_accessible(phone)
    phone.context.close()

    beds = BedAvailability.objects.get(facility=lodge, setting="RS")
    assert beds.available == 5 and beds.method == "facility"
    page.goto(lodge.get_absolute_url())
    figures = page.locator("#beds")
    figures.get_by_text("5 open · Short-term residential").wait_for()
    figures.locator("div.small", has_text="Confirmed by the facility (Jo Park)").wait_for()
    page.get_by_text("Beds confirmed by the facility").wait_for()
    assert_accessible(page)
