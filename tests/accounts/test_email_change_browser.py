"""Changing the login email in the browser: from the user menu, past the password, on pages in the project's look."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_a_staff_member_asks_to_change_the_email_and_sees_it_waiting(page, alice):
    log_in_staff(page, alice)
    page.get_by_role("button", name=str(alice)).click()
    page.get_by_role("link", name="Email address").click()
    page.get_by_role("heading", name="Email address", exact=True).wait_for()
    page.get_by_text(alice.email).first.wait_for()
    assert_accessible(page)
    page.get_by_label("New email address").fill("alice.new@example.net")
    page.get_by_role("button", name="Send a link to the new address").click()
    page.get_by_label("Password").fill(PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Changing to").wait_for()
    assert "alice.new@example.net" in page.locator("#pending-email-status").inner_text()
    assert_accessible(page)
