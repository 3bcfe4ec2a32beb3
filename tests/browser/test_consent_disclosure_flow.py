"""The consent-to-disclosure workflow in a practice on Mountain time: a referral to a facility is refused without a
consent and links to the form; the consent is sent to be signed on a phone; the referral then goes with its packet
(the PDF emailed to admissions holds what the consent covers, nothing else); the accounting of disclosures lists it;
once the consent is revoked the packet cannot be sent again."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail

from interventions.models import Stage
from interventions.services import Administered, assessment_create
from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in_staff, phone_page
from tests.factories import CaseFactory, FacilityFactory, SubstanceUseFactory

pytestmark = [pytest.mark.services("browser", "pdftotext"), pytest.mark.django_db(transaction=True)]


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_a_referral_waits_for_a_signed_consent_goes_with_its_packet_and_stops_on_revocation(
    browser, live_server, page, practice, alice, celery_eager
):
    practice.time_zone = "America/Denver"
    practice.save()
    case = CaseFactory(
        organization=practice,
        lead=alice,
        stage=Stage.PLANNING,
        first_name="Sam",
        last_name="Chen",
        sex="male",
        payer="PI",
        insurance_plan="Gold PPO",
        member_id="MEM-48213",
        postal_code="22902",
        date_of_birth=dt.date(1990, 4, 2),
        preferred_language="EN",
    )
    SubstanceUseFactory(case=case, substance="fentanyl", amount="half a gram a day")
    assessment_create(
        case=case,
        by=alice,
        ratings={1: 3, 2: 2, 3: 2, 4: 2, 5: 3, 6: 2},
        administered=[Administered("AUDIT", [4, 4, 4, 2, 2, 2, 2, 2, 2, 2])],
        substance_use="Fentanyl daily, escalating",
    )
    facility = FacilityFactory(
        name="Front Range Recovery",
        admissions_email="admissions@frontrange.example",
        codes=["RS", "PI", "ADLT", "MALE"],
    )

    # 1. Sending the referral is refused, with a link to record a consent for the facility.
    log_in_staff(page, alice)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Find facilities").click()
    page.get_by_role("heading", name="Facility matches for Sam Chen").wait_for()
    page.get_by_label("Refer to Front Range Recovery").check()
    page.get_by_role("button", name="Send referrals").click()
    refusal = page.get_by_text("no active consent of the person covers identity and contact for Front Range Recovery")
    refusal.wait_for()
    assert not case.referrals.exists()
    assert_accessible(page)
    link = page.locator(f"a[href$='/consents/new/?facility={facility.pk}']")
    assert "consent" in link.inner_text().lower()
    link.click()
    page.get_by_role("button", name="Record the consent").wait_for()
    assert page.get_by_role("radio", name="Facility").is_checked()
    assert page.get_by_role("checkbox", name="Front Range Recovery").is_checked()
    page.get_by_label("Identity and contact").check()
    page.get_by_label("Insurance").check()
    page.get_by_role("radio", name="On an event").check()
    page.get_by_label("Expiry event (if it expires on an event)").select_option(
        label="A number of days after discharge"
    )
    page.get_by_label("Days after discharge").fill("90")
    page.get_by_label("may revoke this consent").check()
    page.get_by_label("not conditioned on signing").check()
    page.get_by_role("radio", name="Signed electronically through a link").check()
    page.get_by_label("Send the signing link to").fill("sam.chen@example.net")
    assert_accessible(page)
    page.get_by_role("button", name="Record the consent").click()
    page.get_by_role("heading", name=re.compile("Consent to disclose to Front Range Recovery")).wait_for()
    page.get_by_text("Awaiting signature").first.wait_for()
    consent_url = page.url

    # 2. Sam signs on a phone through the link in the email.
    (invitation,) = [m for m in mail.outbox if "sam.chen@example.net" in m.to]
    token = re.search(r"/sign/([^/\s]+)/", invitation.body).group(1)
    phone = phone_page(browser, live_server)
    phone.goto(f"/sign/{token}/")
    phone.get_by_role("heading", name="Review and sign a form").wait_for()
    assert phone.get_by_text("Front Range Recovery").first.is_visible()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.get_by_label("Your full name").fill("Sam Chen")
    phone.get_by_label("I have read this consent and I agree to sign it").check()
    phone.get_by_role("button", name="Sign the consent").click()
    phone.get_by_role("heading", name="Thank you").wait_for()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    phone.context.close()

    # 3. The consent is active; the referral goes, its packet emailed with the PDF.
    page.goto(consent_url)
    page.get_by_text("Active until: 90 days after discharge", exact=False).first.wait_for()
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Find facilities").click()
    page.get_by_label("Refer to Front Range Recovery").check()
    page.get_by_role("button", name="Send referrals").click()
    page.get_by_text("Referral sent to").wait_for()
    page.locator("a[href*='/referrals/']", has_text="Front Range Recovery").first.click()
    page.get_by_role("heading", name="Referral of Sam Chen to Front Range Recovery").wait_for()
    packets = page.get_by_role("table", name="Packets sent to Front Range Recovery with this referral")
    packets.get_by_text("Emailed").wait_for()
    assert packets.get_by_text("admissions@frontrange.example").is_visible()
    assert re.search(r"M[SD]T", packets.inner_text()), packets.inner_text()
    assert_accessible(page)
    referral_url = page.url

    (packet_email,) = [m for m in mail.outbox if "admissions@frontrange.example" in m.to]
    ((name, pdf, mimetype),) = packet_email.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    text = pdf_text(pdf)
    assert "Sam Chen" in text and "MEM-48213" in text
    assert "fentanyl" not in text.lower() and "AUDIT" not in text

    # 4. The accounting of disclosures lists the packet, to the facility at its admissions address.
    page.goto(f"/cases/{case.pk}/disclosures/")
    page.get_by_role("heading", name="Accounting of disclosures").wait_for()
    row = page.get_by_role("row", name=re.compile("Front Range Recovery"))
    assert row.count() == 1
    assert "admissions@frontrange.example" in row.inner_text()
    assert "packet" in row.inner_text().lower()
    assert_accessible(page)
    narrow = phone_page(browser, live_server)
    log_in_staff(narrow, alice)
    narrow.goto(f"/cases/{case.pk}/disclosures/")
    narrow.get_by_role("heading", name="Accounting of disclosures").wait_for()
    assert_no_sideways_scroll(narrow)
    assert_accessible(narrow)
    narrow.context.close()

    # 5. Sam revokes the consent by phone; the packet cannot be sent again.
    page.goto(consent_url)
    page.get_by_label("Who asked to revoke it").fill("Sam Chen, by phone")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke now").click()
    page.get_by_text("asked by Sam Chen, by phone").wait_for()
    page.goto(referral_url)
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Send the packet again").click()
    page.get_by_text(
        "Nothing was sent: no active consent of the person covers identity and contact for Front Range Recovery"
    ).wait_for()
    assert asked == ["Send the referral packet to Front Range Recovery now?"]
    assert page.get_by_role("link", name="Record a consent for Front Range Recovery").is_visible()
    assert_accessible(page)
    assert len([m for m in mail.outbox if "admissions@frontrange.example" in m.to]) == 1
