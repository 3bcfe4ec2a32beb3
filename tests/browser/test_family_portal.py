"""The family journey in Debian's Chromium: invite, accept, tick without reload, draft and submit a letter, changes
requested, edit, approval; the stage appears in the portal only once a consent is recorded; axe on every page;
the portal at a phone's width (375 px) with a screenshot under test-results/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone

from config.celery import app as celery_app
from demo.context import SeedContext
from demo.families import house_templates, library
from families.models import ImpactLetter
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, CaseFactory, FamilyMemberFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def setting(practice, alice):
    context = SeedContext()
    library(context)
    house_templates(context)
    # The email task runs in process here (no worker in this test); the service still queues it on commit.
    was_eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    case = CaseFactory(organization=practice, lead=alice, stage="planning", first_name="Sam", last_name="Rivera")
    member = FamilyMemberFactory(case=case, name="Dan Rivera", relationship="brother", email="dan@example.net")
    yield case, member
    celery_app.conf.task_always_eager = was_eager


def family_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_family_journey(page, browser, live_server, setting):
    case, member = setting
    log_in(page, case.lead.email, PASSWORD)
    page.goto(member.get_absolute_url())
    page.get_by_label("Checklist template").select_option(label="Johnson intervention preparation (Johnson model)")
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("button", name="Invite to the portal").click()
    page.get_by_text("Invitation emailed").wait_for()
    assert_accessible(page)

    link = re.search(r"https?://\S+/portal/invitations/\S+/", mail.outbox[-1].body).group(0)
    family = family_page(browser, live_server)
    family.goto(urlparse(link).path)
    assert_accessible(family)
    family.get_by_label("Choose a password").fill(PASSWORD)
    family.get_by_label("Password again").fill(PASSWORD)
    family.get_by_role("button", name="Create my account").click()
    family.get_by_role("heading", name="Supporting Sam").wait_for()
    assert "Where things stand" not in family.content()  # no consent yet: no stage
    assert_accessible(family)

    # Tick an item: the row and the progress change, the page does not reload.
    family.evaluate("window.__noReload = true")
    first_item = family.get_by_label("Read: What happens at an intervention")
    first_item.check()
    family.get_by_text("1 of 7").wait_for()
    assert family.evaluate("window.__noReload") is True
    assert family.get_by_label("Read: What happens at an intervention").is_checked()

    # Draft (autosaved) and submit the letter.
    family.get_by_role("link", name="My letter").first.click()
    family.get_by_label("Your letter").fill("Dear Sam, I remember the summer at the lake.")
    family.get_by_text("Saved automatically").wait_for()
    assert_accessible(family)
    family.get_by_role("button", name="Submit for review").click()
    family.get_by_text("Submitted for review").first.wait_for()

    # The interventionist asks for a change.
    letter = ImpactLetter.objects.get(member=member)
    page.goto(letter.get_absolute_url())
    page.get_by_label("Changes requested").check()
    page.get_by_label("Comment for the writer").fill("Please end with your request to Sam.")
    page.get_by_role("button", name="Send review").click()
    page.get_by_text("Review sent").wait_for()
    assert_accessible(page)

    # The family member edits and submits again.
    family.reload()
    family.get_by_text("Please end with your request to Sam.").wait_for()
    family.get_by_label("Your letter").fill("Dear Sam, I remember the lake. Will you accept help today?")
    family.get_by_text("Saved automatically").wait_for()
    family.get_by_role("button", name="Submit for review").click()
    family.get_by_text("Submitted for review").first.wait_for()

    # The interventionist approves.
    page.goto(letter.get_absolute_url())
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Send review").click()
    page.get_by_text("Review sent").wait_for()
    letter.refresh_from_db()
    assert letter.status == "approved"

    # The stage shows only after a consent naming Dan is recorded.
    family.goto(member.get_portal_url())
    assert "Where things stand" not in family.content()
    page.goto(f"/cases/{case.pk}/consents/new/")
    page.get_by_role("radio", name="Family member").check()
    page.get_by_label("Which family member").select_option(label=f"{member.name} ({member.relationship})")
    page.get_by_label("Stage and status of the case").check()
    page.get_by_label("Purpose").fill("To keep my family informed.")
    page.get_by_label("Expiry date (if it expires on a date)").fill(
        (timezone.localdate() + timezone.timedelta(days=90)).isoformat()
    )
    page.get_by_label("may revoke this consent").check()
    page.get_by_label("not conditioned on signing").check()
    page.get_by_label("Signature (the typed name").fill("Sam Rivera")
    page.get_by_label("Date signed").fill(timezone.localdate().isoformat())
    page.get_by_role("textbox", name="Witness").fill("Alice Alvarez")
    assert_accessible(page)
    page.get_by_role("button", name="Record the consent").click()
    page.get_by_text("Consent recorded").wait_for()
    assert_accessible(page)

    family.goto(member.get_portal_url())
    family.get_by_text("Current stage").wait_for()
    assert "Planning" in family.content() and "42 CFR part 2" in family.content()
    assert_accessible(family)
    assert family.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling on a phone
    RESULTS.mkdir(exist_ok=True)
    shot = RESULTS / "family-portal-375px.png"
    family.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    print(f"portal screenshot at 375 px: {shot}")  # noqa: T201
    family.context.close()
