"""The person signs a consent on a phone: the page fits 390 px, passes axe, and signing leads to the thank-you page;
the link then shows the neutral page, accessible too."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from consents.models import Consent
from consents.services import signing as services
from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in_staff, phone_page
from tests.factories import CaseFactory, ConsentFactory, FacilityFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def test_signing_on_a_phone(browser, live_server, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Chen")
    facility = FacilityFactory(name="Blue Ridge Lodge for Extraordinarily Long Named Recovery Programs")
    consent = ConsentFactory(
        recipient=facility,
        case=case,
        categories=["identity_and_contact", "substance_use_and_assessment", "insurance"],
        signature_method=Consent.Method.E_SIGN,
        signed_name="",
        signed_on=None,
        witness_name="",
        created_by=alice,
    )
    request = services.signing_request_send(consent=consent, email="sam@example.net", by=alice)
    services.signing_email_send(request_id=request.pk)
    token = re.search(r"/sign/([^/\s]+)/", mail.outbox[-1].body).group(1)

    page = phone_page(browser, live_server)
    page.goto(f"/sign/{token}/")
    page.get_by_role("heading", name="Review and sign a form").wait_for()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Sign the consent").click()
    page.get_by_text("Tick the box to say you agree to sign.").wait_for()
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Sam Chen")
    page.get_by_label("I have read this consent and I agree to sign it").check()
    page.get_by_role("button", name="Sign the consent").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    consent.refresh_from_db()
    assert consent.signed_name == "Sam Chen" and consent.is_active

    page.goto(f"/sign/{token}/")
    page.get_by_role("heading", name="This link cannot be used").wait_for()
    assert_no_sideways_scroll(page)
    assert_accessible(page)


def test_staff_see_the_signing_links_on_a_phone(browser, live_server, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Chen")
    facility = FacilityFactory(name="Cedar House")
    consent = ConsentFactory(
        recipient=facility,
        case=case,
        signature_method=Consent.Method.E_SIGN,
        signed_name="",
        signed_on=None,
        witness_name="",
        created_by=alice,
    )
    services.signing_request_send(consent=consent, email="sam.a.very.long.address@example.net", by=alice)
    page = phone_page(browser, live_server)
    log_in_staff(page, alice)
    page.goto(consent.get_absolute_url())
    page.get_by_role("heading", name="Signing links").wait_for()
    assert page.get_by_role("button", name="Revoke the link").is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send a new link").click()
    page.get_by_text("Signing link sent to").wait_for()
    assert_accessible(page)
