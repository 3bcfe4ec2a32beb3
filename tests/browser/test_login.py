"""Log in as a person would, in Debian's Chromium, and scan each page with axe."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_interventionist_logs_in_and_reaches_the_start_page(page, demo_data):
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    log_in(page, "alice@harbor.example", "demo-casework-2026")
    page.get_by_role("heading", name="Caseload").wait_for()
    assert_accessible(page)


def test_wrong_password_shows_the_error(page, demo_data):
    log_in(page, "alice@harbor.example", "not-the-password")
    page.get_by_text("not correct").wait_for()
    assert "/accounts/login/" in page.url
    assert_accessible(page)


def test_login_works_with_the_keyboard_alone(page, demo_data):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("Email").focus()
    page.keyboard.type("alice@harbor.example")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-casework-2026")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Caseload").wait_for()
