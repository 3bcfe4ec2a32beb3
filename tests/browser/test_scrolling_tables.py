"""A table too wide for a phone scrolls inside its box; keyboard users must be able to reach and scroll it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in_staff, phone_page
from tests.factories import CaseFactory, SubstanceUseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_a_table_scrolling_on_a_phone_is_a_named_region_the_keyboard_reaches_and_scrolls(
    browser, live_server, practice, alice
):
    case = CaseFactory(organization=practice, lead=alice, first_name="Walter", last_name="Lindqvist")
    SubstanceUseFactory(case=case, amount="a fifth of vodka and whatever beer is in the fridge")
    phone = phone_page(browser, live_server)
    log_in_staff(phone, alice)
    phone.goto(case.get_absolute_url())

    table = phone.get_by_role("region", name="Substances used (scrolls sideways)")
    assert table.evaluate("box => box.tabIndex") == 0
    table.focus()
    phone.keyboard.press("ArrowRight")
    expect(table).not_to_have_js_property("scrollLeft", 0)  # the arrow keys scroll it
    assert_no_sideways_scroll(phone)  # the table scrolls, not the page
    assert_accessible(phone)

    # Where the table fits, it is no extra tab stop.
    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(phone.locator(".table-responsive").first).not_to_have_attribute("tabindex", "0")
    assert phone.get_by_role("region", name="Substances used (scrolls sideways)").count() == 0
    phone.context.close()
