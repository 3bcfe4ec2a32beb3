"""Two-step sign-in in the browser: an owner is led to set it up, on pages in the project's look."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_an_owner_is_led_through_setting_up_an_authenticator_app(page, settings, olivia):
    settings.MFA_REQUIRED_FOR_OWNERS = True
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, olivia.email)
    page.get_by_role("heading", name="Two-step sign-in").wait_for()
    page.get_by_text("must use two-step sign-in").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Activate").click()
    page.get_by_role("img").first.wait_for()
    page.get_by_label("Authenticator code").wait_for()
    assert_accessible(page)
