"""An interventionist builds a case summary, watches it build, downloads the PDF; every page passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interventions.disclosure import REDISCLOSURE_NOTICE_SHORT, Category
from tests import services
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, CaseFactory, CaseNoteFactory
from tests.interventions.conftest import consent, flat, pdf_text, summary_queue  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


@pytest.mark.services("redis", "worker", "pdftotext")
def test_build_watch_and_download_a_summary(page, practice, alice, summary_queue):  # noqa: F811
    case = CaseFactory(organization=practice, lead=alice, first_name="Jordan", last_name="Reyes")
    CaseNoteFactory(case=case, text="Family meeting planned for Saturday.")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Caseload").wait_for()

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Build summary").click()
    page.get_by_role("heading", name="Case summaries of Jordan Reyes").wait_for()
    assert_accessible(page)
    page.get_by_label("Clinical (interventionist and treatment team)").check()
    page.get_by_role("button", name="Build summary").click()

    # No worker yet: the page shows the build waiting, and keeps polling.
    page.get_by_text("Waiting for a worker to start the build").wait_for()
    assert page.get_by_role("progressbar", name="Summary build progress").is_visible()
    assert_accessible(page)

    with services.worker_process(queue=summary_queue):
        download_link = page.get_by_role("link", name="Download the PDF")
        download_link.wait_for(timeout=60_000)
    assert page.locator("#summary-status").get_attribute("data-status") == "ready"
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"{case.reference}-clinical-summary-")
    with open(download.path(), "rb") as handle:
        words = flat(pdf_text(handle.read()))
    assert "Family meeting planned for Saturday." in words and REDISCLOSURE_NOTICE_SHORT in words

    page.get_by_role("link", name="All summaries of this case").click()
    page.get_by_role("cell", name="Alice Alvarez").wait_for()
    assert_accessible(page)


def test_a_family_member_asks_for_their_summary_from_the_portal_link(page, practice, alice, carol, consent):  # noqa: F811
    case = CaseFactory(organization=practice, lead=alice, first_name="Jordan", last_name="Reyes")
    consent.grant(carol, case, Category.STAGE_AND_STATUS)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(carol.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/")

    page.goto(reverse("interventions:family-summary", kwargs={"case": case.pk}))
    page.get_by_role("heading", name="Family summary of Jordan Reyes’s case").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Prepare my summary").click()
    page.get_by_text("Waiting for a worker to start the build").wait_for()
    assert_accessible(page)
    summary = case.summaries.get()
    assert (summary.version, summary.recipient) == ("family", carol)
