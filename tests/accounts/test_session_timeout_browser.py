"""Automatic logoff in the browser: the warning a minute before, and input kept across signing in again."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from accounts.session_timeout import LAST_ACTIVITY
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff
from tests.factories import PASSWORD, CaseFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def set_idle(page, seconds):
    """Pretend the last activity was `seconds` ago (on the server)."""
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_the_warning_offers_to_stay_signed_in(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    practice.idle_timeout_minutes = 2
    practice.save()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_staff(page, alice)
    page.clock.install()
    page.goto(case.get_absolute_url())
    set_idle(page, 65)
    page.clock.fast_forward("01:01")
    dialog = page.get_by_role("alertdialog", name="Still there?")
    dialog.wait_for()
    assert "You will be signed out in" in dialog.inner_text()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    page.reload()
    assert page.url.endswith(case.get_absolute_url())  # still signed in


def test_input_is_kept_when_the_session_ends_and_comes_back_after_signing_in(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    log_in_staff(page, alice)
    page.clock.install()
    edit_url = reverse("interventions:case-edit", kwargs={"case": case.pk})
    page.goto(edit_url)
    page.get_by_label("Presenting concern").fill("Typed before the coffee break, not yet saved.")
    set_idle(page, 31 * 60)  # the server's clock says the session is over
    page.clock.fast_forward("30:30")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_text("signed out after 30 minutes without activity").wait_for()
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{edit_url}")
    page.get_by_text("has been put back").wait_for()
    assert page.get_by_label("Presenting concern").input_value() == "Typed before the coffee break, not yet saved."
    page.reload()  # once only
    assert page.get_by_label("Presenting concern").input_value() != "Typed before the coffee break, not yet saved."
