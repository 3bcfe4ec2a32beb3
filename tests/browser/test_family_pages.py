"""The demo family pages, staff side and portal side, each scanned with axe."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Organization, User
from consents.models import Consent
from families.models import FamilyMember
from interventions.models import Case
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    harbor = Organization.objects.get(name="Harbor Intervention Group")
    alice = User.objects.get(email="alice@harbor.example")
    # The families seed gives the first two Harbor cases their family (carol is on both).
    cases = list(Case.objects.filter(organization=harbor).order_by("pk")[:2])
    assert cases[0].lead == alice
    return cases


def test_staff_family_pages_are_accessible(page, demo):
    case = demo[0]
    log_in(page, "alice@harbor.example", "demo-casework-2026")
    page.get_by_role("heading", name="Caseload").wait_for()
    for url in (
        case.get_absolute_url(),
        f"/cases/{case.pk}/family/",
        f"/cases/{case.pk}/family/disclosures/",
        f"/cases/{case.pk}/family/letters/print/",
        "/checklists/",
        "/portal/library/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("heading", name="Family and friends").wait_for()
    for consent in Consent.objects.filter(case=case):
        page.goto(consent.get_absolute_url())
        assert_accessible(page)


def test_portal_pages_are_accessible_and_cases_stay_separate(page, demo):
    log_in(page, "carol@family.example", "demo-casework-2026")
    page.get_by_role("heading", name="Welcome, Carol Chen").wait_for()
    assert_accessible(page)
    for member in FamilyMember.objects.filter(user__email="carol@family.example"):
        page.goto(member.get_portal_url())
        assert_accessible(page)
    first = FamilyMember.objects.get(case=demo[0], user__email="carol@family.example")
    page.goto(first.get_portal_url())
    page.get_by_text("Current stage").wait_for()
    page.get_by_role("link", name="the consent").click()
    assert_accessible(page)
    page.goto("/portal/library/")
    page.get_by_role("link", name="How to write your impact letter").first.click()
    page.get_by_role("heading", name="How to write your impact letter").wait_for()
    assert_accessible(page)
    page.goto(f"/cases/{first.case_id}/")
    assert "Page not found" in page.content() or "not found" in page.content().lower()
